"""Hostile input: markup and script, `javascript:` URLs, bidi overrides, control characters, spreadsheet
formulas, null bytes and 1 MB strings. Through the forms such text is stored as given, or refused with
the form's message where a limit applies; in the pages, the admin, the exports and the PDF it stays text.

One data set for the module (rolled back at its end): a published claim whose every text field carries
the payloads, corrected once, with evidence whose links are `javascript:` and `data:` URLs stored
directly (as the admin, an import or the shell could), a claim waiting for review, and a claim per
spreadsheet formula."""

import csv
import datetime
import io
import json
import re
import subprocess
from html import escape
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit
from urllib.request import OpenerDirector

import pytest
from django.db import DataError, IntegrityError, transaction
from django.test import Client
from django.urls import resolve, reverse

from claims import reports
from claims.claimreview import web_url
from claims.models import (
    CLAIM_TEXT_MAX,
    Candidate,
    Claim,
    Claimant,
    Comment,
    Evidence,
    Rating,
    RatingScale,
    Source,
    Verdict,
)
from claims.roles import Role
from claims.templatetags.safe_links import safe_href
from tests.factories import default_rating, make_user
from tests.test_claim_form import field_error
from tests.web import admin_url, exported

S = Claim.Status
HTMX = {"HX-Request": "true"}

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
BREAKOUT = "</script><script>alert(1)</script>"
JS_URL = "javascript:alert(1)"
RTL = "\u202eevil\u202c"  # a right-to-left override, closed again
RLO = "\u202egpj.exe"  # one left open: it would reverse whatever follows it in the paragraph
CONTROL = "bell\x07 escape\x1b[31m vertical tab\x0b form feed\x0c end"
FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\n@SUM(1)",
    "\u00a0-2+3",
    "\uff1d1+1",  # a full-width equals sign, which some spreadsheets read as "="
]
MEGABYTE = "A" * 2**20
NULL = "before\x00after"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def hostile(label: str) -> str:
    """A field's text carrying the payloads, named so that a failure says which field it was."""
    return f"{label} {RLO} {SCRIPT} {ATTRIBUTE} {BREAKOUT} {RTL} end"


# The data set


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_data()
        transaction.set_rollback(True)


def build_data() -> SimpleNamespace:
    d = SimpleNamespace()
    d.reviewer = make_user(Role.REVIEWER, username="hostile-rita", password=None)
    d.editor = make_user(Role.EDITOR, username="hostile-ed", password=None)
    d.admin = make_user(Role.ADMIN, username="hostile-ada", password=None)
    d.formula_rating = Rating.objects.create(
        scale=RatingScale.objects.get(is_default=True), label=FORMULAS[0], value=-99, on_scale=False
    )
    d.formulas = formula_claims()  # before the others, so that the dashboard's recent list shows those
    d.control = Claim.objects.create(text=CONTROL, normalized_text=CONTROL)
    d.markup = Claim.objects.create(text=f"{SCRIPT} {ATTRIBUTE} {BREAKOUT}")  # no override to turn it around
    d.source = Source.objects.create(
        title=hostile("source"),
        url=JS_URL,
        archived_url="JAVASCRIPT:alert(2)",
        publisher=hostile("publisher"),
        authors=[hostile("author")],
        published_on=datetime.date(2024, 3, 1),
        full_text=f"{hostile('document')}\n\nOfficials said 4,000 troops arrived. {hostile('after')}",
    )
    d.claimant = Claimant.objects.create(name=hostile("claimant"), description=hostile("description"), url=JS_URL)
    d.published = published_claim(d)
    d.evidence = hostile_evidence(d, d.published)
    d.comment = Comment.objects.create(claim=d.published, author=d.editor, body=f"{SCRIPT}\n{hostile('comment')}")
    d.queued = queued_claim(d)
    d.candidate = Candidate.objects.create(
        source=d.source,
        kind=Claim.Kind.OTHER,
        text=hostile("candidate"),
        start=0,
        end=40,
        score=0.9,
        speaker=hostile("speaker"),
        reasons=[SCRIPT],
    )
    d.draft = Claim.objects.create(text="A plain claim, to write hostile text about.")
    d.short = Claim.objects.create(
        text=f"Short {RLO} end",
        claimant=Claimant.objects.create(name=f"Ann {RLO} end"),
        source=Source.objects.create(title=f"Daily {RLO} end"),
        stated_on=datetime.date(2024, 3, 3),
    )  # its line of the PDF report fits on one line: an open override there would turn the date around
    return d


