"""The audit record: kept by database triggers, so every way of writing a row leaves an event, with
the acting user and URL when a request made the change; shown on the claim page and in admin; and
append-only for everybody but the database owner."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.urls import reverse

from claims.history import event_model
from claims.models import Claim, Evidence, Rating, Verdict
from claims.roles import Role
from tests.factories import default_rating, make_claim, make_evidence, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}

ClaimEvent = event_model(Claim)
EvidenceEvent = event_model(Evidence)
VerdictEvent = event_model(Verdict)


def context_of(event) -> dict:
    return event.pgh_context.metadata if event.pgh_context_id else {}


def test_an_edit_through_the_app_records_who_where_and_the_values(client, editor):
    claim = make_claim(text="Putin visited Minsk.")
    client.force_login(editor)
    url = reverse("claims:claim-edit", args=[claim.pk])

    response = client.post(
        url, {"text": "Putin visited Minsk in December.", "kind": "event", "priority": 2, "version": 1}
    )

    assert response.status_code == 302
    update = ClaimEvent.objects.filter(pgh_obj=claim, pgh_label="update").get()
    assert update.text == "Putin visited Minsk in December."
    assert context_of(update)["user"] == editor.pk
    assert context_of(update)["url"] == url
    assert ClaimEvent.objects.filter(pgh_obj=claim, pgh_label="insert").get().text == "Putin visited Minsk."


def test_writes_outside_a_request_are_recorded_too(reviewer):
    """Shell, management commands, bulk updates and raw SQL: no user to name, but nothing escapes."""
    claim = make_claim(text="Original")
    Claim.objects.filter(pk=claim.pk).update(text="Bulk update")  # no save(), no signals
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET text = %s WHERE id = %s", ["Raw SQL", claim.pk])
    item = make_evidence(claim, reviewer, excerpt="first")
    Evidence.objects.filter(pk=item.pk).delete()

    texts = list(ClaimEvent.objects.filter(pgh_obj=claim).order_by("pgh_id").values_list("pgh_label", "text"))
    assert texts == [("insert", "Original"), ("update", "Bulk update"), ("update", "Raw SQL")]
    labels = list(
        EvidenceEvent.objects.filter(pgh_obj_id=item.pk).order_by("pgh_id").values_list("pgh_label", flat=True)
    )
    assert labels == ["insert", "delete"]


def test_ratings_verdicts_assignments_and_status_are_on_the_record(reviewer, editor):
    claim = make_claim()
    claim.assign(reviewer, by=editor)
    claim.transition(Claim.Status.IN_RESEARCH, by=reviewer)
    claim.draft_verdict(rating=default_rating("False"), headline="No", explanation="Because.", by=reviewer)
    claim.draft_verdict(rating=default_rating("Misleading"), headline="Partly", explanation="Because.", by=reviewer)
    rating = default_rating("True")
    rating.colour = "#00aa00"
    rating.save()

    states = list(ClaimEvent.objects.filter(pgh_obj=claim).order_by("pgh_id").values_list("status", "assignee"))
    assert states == [("new", None), ("new", reviewer.pk), ("in_research", reviewer.pk)]
    headlines = list(VerdictEvent.objects.filter(claim=claim).order_by("pgh_id").values_list("headline", flat=True))
    assert headlines == ["No", "Partly"]
    assert event_model(Rating).objects.filter(pgh_obj=rating, colour="#00aa00").exists()


def test_role_changes_are_on_the_record(reviewer):
    editors = Group.objects.get(name=Role.EDITOR)
    reviewer.groups.add(editors)
    reviewer.groups.remove(editors)

    RoleMembershipEvent = apps.get_model("claims", "RoleMembershipEvent")  # noqa: N806
    events = RoleMembershipEvent.objects.filter(user_id=reviewer.pk, group_id=editors.pk).order_by("pgh_id")
    assert list(events.values_list("pgh_label", flat=True)) == ["role.add", "role.remove"]


def test_event_tables_refuse_update_and_delete():
    claim = make_claim()
    event = ClaimEvent.objects.get(pgh_obj=claim)

    for statement in (
        "UPDATE claims_claimevent SET text = 'forged' WHERE pgh_id = %s",
        "DELETE FROM claims_claimevent WHERE pgh_id = %s",
    ):
        with (
            pytest.raises(ProgrammingError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pgh_id])
    with pytest.raises(ProgrammingError), transaction.atomic():
        ClaimEvent.objects.filter(pk=event.pk).delete()
    assert ClaimEvent.objects.get(pk=event.pk).text == claim.text


def test_only_the_table_owner_can_lift_the_protection():
    """A role that may write every table but owns none can neither change events nor switch the
    trigger off: only the database owner can (ALTER TABLE ... DISABLE TRIGGER)."""
    claim = make_claim()
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE factcheck_app_test NOLOGIN")
        cursor.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON claims_claimevent TO factcheck_app_test")
        cursor.execute("SET LOCAL ROLE factcheck_app_test")
        with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
            cursor.execute("DELETE FROM claims_claimevent WHERE pgh_obj_id = %s", [claim.pk])
        with pytest.raises(ProgrammingError, match="must be owner"), transaction.atomic():
            cursor.execute("ALTER TABLE claims_claimevent DISABLE TRIGGER USER")
        cursor.execute("RESET ROLE")
    assert ClaimEvent.objects.filter(pgh_obj=claim).exists()


def test_the_timeline_shows_edits_to_evidence_and_verdicts_with_before_and_after(client, reviewer):
    claim = make_claim()
    claim.transition(Claim.Status.IN_RESEARCH, by=reviewer)
    item = make_evidence(claim, reviewer, excerpt="Belarus has 9.2 million people.")
    client.force_login(reviewer)
    prefix = f"evidence-{item.pk}"
    client.post(
        reverse("claims:evidence-edit", args=[claim.pk, item.pk]),
        {
            f"{prefix}-version": 1,
            f"{prefix}-stance": "refutes",
            f"{prefix}-url": item.url,
            f"{prefix}-excerpt": "9.1 million.",
        },
        headers=HTMX,
    )
    second = make_evidence(claim, reviewer, url="https://example.org/removed")
    client.post(reverse("claims:evidence-delete", args=[claim.pk, second.pk]), headers=HTMX)
    claim.draft_verdict(rating=default_rating("False"), headline="First", explanation="x", by=reviewer)
    verdict = claim.current_verdict
    client.post(
        reverse("claims:verdict-save", args=[claim.pk]),
        {
            "rating": verdict.rating_id,
            "headline": "Second",
            "explanation": "x",
            "based_on_id": verdict.pk,
            "based_on_version": verdict.version,
        },
        headers=HTMX,
    )

    page = client.get(reverse("claims:claim-panel", args=[claim.pk, "timeline"]), headers=HTMX).content.decode()

    assert "edited evidence" in page
    assert '<del dir="auto">Belarus has 9.2 million people.</del> → <ins dir="auto">9.1 million.</ins>' in page
    assert '<del dir="auto">Supports the claim</del> → <ins dir="auto">Refutes the claim</ins>' in page
    assert "deleted evidence" in page and "https://example.org/removed" in page
    assert "revised the draft verdict" in page and '<del dir="auto">First</del> → <ins dir="auto">Second</ins>' in page
    assert page.index("added evidence") < page.index("edited evidence") < page.index("deleted evidence")


def test_admin_history_shows_the_audit_record(client, admin_user, editor):
    claim = make_claim(text="Before")
    client.force_login(editor)
    client.post(
        reverse("claims:claim-edit", args=[claim.pk]), {"text": "After", "kind": "other", "priority": 2, "version": 1}
    )
    client.force_login(admin_user)

    history = client.get(reverse("admin:claims_claim_history", args=[claim.pk]), follow=True)

    assert history.status_code == 200
    page = history.content.decode()
    assert "Before" in page and "After" in page  # the diff of the update
    assert reverse("claims:claim-edit", args=[claim.pk]) in page  # where it was made
    assert editor.username in page


def test_admins_can_read_events_but_not_change_them(client, admin_user):
    claim = make_claim()
    event = ClaimEvent.objects.get(pgh_obj=claim)
    client.force_login(admin_user)
    events_url = reverse("admin:claims_claimevent_changelist")

    assert client.get(events_url).status_code == 200
    assert client.get(reverse("admin:claims_claimevent_change", args=[event.pk])).status_code == 200
    assert client.post(reverse("admin:claims_claimevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert ClaimEvent.objects.filter(pk=event.pk).exists()


def test_people_without_the_admin_role_cannot_read_the_audit_admin(client):
    client.force_login(make_user(Role.EDITOR, is_staff=True))
    assert client.get(reverse("admin:claims_claimevent_changelist")).status_code == 403
