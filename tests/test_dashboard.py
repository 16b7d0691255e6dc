"""The dashboard: what waits for me, what is mine, and the desk's numbers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from tests.factories import bring_to, default_rating, make_claim, make_claimant, make_source

pytestmark = pytest.mark.django_db

S = Claim.Status
DASHBOARD_URL = reverse("claims:dashboard")
BAR = re.compile(r'<a href="[^"]*">([^<]+)</a>\s*<span class="bar[^"]*"></span><span class="n">(\d+)</span>')


def dashboard(client) -> str:
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading: str) -> str:
    """The HTML of the dashboard card with this heading."""
    start = page.index(f"<h2>{heading}</h2>")
    return page[start : page.index("</section>", start)]


def bars(html: str) -> dict[str, int]:
    return {label: int(count) for label, count in BAR.findall(html)}


def assigned(text, user, *, by, status=S.NEW, author=None, approver=None):
    claim = make_claim(text=text)
    claim.assign(user, by=by)
    return bring_to(claim, status, author=author or user, approver=approver or by)


def test_the_dashboard_needs_a_login(client):
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_reviewer_sees_their_claims_and_what_needs_their_action(client, reviewer, second_reviewer, editor):
    assigned("Alpha is new and mine", reviewer, by=editor)
    assigned("Bravo is mine in research", reviewer, by=editor, status=S.IN_RESEARCH)
    assigned("Charlie is mine in review", reviewer, by=editor, status=S.IN_REVIEW)
    assigned("Delta is mine and published", reviewer, by=editor, status=S.PUBLISHED)
    assigned("Echo belongs to Ron", second_reviewer, by=editor)
    assigned("Foxtrot is Ron's in review", second_reviewer, by=editor, status=S.IN_REVIEW)
    make_claim(text="Golf is assigned to nobody")
    client.force_login(reviewer)

    page = dashboard(client)
    needs_action, mine = section(page, "Needs your action"), section(page, "Assigned to me")

    assert "Alpha is new and mine" in needs_action
    assert "Bravo is mine in research" in needs_action
    for text in ("Charlie", "Delta", "Echo", "Foxtrot", "Golf"):
        assert text not in needs_action
    assert "to start" in needs_action
    assert "to research" in needs_action

    for text in ("Alpha", "Bravo", "Charlie"):
        assert text in mine
    for text in ("Delta", "Echo", "Foxtrot", "Golf"):
        assert text not in mine
    assert bars(mine) == {"New": 1, "In research": 1, "In review": 1, "Published": 1}


def test_a_reviewer_with_nothing_to_do_is_told_so(client, reviewer, editor):
    assigned("Someone else's review", editor, by=editor, status=S.IN_REVIEW, approver=reviewer)
    client.force_login(reviewer)

    page = dashboard(client)

    assert "Nothing waits for you." in section(page, "Needs your action")
    assert "No claims are assigned to you." in section(page, "Assigned to me")


def test_an_editor_also_sees_verdicts_to_review_by_others_and_claims_to_publish(
    client, reviewer, editor, second_editor
):
    assigned("Hotel is new and the editor's", editor, by=editor)
    review_by_other = make_claim(text="India was drafted by Rita")
    bring_to(review_by_other, S.IN_REVIEW, author=reviewer, approver=editor)
    review_by_self = make_claim(text="Juliett was drafted by Ed himself")
    bring_to(review_by_self, S.IN_REVIEW, author=editor, approver=second_editor)
    approved = make_claim(text="Kilo is approved")
    bring_to(approved, S.APPROVED, author=reviewer, approver=second_editor)
    published = make_claim(text="Lima is published")
    bring_to(published, S.PUBLISHED, author=reviewer, approver=second_editor)
    researching = make_claim(text="Mike is researched by Rita")
    researching.assign(reviewer, by=editor)
    bring_to(researching, S.IN_RESEARCH, author=reviewer, approver=editor)
    client.force_login(editor)

    needs_action = section(dashboard(client), "Needs your action")

    assert "Hotel is new" in needs_action
    assert "India was drafted by Rita" in needs_action
    assert "verdict to review" in needs_action
    assert "Kilo is approved" in needs_action
    assert "ready to publish" in needs_action
    assert "Juliett" not in needs_action
    assert "Lima" not in needs_action
    assert "Mike" not in needs_action


def test_an_editor_reviews_a_redrafted_verdict_even_if_they_wrote_an_earlier_one(
    client, reviewer, editor, second_editor
):
    claim = make_claim(text="November was first drafted by Ed")
    claim.transition(S.IN_RESEARCH, by=editor)
    claim.draft_verdict(rating=default_rating("True"), headline="First", explanation="Ed's go.", by=editor)
    claim.transition(S.IN_REVIEW, by=editor)
    claim.transition(S.IN_RESEARCH, by=second_editor, note="Rita takes it over.")
    claim.draft_verdict(rating=default_rating("False"), headline="Second", explanation="Rita's go.", by=reviewer)
    claim.transition(S.IN_REVIEW, by=reviewer)
    assert claim.current_verdict.author == reviewer
    client.force_login(editor)

    needs_action = section(dashboard(client), "Needs your action")

    assert "November was first drafted by Ed" in needs_action
    assert "verdict to review" in needs_action


def test_a_reviewer_does_not_get_verdicts_to_review_or_publish(client, reviewer, second_reviewer, editor):
    bring_to(make_claim(text="Oscar in review"), S.IN_REVIEW, author=second_reviewer, approver=editor)
    bring_to(make_claim(text="Papa approved"), S.APPROVED, author=second_reviewer, approver=editor)
    client.force_login(reviewer)

    needs_action = section(dashboard(client), "Needs your action")

    assert "Oscar" not in needs_action
    assert "Papa" not in needs_action
    assert "Nothing waits for you." in needs_action


def test_the_dashboard_counts_claims_by_status_and_current_verdicts_by_rating(client, reviewer, editor, second_editor):
    for _ in range(3):
        make_claim()
    rated_true = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    rated_true.draft_verdict(rating=default_rating("True"), headline="Right", explanation="Yes.", by=reviewer)
    bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    bring_to(make_claim(), S.IN_REVIEW, author=reviewer, approver=editor)
    bring_to(make_claim(), S.APPROVED, author=reviewer, approver=editor)
    bring_to(make_claim(), S.PUBLISHED, author=reviewer, approver=editor)
    bring_to(make_claim(), S.NOT_CHECKABLE, author=reviewer, approver=editor)
    # Rated Misleading, sent back, now rated Mostly false: only the current verdict counts.
    redrafted = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    redrafted.draft_verdict(rating=default_rating("Misleading"), headline="1", explanation="1", by=reviewer)
    redrafted.transition(S.IN_REVIEW, by=reviewer)
    redrafted.transition(S.IN_RESEARCH, by=second_editor, note="Look again.")
    redrafted.draft_verdict(rating=default_rating("Mostly false"), headline="2", explanation="2", by=reviewer)
    client.force_login(editor)

    page = dashboard(client)

    assert bars(section(page, "All claims by status")) == {
        "New": 3,
        "In research": 3,
        "In review": 1,
        "Approved": 1,
        "Published": 1,
        "Not checkable": 1,
        "Duplicate": 0,
    }
    assert bars(section(page, "Current verdicts by rating")) == {
        "True": 1,
        "Mostly true": 0,
        "Misleading": 0,
        "Mostly false": 1,
        "False": 3,
        "Unverifiable": 0,
    }


def test_the_status_and_rating_bars_link_to_the_filtered_list(client, reviewer):
    client.force_login(reviewer)

    page = dashboard(client)

    assert f'href="{reverse("claims:claim-list")}?status=in_review"' in page
    assert f'href="{reverse("claims:claim-list")}?rating={default_rating("False").pk}"' in page


def make_dashboard_claims(count, user, reviewer, editor):
    """Claims in every corner of the dashboard: assigned to `user`, waiting for review, approved."""
    source = make_source(url=f"https://example.org/dashboard/{count}")
    for number in range(count):
        claimant = make_claimant()
        mine = make_claim(text=f"Mine {count}-{number}", claimant=claimant, source=source)
        mine.assign(user, by=editor)
        if number % 2:
            bring_to(mine, S.IN_RESEARCH, author=user, approver=editor)
        review = make_claim(text=f"Review {count}-{number}", claimant=claimant, source=source)
        review.assign(reviewer, by=editor)
        bring_to(review, S.IN_REVIEW if number % 2 else S.APPROVED, author=reviewer, approver=editor)


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_dashboard_query_count_does_not_grow_with_claims(client, role, reviewer, second_reviewer, editor):
    user = {"reviewer": second_reviewer, "editor": editor}[role]
    client.force_login(user)
    make_dashboard_claims(2, user, reviewer, editor)
    with CaptureQueriesContext(connection) as few:
        dashboard(client)
    make_dashboard_claims(12, user, reviewer, editor)
    with CaptureQueriesContext(connection) as many:
        page = dashboard(client)
    assert "Mine 12-11" in page
    assert len(many) == len(few)


def test_editors_see_publications_per_week_and_open_claims_by_age(client, reviewer, editor):
    import datetime

    from django.utils import timezone

    from claims.models import Claim

    old = make_claim(text="An old open claim")
    Claim.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    make_claim(text="A fresh open claim")
    bring_to(make_claim(), Claim.Status.PUBLISHED, author=reviewer, approver=editor)
    client.force_login(editor)

    context = client.get(reverse("claims:dashboard")).context

    weeks = context["published_per_week"]
    assert len(weeks) == 12 and weeks[-1]["count"] == 1 and sum(w["count"] for w in weeks) == 1
    ages = {row["label"]: row["count"] for row in context["open_by_age"]}
    assert ages == {"Under a day": 1, "1–7 days": 0, "1–4 weeks": 0, "Over 4 weeks": 1}


def test_reviewers_do_not_get_the_editor_charts(client, reviewer):
    client.force_login(reviewer)
    assert "published_per_week" not in client.get(reverse("claims:dashboard")).context


def test_desk_wide_counts_are_kept_for_a_while_and_say_when_they_were_made(client, reviewer, settings):
    from django.core.cache import cache

    settings.DESK_FIGURES_SECONDS = 60
    cache.clear()
    make_claim()
    client.force_login(reviewer)
    first = dashboard(client)
    make_claim()

    assert bars(section(dashboard(client), "All claims by status"))["New"] == 1  # a minute old at most
    assert re.search(r"As of \d\d:\d\d:\d\d", section(first, "All claims by status"))
    cache.clear()
    assert bars(section(dashboard(client), "All claims by status"))["New"] == 2