def formula_claims() -> dict[str, Claim]:
    claims = {formula: Claim.objects.create(text=formula, normalized_text=formula) for formula in FORMULAS}
    first = claims[FORMULAS[0]]
    first.claimant = Claimant.objects.create(name="@SUM(1)")
    first.source = Source.objects.create(title='=HYPERLINK("http://evil","source")', url="https://example.org/f")
    first.save()
    return claims


def published_claim(d) -> Claim:
    """Published, then reopened with a hostile reason and published again: the page shows a correction."""
    claim = Claim.objects.create(
        text=hostile("claim"),
        normalized_text=hostile("sentence"),
        excerpt=hostile("old excerpt"),
        claimant=d.claimant,
        source=d.source,
        stated_on=datetime.date(2024, 3, 2),
        created_by=d.reviewer,
    )
    claim.excerpt = hostile("excerpt")  # an edit: the timeline shows the text before and after
    claim.save()
    claim.transition(S.IN_RESEARCH, by=d.reviewer)
    draft(claim, d.reviewer, default_rating("False"), "first headline")
    publish(claim, d)
    claim.transition(S.IN_RESEARCH, by=d.editor, note=hostile("correction"))
    draft(claim, d.reviewer, default_rating("Misleading"), "headline")
    publish(claim, d)
    return claim


def draft(claim: Claim, author, rating: Rating, label: str) -> Verdict:
    explanation = f"{SCRIPT}\nSecond line.\n{hostile(label + ' explanation')}"
    return claim.draft_verdict(rating=rating, headline=hostile(label), explanation=explanation, by=author)


def publish(claim: Claim, d) -> None:
    for target, actor in [(S.IN_REVIEW, d.reviewer), (S.APPROVED, d.editor), (S.PUBLISHED, d.editor)]:
        claim.transition(target, by=actor)


def hostile_evidence(d, claim: Claim) -> list[Evidence]:
    """Links a form would refuse, stored directly; the first one's excerpt edited afterwards."""
    links = [JS_URL, "  JaVaScRiPt:alert(2)", "java\tscript:alert(3)", "data:text/html,<script>alert(4)</script>"]
    items = [
        Evidence.objects.create(
            claim=claim,
            added_by=d.reviewer,
            url=link,
            stance=Evidence.Stance.REFUTES,
            excerpt=hostile(f"evidence {number} excerpt"),
            note=hostile(f"evidence {number} note"),
        )
        for number, link in enumerate(links)
    ]
    items.append(Evidence.objects.create(claim=claim, added_by=d.reviewer, source=d.source, stance="context"))
    items[0].excerpt = "Replaced."
    items[0].save()
    return items


def queued_claim(d) -> Claim:
    claim = Claim.objects.create(text=hostile("queued"), claimant=d.claimant, source=d.source)
    claim.transition(S.IN_RESEARCH, by=d.reviewer)
    draft(claim, d.reviewer, d.formula_rating, "queued headline")
    claim.transition(S.IN_REVIEW, by=d.reviewer)
    claim.assign(d.editor, by=d.editor)
    return claim


