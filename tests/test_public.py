"""Published fact checks for readers (no login), their ClaimReview markup and feed, and the editors'
review queue."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.claimreview import script_safe
from claims.models import Claim, Claimant, Source
from tests.factories import bring_to, default_rating, make_claim, make_evidence

pytestmark = pytest.mark.django_db

S = Claim.Status


def published(reviewer, editor, **kwargs):
    kwargs.setdefault("text", "Kyiv is only around 55 miles from the Belarusian border.")
    claim = make_claim(**kwargs)
    claim.transition(S.IN_RESEARCH, by=reviewer)
    claim.draft_verdict(
        rating=default_rating("True"),
        headline="Kyiv lies about 90 km from the border",
        explanation="Measured on a map.",
        by=reviewer,
    )
    for target, actor in [(S.IN_REVIEW, reviewer), (S.APPROVED, editor), (S.PUBLISHED, editor)]:
        claim.transition(target, by=actor)
    return claim


def json_ld(page: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return json.loads(block.group(1))


@pytest.fixture
def lukashenko(db):
    return Claimant.objects.create(name="Aleksandr G. Lukashenko", description="President of Belarus")


def test_a_reader_sees_a_published_check_with_its_claim_review(client, reviewer, editor, lukashenko, settings):
    settings.ORGANISATION_NAME = "Minsk Watch"
    source = Source.objects.create(
        title="Putin visits Minsk", url="https://news.example.org/minsk", publisher="The Times",
        published_on=datetime.date(2022, 12, 19),
    )  # fmt: skip
    claim = published(reviewer, editor, claimant=lukashenko, source=source, stated_on=datetime.date(2022, 12, 16))
    make_evidence(claim, reviewer, url="https://maps.example.org/kyiv", excerpt="90 km")

    response = client.get(claim.get_public_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kyiv lies about 90 km from the border" in page and "https://maps.example.org/kyiv" in page
    review = json_ld(page)
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "http://testserver" + claim.get_public_url()
    assert review["claimReviewed"] == claim.text
    assert review["author"] == {"@type": "Organization", "name": "Minsk Watch", "url": settings.ORGANISATION_URL}
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Aleksandr G. Lukashenko", "jobTitle": "President of Belarus"}
    assert item["datePublished"] == "2022-12-16"
    assert item["firstAppearance"]["url"] == "https://news.example.org/minsk"
    assert review["datePublished"] == claim.current_verdict.published_at.date().isoformat()


def test_a_rating_off_the_scale_is_named_without_a_value(client, reviewer, editor):
    claim = published(reviewer, editor)
    claim.verdicts.update(rating=default_rating("Unverifiable"))

    review = json_ld(client.get(claim.get_public_url()).content.decode())

    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_unpublished_claims_are_not_found_by_readers(client, reviewer, editor):
    for status in (S.NEW, S.IN_REVIEW, S.APPROVED):
        claim = bring_to(make_claim(), status, author=reviewer, approver=editor)
        assert client.get(claim.get_public_url()).status_code == 404


def test_a_wrong_slug_redirects_to_the_stable_address(client, reviewer, editor):
    claim = published(reviewer, editor)
    response = client.get(reverse("checks:detail", args=[claim.pk, "old-title"]))
    assert response.status_code == 301 and response.url == claim.get_public_url()


def test_markup_in_a_verdict_cannot_break_out_of_the_json_ld(client, reviewer, editor):
    claim = published(reviewer, editor)
    hostile = '</script><script>alert("x")</script> & more'
    claim.verdicts.update(headline=hostile)

    page = client.get(claim.get_public_url()).content.decode()

    assert '<script>alert("x")' not in page
    assert json_ld(page)["headline"] == hostile
    assert "</" not in script_safe({"a": "</script>"})


def test_the_index_lists_published_checks_only_newest_first(client, reviewer, editor):
    older = published(reviewer, editor, text="The two men have met at least six times.")
    newer = published(reviewer, editor)
    make_claim(text="A claim still in research")

    page = client.get(reverse("checks:list")).content.decode()

    assert page.index(newer.get_public_url()) < page.index(older.get_public_url())
    assert "still in research" not in page


def test_the_feed_is_a_data_feed_of_claim_reviews(client, reviewer, editor):
    claims = [published(reviewer, editor, text=f"Claim number {n} about Belarus.") for n in range(3)]

    response = client.get(reverse("checks:feed"))

    assert response["Content-Type"].startswith("application/ld+json")
    feed = response.json()
    assert feed["@type"] == "DataFeed"
    assert [item["@type"] for item in feed["dataFeedElement"]] == ["ClaimReview"] * 3
    assert {item["claimReviewed"] for item in feed["dataFeedElement"]} == {c.text for c in claims}


def test_public_pages_query_count_does_not_grow(client, reviewer, editor):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    published(reviewer, editor, text="First published claim.")
    few = count(reverse("checks:list")), count(reverse("checks:feed"))
    for n in range(6):
        published(reviewer, editor, text=f"Another published claim {n}.")
    assert (count(reverse("checks:list")), count(reverse("checks:feed"))) == few


# The review queue


def test_editor_sees_proposed_verdicts_and_can_approve_those_of_others(client, reviewer, editor):
    theirs = bring_to(make_claim(text="Proposed by the reviewer"), S.IN_REVIEW, author=reviewer, approver=editor)
    mine = bring_to(make_claim(text="Proposed by the editor"), S.IN_REVIEW, author=editor, approver=editor)
    client.force_login(editor)

    page = client.get(reverse("claims:review-queue")).content.decode()

    assert "Proposed by the reviewer" in page and "Proposed by the editor" in page
    assert page.count('value="approved"') == 1
    assert "You wrote this verdict: another editor approves it." in page
    response = client.post(reverse("claims:claim-transition", args=[mine.pk]), {"target": "approved"})
    assert response.status_code == 422
    approve = {"target": "approved"}
    client.post(reverse("claims:claim-transition", args=[theirs.pk]), approve, headers={"HX-Request": "true"})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.status, mine.status) == (S.APPROVED, S.IN_REVIEW)


def test_reviewers_have_no_review_queue(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("claims:review-queue")).status_code == 403


def test_a_corrected_check_says_what_changed_and_keeps_the_earlier_rating(client, reviewer, editor):
    claim = published(reviewer, editor)
    first = claim.current_verdict

    with pytest.raises(Exception, match="readers will see it"):
        claim.transition(S.IN_RESEARCH, by=editor)
    claim.transition(S.IN_RESEARCH, by=editor, note="The distance was measured to the wrong border crossing.")
    during = client.get(claim.get_public_url())
    claim.draft_verdict(
        rating=default_rating("Mostly true"), headline="About 56 miles", explanation="Re-measured.", by=reviewer
    )
    for target, actor in [(S.IN_REVIEW, reviewer), (S.APPROVED, editor), (S.PUBLISHED, editor)]:
        claim.transition(target, by=actor)

    page = client.get(claim.get_public_url()).content.decode()

    assert during.status_code == 200 and "Kyiv lies about 90 km from the border" in during.content.decode()
    assert "The distance was measured to the wrong border crossing." in page
    assert "Our earlier rating" in page and "Kyiv lies about 90 km from the border" in page
    assert json_ld(page)["reviewRating"]["alternateName"] == "Mostly true"
    first.refresh_from_db()
    assert first.published_at is not None and not first.is_current and first.rating.label == "True"


def test_link_checkers_can_ask_for_the_public_index_with_head(client):
    response = client.head(reverse("checks:list"))
    assert response.status_code == 200
    assert response.content == b""
