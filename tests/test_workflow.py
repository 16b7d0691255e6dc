"""The claim status workflow: every legal and illegal transition, its conditions and its record."""

import itertools

import pytest
from django.db import IntegrityError

from claims.models import Claim, IllegalTransition, StatusChange, TransitionNotPermitted, Verdict
from tests.factories import bring_to, default_rating, make_claim

S = Claim.Status
LEGAL = {(t.source, t.target) for t in Claim.WORKFLOW}
ILLEGAL = [pair for pair in itertools.product(S, S) if pair not in LEGAL]


def test_the_workflow_is_the_desk_workflow():
    desk_workflow = {
        (S.NEW, S.IN_RESEARCH),
        (S.NEW, S.NOT_CHECKABLE),
        (S.NEW, S.DUPLICATE),
        (S.IN_RESEARCH, S.IN_REVIEW),
        (S.IN_RESEARCH, S.NOT_CHECKABLE),
        (S.IN_RESEARCH, S.DUPLICATE),
        (S.IN_REVIEW, S.APPROVED),
        (S.IN_REVIEW, S.IN_RESEARCH),
        (S.APPROVED, S.PUBLISHED),
        (S.APPROVED, S.IN_RESEARCH),
        (S.PUBLISHED, S.IN_RESEARCH),
        (S.NOT_CHECKABLE, S.NEW),
        (S.DUPLICATE, S.NEW),
    }
    assert desk_workflow == LEGAL


@pytest.mark.parametrize(("source", "target"), sorted(LEGAL))
def test_legal_transition_moves_the_claim_and_records_it(source, target, reviewer, editor):
    claim = bring_to(make_claim(), source, author=reviewer, approver=editor)
    other = make_claim()
    if target == S.IN_REVIEW:
        claim.draft_verdict(rating=default_rating(), headline="Wrong", explanation="Because.", by=reviewer)

    claim.transition(target, by=editor, note="Reason given", duplicate_of=other)

    claim.refresh_from_db()
    assert claim.status == target
    assert claim.duplicate_of == (other if target == S.DUPLICATE else None)
    change = claim.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        source,
        target,
        editor,
        "Reason given",
    )


@pytest.mark.parametrize(("source", "target"), sorted(ILLEGAL))
def test_illegal_transition_is_refused_and_changes_nothing(source, target, reviewer, editor):
    claim = bring_to(make_claim(), source, author=reviewer, approver=editor)
    changes_before = StatusChange.objects.count()

    with pytest.raises(IllegalTransition, match="cannot move to"):
        claim.transition(target, by=editor, note="Reason", duplicate_of=make_claim())

    claim.refresh_from_db()
    assert claim.status == source
    assert StatusChange.objects.count() == changes_before


def test_reviewer_cannot_approve(reviewer, second_reviewer, editor):
    claim = bring_to(make_claim(), S.IN_REVIEW, author=reviewer, approver=editor)

    with pytest.raises(TransitionNotPermitted):
        claim.transition(S.APPROVED, by=second_reviewer)

    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW


def test_reviewer_cannot_publish_or_send_back(reviewer, editor):
    approved = bring_to(make_claim(), S.APPROVED, author=reviewer, approver=editor)
    for target in (S.PUBLISHED, S.IN_RESEARCH):
        with pytest.raises(TransitionNotPermitted):
            approved.transition(target, by=reviewer, note="Try")


def test_user_without_role_cannot_start_research(stranger):
    claim = make_claim()
    with pytest.raises(TransitionNotPermitted):
        claim.transition(S.IN_RESEARCH, by=stranger)


def test_author_cannot_approve_own_verdict_even_as_editor(editor):
    claim = bring_to(make_claim(), S.IN_REVIEW, author=editor, approver=editor)

    with pytest.raises(IllegalTransition, match="someone other than its author"):
        claim.transition(S.APPROVED, by=editor)

    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW


def test_proposing_needs_a_drafted_verdict(reviewer):
    claim = make_claim()
    claim.transition(S.IN_RESEARCH, by=reviewer)

    with pytest.raises(IllegalTransition, match="Draft a verdict"):
        claim.transition(S.IN_REVIEW, by=reviewer)


def test_sending_back_needs_a_reason_and_clears_the_approval(reviewer, editor):
    claim = bring_to(make_claim(), S.APPROVED, author=reviewer, approver=editor)

    with pytest.raises(IllegalTransition, match="why"):
        claim.transition(S.IN_RESEARCH, by=editor, note="  ")
    claim.transition(S.IN_RESEARCH, by=editor, note="Find a second source.")

    verdict = claim.verdicts.get(is_current=True)
    assert (verdict.approved_by, verdict.approved_at) == (None, None)