@pytest.fixture
def as_user(db, data):
    def login(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return login


# What inert markup means


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK_TAGS = """html body main article section aside header footer nav div p ul ol li dl dt dd table caption
    thead tbody tfoot tr td th h1 h2 h3 h4 h5 h6 blockquote form fieldset legend details summary pre figure"""
BLOCKS = set(BLOCK_TAGS.split())
# Text laid out on its own: an override inside cannot reorder anything outside.
ISOLATING = {"bdi", "textarea", "select", "option", "button", "title", "script", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "poster", "srcset"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Element:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs = tag, attrs


class Markup(HTMLParser):
    """Every element with its attributes, and every text with the elements around it; a line break
    is recorded as a text of None (it ends a paragraph for the bidi algorithm)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[tuple[str | None, tuple[Element, ...]]] = []
        self.scripts: list[tuple[Element, str]] = []
        self._open: list[Element] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag == "br":
            self.texts.append((None, tuple(self._open)))
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        if self._open and self._open[-1].tag == "script":
            self.scripts.append((self._open[-1], data))
        self.texts.append((data, tuple(self._open)))


def block_of(stack: tuple[Element, ...]) -> Element | None:
    return next((element for element in reversed(stack) if element.tag in BLOCKS), None)


def leaking_overrides(markup: Markup) -> list[tuple[str, str]]:
    """Texts carrying a bidi control character that could reorder the page's own text: not inside an
    isolating element (<bdi>, an element with a dir attribute, a form control, the title) and followed
    by more text in the same paragraph, where the bidi algorithm would carry an open override on. The
    data set's values all end in "end": a text going on after that (or after a truncation's "…") has
    the page's own words in it too. Each leak: the text, and what follows it in its paragraph."""
    leaks = []
    for index, (text, stack) in enumerate(markup.texts):
        if not text or not BIDI.search(text):
            continue
        if any(element.tag in ISOLATING or "dir" in element.attrs for element in stack):
            continue
        if not text.rstrip().endswith(("end", "…")):
            leaks.append((text.strip(), "(in the same text)"))
            continue
        home, after = block_of(stack), []
        for later, later_stack in markup.texts[index + 1 :]:
            if later is None or block_of(later_stack) is not home:
                break
            after.append(later)
        if "".join(after).strip():
            leaks.append((text.strip(), "".join(after).strip()))
    return leaks


def scheme(url: str) -> str:
    """The scheme a browser reads: it ignores spaces and controls around a URL, tabs and newlines in it."""
    return urlsplit(re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))).scheme.lower()


def assert_inert(page: str, *, own_page: bool = True) -> Markup:
    """No payload became markup: no script but JSON data and same-origin files, no event handler, no
    link or source that is not a web address; no override leaks out of its text. On our own pages
    (not the admin's) no inline style either: the CSP forbids it."""
    markup = Markup(page)
    for element in markup.elements:
        attrs, tag = element.attrs, element.tag
        assert not [name for name in attrs if name.startswith("on")], f"event handler on <{tag} {attrs}>"
        for name in URL_ATTRIBUTES & attrs.keys():
            assert scheme(attrs[name]) in SAFE_SCHEMES, f"<{tag} {name}={attrs[name]!r}>"
        if "src" in attrs:
            assert attrs["src"].startswith("/") and not attrs["src"].startswith("//"), f"<{tag} {attrs}>"
        if tag == "script":
            assert "src" in attrs or attrs.get("type") in ("application/ld+json", "application/json"), attrs
        if own_page:
            assert tag != "style" and "style" not in attrs, f"inline style on <{tag} {attrs}>"
    for script, content in markup.scripts:
        if "src" in script.attrs:
            assert not content.strip(), content[:200]
        else:
            json.loads(content)  # data blocks stay data: the payloads did not end them
    assert SCRIPT not in page and BREAKOUT not in page and "<img src=x" not in page
    assert leaking_overrides(markup) == []
    return markup


def json_ld(markup: Markup) -> list[dict]:
    return [json.loads(content) for script, content in markup.scripts if script.attrs["type"] == "application/ld+json"]


def urls_in(value) -> list[str]:
    if isinstance(value, dict):
        return [url for key, item in value.items() for url in ([item] if key == "url" else urls_in(item))]
    if isinstance(value, list):
        return [url for item in value for url in urls_in(item)]
    return []


def test_the_inertness_check_sees_markup_bad_links_and_leaking_overrides():
    assert leaking_overrides(Markup(f"<p><a href='/x'>{RLO} end</a> · Published</p>"))
    assert leaking_overrides(Markup(f"<p>{RLO} end · Published</p>"))
    fine = f"<p><bdi>{RLO}</bdi> · x</p><p>{RLO} end<br>next</p><p>a <b>{RLO} end</b></p><p dir=auto>{RLO} x</p>"
    assert not leaking_overrides(Markup(fine))
    for page in [
        f"<p>{SCRIPT}</p>",
        f"<p {ATTRIBUTE[2:]}</p>",
        f"<a href=' {JS_URL}'>x</a>",
        "<a href='java&#9;script:alert(1)'>x</a>",
        "<div style='color: red'></div>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
    ]:
        with pytest.raises(AssertionError):
            assert_inert(page)


# 1. Through the forms: stored as given, or refused with the form's message


FORM_PAYLOADS = [SCRIPT, ATTRIBUTE, BREAKOUT, JS_URL, RTL, RLO, CONTROL, hostile("text"), *FORMULAS]
PAYLOAD_IDS = [repr(payload)[1:20] for payload in FORM_PAYLOADS]


