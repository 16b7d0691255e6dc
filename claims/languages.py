"""The languages claims and sources are written in, and the PostgreSQL text search configuration each is
searched with: the language's own stemming on unaccented words where PostgreSQL has one (migration
0023 makes `factcheck_<code>` for them; English is the original `factcheck`), `factcheck_simple`
(unaccented words, no stemming) for the others."""

from django.db.models import Case, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

# code, name, configuration
LANGUAGES = [
    ("en", _("English"), "factcheck"),
    ("es", _("Spanish"), "factcheck_es"),
    ("ru", _("Russian"), "factcheck_ru"),
    ("fr", _("French"), "factcheck_fr"),
    ("de", _("German"), "factcheck_de"),
    ("pt", _("Portuguese"), "factcheck_pt"),
    ("uk", _("Ukrainian"), "factcheck_simple"),
    ("be", _("Belarusian"), "factcheck_simple"),
    ("pl", _("Polish"), "factcheck_simple"),
]
OTHER = "xx"
CHOICES = [(code, name) for code, name, _config in LANGUAGES] + [(OTHER, _("Other language"))]
CONFIGS = {code: config for code, _name, config in LANGUAGES}
SIMPLE = "factcheck_simple"
STEMMED = {"es": "spanish", "ru": "russian", "fr": "french", "de": "german", "pt": "portuguese"}


def config_for(code: str) -> str:
    return CONFIGS.get(code, SIMPLE)


def all_configs() -> list[str]:
    return sorted(set(CONFIGS.values()) | {SIMPLE})


def config_of_column(column: str = "language"):
    """The configuration for each row's language, as an expression for a generated column."""
    # Each branch a constant of type regconfig: a generated column's expression must be immutable, and a
    # name read as a configuration at run time is not (it depends on the search path).
    return Case(
        *[When(**{column: code}, then=constant(config)) for code, config in CONFIGS.items()],
        default=constant(SIMPLE),
    )


def constant(config: str):
    assert config.replace("_", "").isalnum()  # a name of ours, never input
    return RawSQL(f"'{config}'::regconfig", ())  # noqa: S611 (a name of ours, checked above)


def code_from_tag(tag: str) -> str:
    """A language code from a BCP 47 tag ("es-ES", "ru"), or OTHER."""
    code = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in CONFIGS else OTHER