def test_not_checkable_needs_a_reason(reviewer):
    with pytest.raises(IllegalTransition, match="cannot be checked"):
        make_claim().transition(S.NOT_CHECKABLE, by=reviewer)


def test_duplicate_needs_another_claim_and_reopening_clears_it(reviewer, editor):
    claim = make_claim()
    with pytest.raises(IllegalTransition, match="duplicates"):
        claim.transition(S.DUPLICATE, by=reviewer)
    with pytest.raises(IllegalTransition, match="duplicates"):
        claim.transition(S.DUPLICATE, by=reviewer, duplicate_of=claim)

    original = make_claim()
    claim.transition(S.DUPLICATE, by=reviewer, duplicate_of=original)
    assert original.duplicates.get() == claim
    claim.transition(S.NEW, by=editor)

    claim.refresh_from_db()
    assert claim.duplicate_of is None


def test_approving_and_publishing_stamp_the_verdict(reviewer, editor):
    claim = bring_to(make_claim(), S.PUBLISHED, author=reviewer, approver=editor)

    verdict = claim.verdicts.get(is_current=True)
    assert verdict.approved_by == editor
    assert verdict.approved_at is not None
    assert verdict.published_at >= verdict.approved_at
    assert list(Claim.objects.published()) == [claim]


def test_a_stale_copy_cannot_move_a_claim_someone_else_moved(reviewer, editor):
    claim = make_claim()
    stale = Claim.objects.get(pk=claim.pk)
    claim.transition(S.IN_RESEARCH, by=reviewer)

    with pytest.raises(IllegalTransition, match="in the meantime"):
        stale.transition(S.NOT_CHECKABLE, by=reviewer, note="Opinion")

    claim.refresh_from_db()
    assert claim.status == S.IN_RESEARCH


def test_status_is_not_written_directly(reviewer):
    claim = make_claim()
    claim.status = S.PUBLISHED
    with pytest.raises(IllegalTransition, match="only through"):
        claim.save()
    with pytest.raises(IllegalTransition, match="starts as New"):
        Claim.objects.create(text="Born published", status=S.PUBLISHED)

    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_available_transitions_depend_on_role(reviewer, editor):
    claim = bring_to(make_claim(), S.IN_REVIEW, author=reviewer, approver=editor)

    assert claim.available_transitions(reviewer) == []
    assert {t.target for t in claim.available_transitions(editor)} == {S.APPROVED, S.IN_RESEARCH}


def test_a_draft_is_revised_in_place_until_proposed(reviewer):
    claim = make_claim()
    first = claim.draft_verdict(rating=default_rating("True"), headline="One", explanation="A", by=reviewer)
    revised = claim.draft_verdict(rating=default_rating("False"), headline="Two", explanation="B", by=reviewer)

    assert revised.pk == first.pk
    assert claim.verdicts.get().headline == "Two"


def test_a_verdict_sent_back_stays_in_the_history(reviewer, editor):
    claim = bring_to(make_claim(), S.IN_REVIEW, author=reviewer, approver=editor)
    proposed = claim.current_verdict
    claim.transition(S.IN_RESEARCH, by=editor, note="Needs a primary source.")

    redraft = claim.draft_verdict(rating=default_rating("Misleading"), headline="New", explanation="", by=reviewer)

    proposed.refresh_from_db()
    assert redraft.pk != proposed.pk
    assert not proposed.is_current and proposed.proposed_at is not None
    assert claim.current_verdict == redraft
    assert claim.verdicts.count() == 2


def test_no_draft_verdict_once_in_review(reviewer, editor):
    claim = bring_to(make_claim(), S.IN_REVIEW, author=reviewer, approver=editor)
    with pytest.raises(IllegalTransition, match="takes no new draft"):
        claim.draft_verdict(rating=default_rating(), headline="Late", explanation="", by=reviewer)


def test_database_refuses_a_second_current_verdict(reviewer):
    claim = make_claim()
    claim.draft_verdict(rating=default_rating(), headline="One", explanation="", by=reviewer)
    with pytest.raises(IntegrityError):
        Verdict.objects.create(claim=claim, rating=default_rating(), headline="Two", explanation="", author=reviewer)


def test_database_refuses_self_approval(reviewer):
    claim = make_claim()
    verdict = claim.draft_verdict(rating=default_rating(), headline="One", explanation="", by=reviewer)
    with pytest.raises(IntegrityError):
        verdict.approve(reviewer)