def stored(payload: str) -> str:
    """What a form keeps: Django's text fields trim the whitespace around a value; nothing else changes."""
    return payload.strip()


def claim_post(**fields) -> dict:
    return {"text": "A claim", "kind": Claim.Kind.OTHER, "priority": Claim.Priority.NORMAL, "version": 1, **fields}


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Claim, Claimant, Source, Evidence, Comment, Verdict)}


@pytest.mark.parametrize("payload", FORM_PAYLOADS, ids=PAYLOAD_IDS)
def test_the_claim_form_stores_hostile_text_as_given(as_user, data, payload):
    values = dict.fromkeys(["text", "normalized_text", "excerpt", "claimant_name", "claimant_description"], payload)
    post = claim_post(**values, new_source_title=payload, new_source_url="https://example.org/hostile")

    response = as_user(data.reviewer).post(reverse("claims:claim-create"), post)

    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.select_related("claimant", "source").get(pk=resolve(response.url).kwargs["pk"])
    saved = [claim.text, claim.normalized_text, claim.excerpt, claim.claimant.name, claim.claimant.description]
    assert saved + [claim.source.title] == [stored(payload)] * 6


@pytest.mark.parametrize("payload", FORM_PAYLOADS, ids=PAYLOAD_IDS)
def test_evidence_comment_and_verdict_forms_store_hostile_text_as_given(as_user, data, payload):
    client, claim = as_user(data.reviewer), data.draft
    evidence = {"stance": "refutes", "url": "https://example.org/e", "excerpt": payload, "note": payload}
    verdict = {"rating": default_rating().pk, "headline": payload, "explanation": payload}

    responses = [
        client.post(reverse("claims:evidence-add", args=[claim.pk]), evidence, headers=HTMX),
        client.post(reverse("claims:comment-add", args=[claim.pk]), {"body": payload}, headers=HTMX),
        client.post(reverse("claims:verdict-save", args=[claim.pk]), verdict, headers=HTMX),
    ]

    assert [response.status_code for response in responses] == [204, 204, 204]
    item, comment, current = claim.evidence.get(), claim.comments.get(), claim.verdicts.get()
    saved = [item.excerpt, item.note, comment.body, current.headline, current.explanation]
    assert saved == [stored(payload)] * 5


def test_text_at_the_limit_is_stored(as_user, data):
    text = "x" * CLAIM_TEXT_MAX
    response = as_user(data.reviewer).post(reverse("claims:claim-create"), claim_post(text=text))
    assert response.status_code == 302
    assert Claim.objects.get(pk=resolve(response.url).kwargs["pk"]).text == text


def too_long(limit: int) -> str:
    return f"Ensure this value has at most {limit} characters (it has {len(MEGABYTE)})."


NULLS = "Null characters are not allowed."
URL = "Enter a valid URL."


def refused(view: str, field: str, value: str, message: str, **kwargs):
    size = {NULL: "null", MEGABYTE: "1MB"}.get(value, "url")
    return pytest.param(view, field, value, message, id=f"{view}-{field}-{size}", **kwargs)


REFUSED = [
    refused("claim-create", "text", MEGABYTE, too_long(5000)),
    refused("claim-create", "normalized_text", MEGABYTE, too_long(5000)),
    refused("claim-create", "excerpt", MEGABYTE, too_long(20000)),
    refused("claim-create", "new_source_title", MEGABYTE, too_long(500)),
    refused("claim-create", "text", NULL, NULLS),
    refused("claim-create", "claimant_name", NULL, NULLS),
    refused("claim-create", "new_source_url", JS_URL, URL),
    refused("evidence-add", "excerpt", MEGABYTE, too_long(20000)),
    refused("evidence-add", "note", MEGABYTE, too_long(10000)),
    refused("evidence-add", "note", NULL, NULLS),
    refused("evidence-add", "url", JS_URL, URL),
    refused("evidence-add", "url", "data:text/html,<script>alert(1)</script>", URL),
    refused("comment-add", "body", MEGABYTE, too_long(10000)),
    refused("comment-add", "body", NULL, NULLS),
    refused("verdict-save", "headline", MEGABYTE, too_long(300)),
    refused("verdict-save", "explanation", MEGABYTE, too_long(20000)),
    refused("verdict-save", "explanation", NULL, NULLS),
]
VALID = {
    "claim-create": claim_post(new_source_title="A source", new_source_url="https://example.org/s"),
    "evidence-add": {"stance": "refutes", "url": "https://example.org/e", "excerpt": "x", "note": "y"},
    "comment-add": {"body": "A comment"},
    "verdict-save": {"headline": "A headline", "explanation": "An explanation"},
}


