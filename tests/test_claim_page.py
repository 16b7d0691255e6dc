"""The claim page's writes: status, assignee, evidence, verdict, comments, each by htmx and by a plain
form post, with the role checked on the server and errors shown where they were made."""

import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import AssignmentChange, Claim, Comment, Evidence, StatusChange, Verdict
from tests.factories import bring_to, default_rating, make_claim, make_evidence
from tests.web import hidden_inputs

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
S = Claim.Status


def url(name, claim, *args):
    return reverse(f"claims:{name}", args=[claim.pk, *args])


def event(response) -> dict:
    return json.loads(response.headers["HX-Trigger"])["claimChanged"]


@pytest.fixture
def claim(db):
    return make_claim(text="No one, except us, governs Belarus.")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# Status


def test_htmx_status_change_answers_with_an_event_and_moves_the_claim(reviewer_client, claim, reviewer):
    response = reviewer_client.post(url("claim-transition", claim), {"target": "in_research"}, headers=HTMX)

    assert response.status_code == 204
    assert event(response) == {"message": "Moved to In research."}
    claim.refresh_from_db()
    assert claim.status == S.IN_RESEARCH
    assert StatusChange.objects.get(claim=claim).changed_by == reviewer


def test_plain_status_change_redirects_back_with_a_message(reviewer_client, claim):
    response = reviewer_client.post(url("claim-transition", claim), {"target": "in_research"}, follow=True)

    assert response.redirect_chain == [(claim.get_absolute_url(), 302)]
    assert "Moved to In research." in response.content.decode()


