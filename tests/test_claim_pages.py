"""Logging in and out, and what the claim pages show a logged-in reviewer (filters, query counts and
writes are tested in test_claim_list.py and test_claim_page.py)."""

import pytest
from django.urls import reverse

from claims.models import Claim, Comment
from tests.factories import bring_to, make_claim, make_claimant, make_evidence, make_source

pytestmark = pytest.mark.django_db


def make_researched_claims(count, reviewer, editor):
    source = make_source(url=f"https://example.org/{count}")
    for number in range(count):
        claim = make_claim(claimant=make_claimant(), source=source)
        claim.assign(reviewer, by=editor)
        bring_to(claim, Claim.Status.PUBLISHED, author=reviewer, approver=editor)
        make_evidence(claim, reviewer)
        Comment.objects.create(claim=claim, author=editor, body=f"Comment {number}")
    return claim


@pytest.mark.parametrize("url", [reverse("claims:claim-list"), reverse("claims:claim-detail", args=[1])])
def test_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_then_the_claim_list_shows_claims_with_their_rating(client, reviewer, editor):
    make_researched_claims(2, reviewer, editor)
    response = client.post(reverse("login"), {"username": "rita", "password": "correct horse battery"})
    assert response.status_code == 302

    page = client.get(response.url).content.decode()
    assert page.count('class="rating rating-') == 2
    assert "Claim number" in page


def test_wrong_password_is_refused_with_a_message(client, reviewer):
    response = client.post(reverse("login"), {"username": "rita", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_claim_page_shows_quantity_evidence_verdict_and_history(client, reviewer, editor):
    claim = make_researched_claims(1, reviewer, editor)
    Claim.objects.filter(pk=claim.pk).update(quantity_low=10000, quantity_high=15000, quantity_unit="soldiers")
    client.force_login(reviewer)

    page = client.get(claim.get_absolute_url()).content.decode()

    assert "10,000–15,000 soldiers" in page
    assert "Supports the claim" in page
    assert "approved by Ed" in page
    assert "moved it from Approved to Published" in page


def test_claim_text_is_escaped(client, reviewer):
    claim = make_claim(text='<script>alert("x")</script>')
    client.force_login(reviewer)
    for url in (reverse("claims:claim-list"), claim.get_absolute_url()):
        page = client.get(url).content.decode()
        assert '<script>alert("x")' not in page
        assert "&lt;script&gt;" in page


def test_logout_is_a_post(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("claims:claim-list")).status_code == 302