@pytest.mark.parametrize(("view", "field", "value", "message"), REFUSED)
def test_over_limit_null_and_script_url_input_is_refused_with_a_message(as_user, data, view, field, value, message):
    before = row_counts()
    post = {**VALID[view], field: value, "rating": default_rating().pk}
    address = reverse(f"claims:{view}", args=[] if view == "claim-create" else [data.draft.pk])

    response = as_user(data.reviewer).post(address, post, headers={} if view == "claim-create" else HTMX)

    assert response.status_code == 422
    assert message in field_error(response.content.decode(), field)
    assert row_counts() == before


def test_the_database_refuses_null_characters_from_the_shell_too(data, db):
    with pytest.raises((ValueError, DataError)), transaction.atomic():
        Claim.objects.create(text=NULL)


# 2. Rendered inert: pages, htmx panels, public pages, admin


PAGES = {
    "dashboard": lambda d: (d.editor, reverse("claims:dashboard")),
    "claim-list": lambda d: (d.editor, reverse("claims:claim-list")),
    "claim-list-search": lambda d: (d.editor, reverse("claims:claim-list") + "?" + urlencode({"q": ATTRIBUTE})),
    "claim-page": lambda d: (d.editor, d.published.get_absolute_url()),
    "claim-page-in-review": lambda d: (d.editor, d.queued.get_absolute_url()),
    "claim-edit": lambda d: (d.editor, reverse("claims:claim-edit", args=[d.published.pk])),
    "evidence-edit": lambda d: (d.editor, reverse("claims:evidence-edit", args=[d.published.pk, d.evidence[1].pk])),
    "similar-claims": lambda d: (d.editor, reverse("claims:claim-similar", args=[d.queued.pk])),
    "review-queue": lambda d: (d.editor, reverse("claims:review-queue")),
    "source-list": lambda d: (d.editor, reverse("claims:source-list") + "?" + urlencode({"q": "source"})),
    "source-page": lambda d: (d.editor, reverse("claims:source-detail", args=[d.source.pk])),
    "claimant-list": lambda d: (d.editor, reverse("claims:claimant-list")),
    "claimant-page": lambda d: (d.editor, reverse("claims:claimant-detail", args=[d.claimant.pk])),
    "candidate-review": lambda d: (d.editor, reverse("claims:candidate-review", args=[d.source.pk])),
    "candidate-edit": lambda d: (d.editor, reverse("claims:candidate-accept", args=[d.candidate.pk])),
    "export-unknown-claimant": lambda d: (d.editor, reverse("claims:export") + "?" + urlencode({"claimant": SCRIPT})),
    "public-list": lambda d: (None, reverse("checks:list")),
    "public-check": lambda d: (None, d.published.get_public_url()),
}
PANELS = ["verdict", "evidence", "comments", "timeline"]
ADMIN_MODELS = [Claim, Source, Claimant, Evidence, Verdict, Comment, Candidate]


def admin_object(d, model):
    return {
        Claim: d.published,
        Source: d.source,
        Claimant: d.claimant,
        Evidence: d.evidence[0],
        Comment: d.comment,
        Verdict: d.published.current_verdict,
        Candidate: d.candidate,
    }[model]


def shown(page: str) -> bool:
    """The payload is on the page, as text."""
    return escape(SCRIPT) in page or escape(ATTRIBUTE) in page


@pytest.mark.parametrize("name", PAGES)
def test_pages_show_hostile_text_as_text(as_user, data, name):
    user, address = PAGES[name](data)
    response = as_user(user).get(address)
    page = response.content.decode()

    assert response.status_code in (200, 422), page[:500]
    assert_inert(page)
    assert shown(page)


@pytest.mark.parametrize("panel", PANELS)
def test_claim_page_panels_show_hostile_text_as_text(as_user, data, panel):
    response = as_user(data.editor).get(reverse("claims:claim-panel", args=[data.published.pk, panel]), headers=HTMX)
    page = response.content.decode()

    assert response.status_code == 200 and "<html" not in page
    assert_inert(page)
    assert shown(page)


