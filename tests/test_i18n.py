"""The interface in two languages: a person's chosen language, the browser's for readers, and a complete
Spanish catalogue."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from claims.models import Notification, NotificationSettings
from claims.notifications import name
from tests.factories import make_claim
from tests.web import HTMX, logged_in

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def choose(user, language: str) -> None:
    NotificationSettings.objects.update_or_create(user=user, defaults={"language": language})


def test_a_person_who_chose_spanish_gets_spanish_pages(reviewer):
    choose(reviewer, "es")
    client = logged_in(reviewer)
    page = client.get(reverse("claims:notification-list")).text
    assert '<html lang="es">' in page
    assert "Mi cola" in page and "Notificaciones" in page
    assert "My queue" not in page


def test_a_person_who_chose_english_gets_english_pages_whatever_the_browser_says(reviewer):
    choose(reviewer, "en")
    client = logged_in(reviewer, HTTP_ACCEPT_LANGUAGE="es")
    page = client.get(reverse("claims:notification-list")).text
    assert '<html lang="en">' in page
    assert "My queue" in page and "Mi cola" not in page


def test_without_a_choice_a_person_gets_the_browsers_language(reviewer):
    page = logged_in(reviewer, HTTP_ACCEPT_LANGUAGE="es").get(reverse("claims:notification-list")).text
    assert "Mi cola" in page


def test_a_person_chooses_a_language_on_the_notifications_page(reviewer):
    client = logged_in(reviewer)
    response = client.post(reverse("claims:language-settings"), {"language": "es"}, follow=True)
    assert response.status_code == 200
    assert "Mi cola" in response.text
    assert NotificationSettings.objects.get(user=reviewer).language == "es"
    assert "Mi cola" in client.get(reverse("claims:dashboard")).text
    client.post(reverse("claims:language-settings"), {"language": ""})
    assert NotificationSettings.objects.get(user=reviewer).language == ""
    assert "My queue" in client.get(reverse("claims:dashboard")).text


def test_a_claim_page_in_spanish_translates_the_workflow_and_the_refusals(reviewer):
    choose(reviewer, "es")
    claim = make_claim()
    client = logged_in(reviewer)
    page = client.get(claim.get_absolute_url()).text
    for text in ["Veredicto", "Evidencias", "Cronología", "Nueva", "Empezar la investigación", "añadió la afirmación"]:
        assert text in page, text
    refused = client.post(
        reverse("claims:claim-transition", args=[claim.pk]), {"target": "not_checkable", "note": ""}, headers=HTMX
    )
    assert "Indique por qué la afirmación no puede verificarse." in refused.text


def test_form_errors_and_labels_follow_the_language(reviewer):
    choose(reviewer, "es")
    response = logged_in(reviewer).post(reverse("claims:claim-create"), {"text": ""})
    assert "Corrija los campos marcados abajo." in response.text
    assert "Quién hizo la afirmación. Un nombre nuevo crea un autor nuevo." in response.text


def test_import_refusals_follow_the_language(reviewer):
    choose(reviewer, "es")
    upload = SimpleUploadedFile("notes.doc", b"Some words.")
    page = logged_in(reviewer).post(reverse("claims:import"), {"file": upload, "kind": "article"}).text
    assert "Suba un archivo .txt, .html o .pdf, no .doc." in page


def test_notifications_and_their_emails_are_written_in_each_recipients_language(
    reviewer, second_reviewer, editor, mailoutbox
):
    choose(reviewer, "es")
    reviewer.email, editor.email = "rita@example.org", "ed@example.org"
    reviewer.save(update_fields=["email"])
    claim = make_claim()
    with TestCase.captureOnCommitCallbacks(execute=True):
        claim.assign(reviewer, by=editor)
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.text == f"{name(editor)} le asignó la afirmación {claim.pk}."
    [email] = mailoutbox
    assert "Puede silenciar estos correos en su página de notificaciones." in email.body
    claim.assign(second_reviewer, by=editor)  # no choice: the site's language
    assert Notification.objects.get(recipient=second_reviewer).text == f"{name(editor)} assigned you claim {claim.pk}."


def test_the_extractors_reasons_are_shown_in_the_language(reviewer):
    choose(reviewer, "es")
    text = "Officials said 40,000 people attended the rally on Sunday."
    page = logged_in(reviewer).post(reverse("claims:import"), {"text": text, "kind": "article"}, follow=True).text
    assert "Por qué: una cantidad, contiene una cifra" in page


def test_an_unknown_language_is_the_browsers(reviewer):
    logged_in(reviewer).post(reverse("claims:language-settings"), {"language": "xx"})
    assert NotificationSettings.objects.get(user=reviewer).language == ""


def test_the_choice_is_read_at_login_not_on_every_page(reviewer):
    choose(reviewer, "es")
    client = logged_in(reviewer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("claims:dashboard")).text
    assert "Mi cola" in page
    assert not any('"claims_notificationsettings"' in query["sql"] for query in queries.captured_queries)


def test_a_stranger_to_the_desk_cannot_choose_a_language(stranger):
    response = logged_in(stranger).post(reverse("claims:language-settings"), {"language": "es"})
    assert response.status_code == 403
    assert not NotificationSettings.objects.filter(user=stranger).exists()


def test_an_anonymous_reader_gets_the_public_pages_in_the_browsers_language(client):
    page = client.get(reverse("checks:list"), HTTP_ACCEPT_LANGUAGE="es").text
    assert '<html lang="es">' in page
    assert "Sugiera una afirmación para verificar" in page
    tip = client.get(reverse("checks:suggest"), HTTP_ACCEPT_LANGUAGE="es").text
    assert "Enviar la sugerencia" in tip
    assert "Send the suggestion" not in tip
    english = client.get(reverse("checks:list"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Suggest a claim to check" in english


def test_an_anonymous_reader_chooses_a_language_with_a_cookie(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("checks:list")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert "Sugiera una afirmación para verificar" in client.get(reverse("checks:list")).text


def test_the_public_pages_offer_the_language_form(client):
    page = client.get(reverse("checks:list")).text
    assert f'action="{reverse("set_language")}"' in page
    assert 'value="es"' in page


# The Spanish catalogue


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgstr (or the plural forms' msgstr[n]) and flags."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) "(.*)"$', line):
            field = match.group(1)
            if field.startswith("msgstr"):
                entry["msgstr"].append(match.group(2))
            else:
                entry[field] = match.group(2)
        elif line.startswith('"') and field:
            if field.startswith("msgstr"):
                entry["msgstr"][-1] += line[1:-1]
            else:
                entry[field] += line[1:-1]
    return entries


SPANISH = ROOT / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete():
    entries = [entry for entry in po_entries(SPANISH / "django.po") if entry["msgid"]]  # not the header
    assert len(entries) > 50
    untranslated = [entry["msgid"] for entry in entries if not all(entry["msgstr"])]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_the_compiled_spanish_catalogue_is_committed():
    assert (SPANISH / "django.mo").exists()  # CI has no gettext to compile it
    with translation.override("es"):
        assert translation.gettext("My queue") == "Mi cola"


def unescape(text: str) -> str:
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def test_the_compiled_catalogue_matches_its_source():
    """The .mo in git was compiled from the .po in git (compilemessages after the last edit)."""
    with translation.override("es"):
        for entry in po_entries(SPANISH / "django.po"):
            msgid, translated = unescape(entry["msgid"]), [unescape(text) for text in entry["msgstr"]]
            if not msgid:
                continue
            if "msgid_plural" in entry:
                plural = unescape(entry["msgid_plural"])
                assert translation.ngettext(msgid, plural, 1) == translated[0], msgid
                assert translation.ngettext(msgid, plural, 2) == translated[1], msgid
            elif "msgctxt" in entry:
                assert translation.pgettext(unescape(entry["msgctxt"]), msgid) == translated[0], msgid
            else:
                assert translation.gettext(msgid) == translated[0], msgid


def test_placeholders_are_kept_in_the_spanish_catalogue():
    for entry in po_entries(SPANISH / "django.po"):
        wanted = set(re.findall(r"%\(\w+\)[sd]", entry["msgid"] + entry.get("msgid_plural", "")))
        for translated in entry["msgstr"] if entry["msgid"] else []:
            assert set(re.findall(r"%\(\w+\)[sd]", translated)) <= wanted, entry["msgid"]
            if "msgid_plural" not in entry:
                assert set(re.findall(r"%\(\w+\)[sd]", translated)) == wanted, entry["msgid"]


# Every template's text goes through the catalogue


def visible_text(template: str) -> list[str]:
    """Lines of a template's text left outside {% translate %} and {% blocktranslate %}: whatever is
    not a tag, a variable, a comment, a script, a style or an inline SVG."""
    text = re.sub(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", " ", template, flags=re.S)
    text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", "\n", text, flags=re.S)
    untranslatable = {"Factcheck"}  # the product's name
    return [line.strip() for line in text.splitlines() if set(re.findall(r"[A-Za-z]{2,}", line)) - untranslatable]


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_every_template_translates_its_text(path):
    template = path.read_text(encoding="utf-8")
    assert not visible_text(template)
    if "translate" in template:
        assert re.search(r"{%\s*load\b[^%]*\bi18n\b", template), "uses {% translate %} without {% load i18n %}"


@pytest.mark.parametrize("attribute", ["aria-label", "placeholder", "title", "hx-confirm"])
def test_no_template_has_an_english_attribute(attribute):
    for path in TEMPLATES:
        for value in re.findall(rf'\b{attribute}="([^"{{]*)"', path.read_text(encoding="utf-8")):
            assert not re.search(r"[A-Za-z]{2,}", value), (path.name, attribute, value)


def test_the_untranslated_text_check_finds_english():
    assert visible_text("<p>Hello there</p>") == ["Hello there"]
    assert visible_text('<p>{% translate "Hello" %} {{ name }}</p>') == []
    assert visible_text("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>") == []
