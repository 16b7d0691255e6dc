"""Nothing half-written: a failure injected in the middle of a write that spans several rows leaves
the database as it was before the request, audit record included."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from claims import intake
from claims.documents import read_text
from claims.history import event_model
from claims.models import Candidate, Claim, Claimant, Source, StatusChange
from tests.factories import make_claim
from tests.web import logged_in

pytestmark = pytest.mark.django_db
ARTICLE = (
    'Lukashenko said: "No one, except us, governs Belarus." '
    "Konrad Muzyka said 10,000 to 15,000 Russian soldiers were training in Belarus. "
    "Minsk is around 55 miles from the border."
)


def failing_client(user) -> Client:
    """A browser whose request meets a server failure: it gets a 500, the test gets the database."""
    return logged_in(user, raise_request_exception=False)


def fail_on_call(number: int, real):
    """Wrap `real` so that its `number`th call raises, as a full disk or a lost connection would."""
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            raise DatabaseError("injected failure")
        return real(*args, **kwargs)

    return wrapper


def test_an_import_failing_after_the_source_was_saved_leaves_nothing(reviewer):
    real_bulk_create = Candidate.objects.bulk_create

    def save_half_then_fail(candidates, *args, **kwargs):
        real_bulk_create(candidates[: len(candidates) // 2])
        raise DatabaseError("injected failure")

    client = failing_client(reviewer)
    with mock.patch.object(Candidate.objects, "bulk_create", save_half_then_fail):
        response = client.post(reverse("claims:import"), {"text": ARTICLE, "title": "Minsk visit", "kind": "article"})

    assert response.status_code == 500
    assert not Source.objects.exists()
    assert not Candidate.objects.exists()
    assert not event_model(Source).objects.exists()


def test_the_same_import_succeeds_once_the_failure_is_gone(reviewer):
    client = failing_client(reviewer)
    response = client.post(reverse("claims:import"), {"text": ARTICLE, "title": "Minsk visit", "kind": "article"})
    assert response.status_code == 302
    assert Source.objects.get().candidates.count() >= 3


def test_a_bulk_status_change_failing_on_the_second_claim_moves_none(reviewer):
    claims = [make_claim() for _ in range(3)]
    client = failing_client(reviewer)

    with mock.patch.object(Claim, "transition", fail_on_call(2, Claim.transition)):
        response = client.post(
            reverse("claims:claim-bulk"), {"claims": [c.pk for c in claims], "action": "status:in_research"}
        )

    assert response.status_code == 500
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.NEW}
    assert not StatusChange.objects.exists()
    assert not event_model(Claim).objects.filter(pgh_label="update").exists()


def test_a_bulk_assignment_failing_midway_assigns_none(editor, reviewer):
    claims = [make_claim() for _ in range(3)]
    client = failing_client(editor)

    with mock.patch.object(Claim, "assign", fail_on_call(3, Claim.assign)):
        response = client.post(
            reverse("claims:claim-bulk"),
            {"claims": [c.pk for c in claims], "action": "assign", "assignee": reviewer.pk},
        )

    assert response.status_code == 500
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_accepting_several_candidates_failing_on_the_second_creates_no_claim(reviewer):
    source = intake.import_document(read_text(ARTICLE.encode())).source
    chosen = list(source.candidates.values_list("pk", flat=True))[:3]
    client = failing_client(reviewer)

    with mock.patch.object(intake, "accept", fail_on_call(2, intake.accept)):
        response = client.post(reverse("claims:candidates-accept", args=[source.pk]), {"candidates": chosen})

    assert response.status_code == 500
    assert not Claim.objects.exists()
    assert not source.candidates.exclude(decision=Candidate.Decision.PENDING).exists()


def test_an_admin_bulk_action_failing_midway_moves_none(admin_user):
    claims = [make_claim() for _ in range(3)]
    client = failing_client(admin_user)

    with mock.patch.object(Claim, "transition", fail_on_call(2, Claim.transition)):
        response = client.post(
            reverse("admin:claims_claim_changelist"),
            {"action": "move_to_in_research", "_selected_action": [c.pk for c in claims]},
        )

    assert response.status_code == 500
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.NEW}


def test_a_claim_edit_failing_after_a_new_claimant_was_made_keeps_neither(editor):
    claim = make_claim(text="Before")
    client = failing_client(editor)

    with mock.patch.object(Claim, "save", fail_on_call(1, Claim.save)):
        response = client.post(
            reverse("claims:claim-edit", args=[claim.pk]),
            {"text": "After", "kind": "quote", "priority": 2, "version": 1, "claimant_name": "Konrad Muzyka"},
        )

    assert response.status_code == 500
    assert not Claimant.objects.exists()
    claim.refresh_from_db()
    assert claim.text == "Before"