@pytest.mark.parametrize("view", ["changelist", "change"])
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_admin_shows_hostile_text_as_text(as_user, data, model, view):
    address = admin_url(model, view, admin_object(data, model).pk) if view == "change" else admin_url(model, view)
    response = as_user(data.admin).get(address)
    page = response.content.decode()

    assert response.status_code == 200
    assert_inert(page, own_page=False)
    assert shown(page)


def test_an_override_in_a_changed_value_stays_in_it(as_user, data):
    response = as_user(data.editor).get(reverse("claims:claim-panel", args=[data.published.pk, "timeline"]))
    assert leaking_overrides(Markup(response.content.decode())) == []


def test_admin_search_for_markup_shows_it_as_text(as_user, data):
    response = as_user(data.admin).get(admin_url(Claim, "changelist"), {"q": SCRIPT})
    assert response.status_code == 200
    assert_inert(response.content.decode(), own_page=False)


NO_LINKS = [JS_URL, " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)", "vbscript:x", "data:,x"]


@pytest.mark.parametrize("url", NO_LINKS)
def test_script_and_data_urls_make_no_link(url):
    assert (web_url(url), safe_href(url)) == ("", "#")


def test_web_addresses_make_links_as_stored():
    for url in ("https://a.example/x?q=1", "HTTP://a.example", "ftp://a.example/f"):
        assert web_url(url) == safe_href(url) == url


def test_stored_script_urls_never_become_links(as_user, data):
    pages = [PAGES[name](data) for name in ("claim-page", "source-page", "public-check")]
    pages.append((data.editor, reverse("claims:claim-panel", args=[data.published.pk, "evidence"])))
    hrefs = []
    for user, address in pages:
        markup = assert_inert(as_user(user).get(address).content.decode())
        hrefs += [element.attrs["href"] for element in markup.elements if element.tag == "a"]

    assert JS_URL not in hrefs and "#" in hrefs
    assert not [href for href in hrefs if "script" in href.lower() or href.lower().startswith("data:")]


def test_the_public_check_json_ld_holds_the_text_exactly(as_user, data):
    claim, verdict = data.published, data.published.current_verdict
    page = as_user(None).get(claim.get_public_url()).content.decode()

    [review] = json_ld(assert_inert(page))

    assert review["claimReviewed"] == claim.normalized_text and review["headline"] == verdict.headline
    item = review["itemReviewed"]
    assert item["author"]["name"] == data.claimant.name and item["author"]["jobTitle"] == data.claimant.description
    assert item["appearance"][0]["headline"] == data.source.title
    assert item["appearance"][0]["publisher"]["name"] == data.source.publisher
    assert all(scheme(url) in ("http", "https") for url in urls_in(review)), urls_in(review)


def test_the_public_feed_holds_the_text_exactly_without_script_urls(as_user, data):
    response = as_user(None).get(reverse("checks:feed"))

    feed = json.loads(response.content)
    [review] = [item for item in feed["dataFeedElement"] if item["claimReviewed"] == data.published.normalized_text]
    assert review["headline"] == data.published.current_verdict.headline
    assert review["itemReviewed"]["author"]["name"] == data.claimant.name
    assert all(scheme(url) in ("http", "https") for url in urls_in(feed)), urls_in(feed)


# 3. Exports: CSV, XLSX, JSON, ClaimReview and PDF


def download(client: Client, kind: str) -> bytes:
    return exported(client, format=kind)


def formula_like(cell: str) -> bool:
    """What a spreadsheet could run: a cell starting, maybe after spaces, with a formula sign."""
    return cell.startswith(("\t", "\r")) or cell.lstrip().startswith(("=", "+", "-", "@", "\uff1d"))


@pytest.fixture
def editor(as_user, data) -> Client:
    return as_user(data.editor)


def test_csv_neutralises_every_formula_and_keeps_other_text_exactly(editor, data):
    text = download(editor, "csv").decode("utf-8")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}

    for formula, claim in data.formulas.items():
        assert rows[str(claim.pk)]["claim"] == "'" + formula
        assert rows[str(claim.pk)]["checkable_sentence"] == "'" + formula
    first = rows[str(data.formulas[FORMULAS[0]].pk)]
    assert (first["claimant"], first["source"]) == ("'@SUM(1)", '\'=HYPERLINK("http://evil","source")')
    assert rows[str(data.queued.pk)]["rating"] == "'" + FORMULAS[0]
    assert rows[str(data.published.pk)]["claim"] == data.published.text
    assert rows[str(data.published.pk)]["explanation"] == data.published.current_verdict.explanation
    assert rows[str(data.control.pk)]["claim"] == CONTROL
    assert [cell for row in rows.values() for cell in row.values() if formula_like(cell)] == []