def test_refused_step_is_explained_in_the_status_panel(reviewer_client, claim, reviewer):
    claim.transition(S.IN_RESEARCH, by=reviewer)

    response = reviewer_client.post(url("claim-transition", claim), {"target": "in_review"}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" not in page and 'id="workflow"' in page
    assert "Draft a verdict before proposing it for review." in page
    claim.refresh_from_db()
    assert claim.status == S.IN_RESEARCH


def test_refused_step_without_javascript_shows_the_whole_page(reviewer_client, claim):
    response = reviewer_client.post(url("claim-transition", claim), {"target": "not_checkable"})

    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" in page and "Say why the claim cannot be checked." in page


def test_reviewer_cannot_approve_by_a_forged_request(reviewer_client, claim, second_reviewer, editor):
    bring_to(claim, S.IN_REVIEW, author=second_reviewer, approver=editor)

    response = reviewer_client.post(url("claim-transition", claim), {"target": "approved"}, headers=HTMX)

    assert response.status_code == 403
    assert "does not allow you to approve verdict" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW


def test_editor_sends_back_with_a_reason(client, claim, reviewer, editor):
    bring_to(claim, S.IN_REVIEW, author=reviewer, approver=editor)
    client.force_login(editor)

    refused = client.post(url("claim-transition", claim), {"target": "in_research"}, headers=HTMX)
    sent = client.post(
        url("claim-transition", claim), {"target": "in_research", "note": "Find the source."}, headers=HTMX
    )

    assert refused.status_code == 422 and "Say why the verdict is sent back." in refused.content.decode()
    assert sent.status_code == 204
    assert claim.status_changes.last().note == "Find the source."


def test_duplicate_of_an_unknown_claim_is_refused(reviewer_client, claim):
    response = reviewer_client.post(
        url("claim-transition", claim), {"target": "duplicate", "duplicate_of": "999999"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "There is no claim number 999999." in response.content.decode()


def test_status_panel_offers_only_the_steps_of_my_role(client, claim, reviewer, editor):
    bring_to(claim, S.IN_REVIEW, author=reviewer, approver=editor)
    panel = url("claim-panel", claim, "workflow")

    client.force_login(reviewer)
    as_reviewer = client.get(panel, headers=HTMX).content.decode()
    client.force_login(editor)
    as_editor = client.get(panel, headers=HTMX).content.decode()

    assert "Approve verdict" not in as_reviewer and "No status change is open to you now." in as_reviewer
    assert "Approve verdict" in as_editor and "Send back to research" in as_editor


# Assignee


def test_reviewer_takes_a_claim_and_the_timeline_says_so(reviewer_client, claim, reviewer):
    response = reviewer_client.post(url("claim-assign", claim), {"assignee": reviewer.pk}, headers=HTMX)

    assert response.status_code == 204
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    assert AssignmentChange.objects.get(claim=claim).changed_by == reviewer
    timeline = reviewer_client.get(url("claim-panel", claim, "timeline"), headers=HTMX).content.decode()
    assert "took the claim" in timeline


def test_reviewer_cannot_assign_someone_else(reviewer_client, claim, second_reviewer):
    response = reviewer_client.post(url("claim-assign", claim), {"assignee": second_reviewer.pk}, headers=HTMX)

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.assignee is None


def test_editor_assigns_a_reviewer(client, claim, editor, reviewer):
    client.force_login(editor)
    response = client.post(url("claim-assign", claim), {"assignee": reviewer.pk}, headers=HTMX)

    assert event(response) == {"message": "Assigned to Rita."}
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_assigning_to_a_person_outside_the_desk_is_refused(client, claim, editor, stranger):
    client.force_login(editor)
    response = client.post(url("claim-assign", claim), {"assignee": stranger.pk}, headers=HTMX)

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None


# Evidence


def test_evidence_is_added_with_its_stance_and_author(reviewer_client, claim, reviewer):
    response = reviewer_client.post(
        url("evidence-add", claim),
        {"stance": "refutes", "url": "https://example.org/minsk", "excerpt": "Moscow decides.", "note": "Primary."},
        headers=HTMX,
    )

    assert response.status_code == 204
    item = claim.evidence.get()
    assert (item.stance, item.url, item.added_by) == (Evidence.Stance.REFUTES, "https://example.org/minsk", reviewer)


def test_evidence_without_a_link_or_source_is_refused_inline(reviewer_client, claim):
    response = reviewer_client.post(url("evidence-add", claim), {"stance": "supports", "excerpt": "x"}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="evidence"' in page and "Give a link or pick a source for this evidence." in page
    assert "x</textarea>" in page  # what was typed is kept
    assert not claim.evidence.exists()


def test_evidence_is_edited_in_place(reviewer_client, claim, reviewer):
    item = make_evidence(claim, reviewer, excerpt="old")
    prefix = f"evidence-{item.pk}"

    form = reviewer_client.get(url("evidence-edit", claim, item.pk), headers=HTMX)
    saved = reviewer_client.post(
        url("evidence-edit", claim, item.pk),
        {
            **hidden_inputs(form.content.decode()),
            f"{prefix}-stance": "context",
            f"{prefix}-url": "https://example.org/new",
            f"{prefix}-excerpt": "new",
        },
        headers=HTMX,
    )

    assert form.status_code == 200 and "<html" not in form.content.decode()
    assert f'id="evidence-{item.pk}"' in form.content.decode()
    assert saved.status_code == 204
    item.refresh_from_db()
    assert (item.stance, item.excerpt) == (Evidence.Stance.CONTEXT, "new")


def test_evidence_of_another_claim_is_not_found(reviewer_client, claim, reviewer):
    other = make_evidence(make_claim(), reviewer)
    assert reviewer_client.get(url("evidence-edit", claim, other.pk)).status_code == 404
    assert reviewer_client.post(url("evidence-delete", claim, other.pk)).status_code == 404
    assert Evidence.objects.filter(pk=other.pk).exists()


def test_evidence_is_removed(reviewer_client, claim, reviewer):
    item = make_evidence(claim, reviewer)
    response = reviewer_client.post(url("evidence-delete", claim, item.pk), headers=HTMX)
    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=item.pk).exists()


# Verdict


def test_verdict_is_drafted_then_revised_in_place(reviewer_client, claim, reviewer):
    for headline in ("First thought", "Second thought"):
        panel = reviewer_client.get(url("claim-panel", claim, "verdict"), headers=HTMX).content.decode()
        response = reviewer_client.post(
            url("verdict-save", claim),
            {
                **hidden_inputs(panel),
                "rating": default_rating("Misleading").pk,
                "headline": headline,
                "explanation": "Because.",
            },
            headers=HTMX,
        )
        assert response.status_code == 204
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.headline, verdict.author, verdict.rating.label) == ("Second thought", reviewer, "Misleading")


def test_verdict_needs_a_rating_and_a_headline(reviewer_client, claim):
    response = reviewer_client.post(url("verdict-save", claim), {"explanation": "x"}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="verdict"' in page and page.count("This field is required.") == 2
    assert not claim.verdicts.exists()


def test_no_draft_once_the_verdict_is_in_review(reviewer_client, claim, reviewer, editor):
    bring_to(claim, S.IN_REVIEW, author=reviewer, approver=editor)
    response = reviewer_client.post(
        url("verdict-save", claim),
        {"rating": default_rating().pk, "headline": "Late", "explanation": "x"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "takes no new draft verdict" in response.content.decode()
    assert claim.current_verdict.headline == "Wrong"


# Comments


def test_comment_is_added_and_an_empty_one_refused(reviewer_client, claim, reviewer):
    empty = reviewer_client.post(url("comment-add", claim), {"body": ""}, headers=HTMX)
    added = reviewer_client.post(url("comment-add", claim), {"body": "Ask Belta for the transcript."}, headers=HTMX)

    assert empty.status_code == 422 and 'id="comments"' in empty.content.decode()
    assert added.status_code == 204
    assert Comment.objects.get(claim=claim).author == reviewer


# Roles and panels


WRITES = [
    ("claim-transition", {"target": "in_research"}),
    ("claim-assign", {"assignee": ""}),
    ("verdict-save", {"headline": "x", "explanation": "y"}),
    ("evidence-add", {"stance": "supports", "url": "https://example.org"}),
    ("comment-add", {"body": "hi"}),
]


@pytest.mark.parametrize(("name", "data"), WRITES, ids=[name for name, _ in WRITES])
def test_a_user_without_a_role_can_change_nothing(client, stranger, claim, name, data):
    client.force_login(stranger)
    data = {**data, "rating": default_rating().pk}
    response = client.post(url(name, claim), data, headers=HTMX)

    assert response.status_code in (403, 422)
    claim.refresh_from_db()
    assert claim.status == S.NEW
    assert not (claim.evidence.exists() or claim.comments.exists() or claim.verdicts.exists())
    assert not claim.assignment_changes.exists()


def test_user_without_a_role_gets_403_on_evidence_edit_and_delete(client, stranger, claim, reviewer):
    item = make_evidence(claim, reviewer)
    client.force_login(stranger)
    assert client.post(url("evidence-edit", claim, item.pk), {}).status_code == 403
    assert client.post(url("evidence-delete", claim, item.pk)).status_code == 403
    assert Evidence.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("panel", ["workflow", "verdict", "evidence", "comments", "timeline"])
def test_each_panel_renders_alone_for_htmx(reviewer_client, claim, panel):
    response = reviewer_client.get(url("claim-panel", claim, panel), headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and f'id="{panel}"' in page
    assert 'hx-trigger="claimChanged from:body"' in page


def test_unknown_panel_is_not_found(reviewer_client, claim):
    assert reviewer_client.get(url("claim-panel", claim, "secrets")).status_code == 404


def test_timeline_lists_every_step_in_order(reviewer_client, claim, reviewer, editor):
    claim.assign(reviewer, by=reviewer)
    claim.transition(S.IN_RESEARCH, by=reviewer)
    make_evidence(claim, reviewer)
    claim.draft_verdict(rating=default_rating("True"), headline="Accurate", explanation="", by=reviewer)
    claim.transition(S.IN_REVIEW, by=reviewer)
    Comment.objects.create(claim=claim, author=editor, body="Looks right.")

    page = reviewer_client.get(url("claim-panel", claim, "timeline"), headers=HTMX).content.decode()

    steps = [
        "added the claim",
        "took the claim",
        "moved it from New to In research",
        "added evidence that supports the claim",
        "drafted a verdict",
        "moved it from In research to In review",
        "commented",
    ]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)


def test_messages_are_not_left_over_after_htmx_writes(reviewer_client, claim):
    response = reviewer_client.post(url("comment-add", claim), {"body": "hi"}, headers=HTMX)
    assert not list(get_messages(response.wsgi_request))


def test_claim_page_query_count_does_not_grow_with_history(reviewer_client, reviewer, editor):
    def count(claim):
        with CaptureQueriesContext(connection) as queries:
            assert reviewer_client.get(claim.get_absolute_url()).status_code == 200
        return len(queries)

    small = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    large = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    for number in range(8):
        make_evidence(large, reviewer)
        Comment.objects.create(claim=large, author=editor, body=f"Comment {number}")
        large.assign(reviewer if number % 2 else editor, by=editor)
    large.draft_verdict(rating=default_rating(), headline="x", explanation="", by=reviewer)
    small.draft_verdict(rating=default_rating(), headline="x", explanation="", by=reviewer)

    assert count(large) == count(small)


@pytest.mark.parametrize("status", [S.APPROVED, S.PUBLISHED])
def test_only_an_editor_changes_a_claim_readers_see_or_are_about_to(client, reviewer, editor, second_editor, status):
    claim = bring_to(make_claim(text="As approved"), status, author=reviewer, approver=editor)
    item = make_evidence(claim, reviewer, excerpt="As approved")
    client.force_login(reviewer)

    refused = [
        client.get(reverse("claims:claim-edit", args=[claim.pk])),
        client.post(reverse("claims:claim-edit", args=[claim.pk]), {"text": "x", "kind": "other", "priority": 2}),
        client.post(url("evidence-add", claim), {"stance": "refutes", "url": "https://example.org/x"}),
        client.post(url("evidence-edit", claim, item.pk), {f"evidence-{item.pk}-excerpt": "x"}),
        client.post(url("evidence-delete", claim, item.pk)),
    ]

    assert [response.status_code for response in refused] == [403] * 5
    assert "only an editor can change it now" in refused[0].content.decode()
    claim.refresh_from_db()
    item.refresh_from_db()
    assert (claim.text, item.excerpt, claim.evidence.count()) == ("As approved", "As approved", 1)
    client.force_login(second_editor)
    assert client.get(reverse("claims:claim-edit", args=[claim.pk])).status_code == 200
