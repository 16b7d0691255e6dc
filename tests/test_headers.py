"""Security headers on every kind of page, and pages that keep to the Content-Security-Policy: no
inline script, no inline style, no event-handler attributes."""

from html.parser import HTMLParser

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims.models import Claim
from tests.factories import bring_to, default_rating, make_claim, make_evidence

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: script elements without src (other than JSON data),
    style elements and attributes, on* handlers and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "script"
            and "src" not in attrs
            and attrs.get("type") not in {"application/ld+json", "application/json"}
        ):
            self.found.append(f"<script> without src: {attrs}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(page: str) -> list[str]:
    parser = InlineCode()
    parser.feed(page)
    return parser.found


@pytest.fixture
def published(reviewer, editor):
    claim = bring_to(
        make_claim(text="No one, except us, governs Belarus."), Claim.Status.PUBLISHED, author=reviewer, approver=editor
    )
    make_evidence(claim, reviewer)
    return claim


def pages(claim):
    return [
        reverse("claims:dashboard"),
        reverse("claims:claim-list"),
        reverse("claims:claim-list") + "?q=belarus",
        claim.get_absolute_url(),
        reverse("claims:claim-edit", args=[claim.pk]),
        reverse("claims:claim-create"),
        reverse("claims:review-queue"),
        reverse("claims:export"),
        reverse("claims:import"),
        reverse("claims:source-list"),
        reverse("claims:claimant-list"),
    ]


def test_csp_forbids_inline_script_and_style(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_every_page_keeps_to_the_policy(client, editor, published):
    client.force_login(editor)
    for url in pages(published):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
        assert response.headers["Content-Security-Policy"], url


def test_public_pages_keep_to_the_policy(client, published):
    urls = [published.get_public_url(), reverse("checks:list"), reverse("checks:suggest")]
    for url in [*urls, reverse("checks:suggest-thanks")]:
        response = client.get(url)
        assert response.status_code == 200
        assert inline_code(response.content.decode()) == [], url


def test_panels_keep_to_the_policy(client, reviewer, editor):
    claim = bring_to(make_claim(), Claim.Status.IN_RESEARCH, author=reviewer, approver=editor)
    claim.draft_verdict(rating=default_rating(), headline="No", explanation="x", by=reviewer)
    client.force_login(reviewer)
    for panel in ["workflow", "verdict", "evidence", "comments", "timeline"]:
        response = client.get(reverse("claims:claim-panel", args=[claim.pk, panel]), headers={"HX-Request": "true"})
        assert inline_code(response.content.decode()) == [], panel


def test_rating_colours_come_from_a_stylesheet(client, published):
    rating = default_rating()
    css = client.get(reverse("checks:rating-styles"))
    assert css.headers["Content-Type"].startswith("text/css")
    assert f".rating-{rating.pk} {{ --rating-colour: {rating.colour};" in css.content.decode()
    assert f'class="rating rating-{rating.pk}"' in client.get(published.get_public_url()).content.decode()


def test_a_colour_that_is_not_a_colour_cannot_be_stored_to_reach_the_stylesheet():
    rating = default_rating()
    with pytest.raises(IntegrityError, match="rating_colour_hex"), transaction.atomic():
        type(rating).objects.filter(pk=rating.pk).update(colour="red}*{")  # past the form's validation


@pytest.mark.parametrize("path", ["/accounts/login/", "/checks/", "/checks/suggest/", "/admin/login/"])
def test_framing_sniffing_and_referrer_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response.headers