def test_xlsx_cells_are_text_never_formulas(editor, data):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download(editor, "xlsx")))

    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [str(cell.value) for cell in cells]
    assert [value for value in values if formula_like(value)] == []
    by_claim = {row[1]: row for row in book["Verdicts"].iter_rows(min_row=2, values_only=True)}
    assert ["'" + formula for formula in FORMULAS if "'" + formula not in by_claim] == []
    assert data.published.text in by_claim
    assert "bell\ufffd escape\ufffd[31m vertical tab\ufffd form feed\ufffd end" in by_claim  # XML has no controls
    assert "'" + FORMULAS[0] in [row[0] for row in book["Summary"].iter_rows(values_only=True)]


def test_json_export_keeps_every_text_exactly(editor, data):
    rows = {row["id"]: row for row in json.loads(download(editor, "json"))}

    for claim in [*data.formulas.values(), data.control, data.published, data.queued]:
        assert rows[claim.pk]["claim"] == claim.text
        assert rows[claim.pk]["checkable_sentence"] == claim.normalized_text
    assert rows[data.published.pk]["source"] == data.source.title
    assert rows[data.published.pk]["source_url"] == JS_URL  # data, not a link: it says what is stored


def test_claimreview_export_keeps_the_text_and_drops_script_urls(editor, data):
    feed = json.loads(download(editor, "claimreview"))

    [review] = feed["dataFeedElement"]
    assert review["claimReviewed"] == data.published.normalized_text
    assert review["headline"] == data.published.current_verdict.headline
    assert review["itemReviewed"]["appearance"][0]["headline"] == data.source.title
    assert all(scheme(url) in ("http", "https") for url in urls_in(feed)), urls_in(feed)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_prints_markup_and_formulas_as_literal_text(editor, data, tmp_path):
    (tmp_path / "report.pdf").write_bytes(download(editor, "pdf"))
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "report.pdf"), "-"], capture_output=True)
    text = squash(result.stdout.decode("utf-8"))

    for payload in [SCRIPT, ATTRIBUTE, BREAKOUT, *FORMULAS[:4]]:
        assert squash(payload) in text, payload
    assert "&lt;" not in text and "&quot;" not in text  # not escaped twice either
    assert "·3March2024" in text  # the override in the claimant's name and the source's title stays there


def test_the_pdf_report_fetches_nothing(monkeypatch, data, db, tmp_path):
    """Whatever the HTML asks for, images, stylesheets, files or web addresses, the report loads nothing."""
    from PIL import Image
    from pypdf import PdfReader

    opened = []
    monkeypatch.setattr(OpenerDirector, "open", lambda self, url, *args, **kwargs: opened.append(url) or 1 / 0)

    Image.new("RGB", (20, 20), "red").save(tmp_path / "secret.png")
    (tmp_path / "s.css").write_text("body { color: red }")
    asked = [f"file://{tmp_path}/secret.png", "http://127.0.0.1:9/tracker.png", "https://example.org/x.png"]
    html = "".join(f'<img src="{url}">' for url in asked) + f'<link rel="stylesheet" href="file://{tmp_path}/s.css">'
    monkeypatch.setattr(reports, "render_to_string", lambda *args, **kwargs: f"<body>{html}<p>Hi</p></body>")

    reader = PdfReader(io.BytesIO(reports.pdf_bytes(Claim.objects.none(), title="t", organisation="o")))

    assert opened == []
    assert [image.name for page in reader.pages for image in page.images] == []
    assert "Hi" in reader.pages[0].extract_text()


@pytest.mark.django_db
def test_the_database_keeps_the_limits_for_rows_that_bypass_the_forms():
    claim = Claim.objects.create(text="x" * 5_000)
    with pytest.raises(IntegrityError, match="claim_text_length"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="x" * 5_001)
    with pytest.raises(IntegrityError, match="comment_body_length"), transaction.atomic():
        Comment.objects.create(claim=claim, author=make_user(), body="x" * 10_001)
