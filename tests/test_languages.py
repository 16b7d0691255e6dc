"""Claims and sources carry their language, and full-text search reads each with that language's rules
(PostgreSQL's stemming for it; `simple`, unaccented, where it has none)."""

import json

import pytest
from django.urls import reverse

from claims.claimreview_import import import_reviews
from claims.languages import code_from_tag
from claims.models import Claim, Source
from tests.factories import make_claim
from tests.test_claimreview_import import STOPFAKE
from tests.web import logged_in

pytestmark = pytest.mark.django_db

RUSSIAN = "В Беларуси тренируются российские солдаты"


def found(terms: str) -> set[int]:
    return set(Claim.objects.search(terms).values_list("pk", flat=True))


def test_a_claim_is_searched_with_its_own_languages_rules():
    russian = make_claim(text=RUSSIAN, language="ru")
    mislabelled = make_claim(text=RUSSIAN + ".", language="en")  # English rules leave Russian words whole
    spanish = make_claim(text="Nadie, excepto nosotros, gobierna Bielorrusia", language="es")

    assert found("солдат") == {russian.pk}  # "солдаты" and "солдат" share their Russian stem
    assert found("солдаты") == {russian.pk, mislabelled.pk}
    assert found("gobernaba Bielorrusia") == set()  # a different stem
    assert found("bielorrusia gobiernan") == {spanish.pk}


def test_a_language_without_stemming_is_searched_word_for_word_without_accents():
    claim = make_claim(text="Białystok leży blisko granicy z Białorusią", language="pl")
    assert found("Bialystok") == {claim.pk}
    assert found("granica") == set()  # no Polish stemmer


def test_the_language_is_chosen_on_the_claim_form_and_the_import_form(reviewer):
    client = logged_in(reviewer)
    form = {"text": RUSSIAN, "kind": "quantity", "priority": "2", "language": "ru"}
    client.post(reverse("claims:claim-create"), form)
    assert Claim.objects.get(text=RUSSIAN).language == "ru"

    document = "El ministro dijo que 4.000 soldados llegaron a Minsk el lunes."
    client.post(reverse("claims:import"), {"text": document, "kind": "article", "language": "es"})
    source = Source.objects.get(language="es")
    candidate = source.candidates.get()
    client.post(reverse("claims:candidate-accept", args=[candidate.pk]))
    assert Claim.objects.get(candidate=candidate).language == "es"  # the source's


def test_a_claim_without_a_language_is_in_english(reviewer):
    logged_in(reviewer).post(reverse("claims:claim-create"), {"text": "Wages rose.", "kind": "other", "priority": "2"})
    assert Claim.objects.get(text="Wages rose.").language == "en"


@pytest.mark.parametrize(("tag", "code"), [("es-ES", "es"), ("ru", "ru"), ("pt_BR", "pt"), ("tlh", "xx"), ("", "xx")])
def test_language_tags_are_read(tag, code):
    assert code_from_tag(tag) == code


def test_an_imported_review_keeps_its_language():
    import_reviews(json.dumps({**STOPFAKE, "inLanguage": "ru-RU"}))
    claim = Claim.objects.get()
    assert claim.language == "ru"
    assert claim.pk in found("солдат")
