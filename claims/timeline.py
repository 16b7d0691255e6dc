"""What happened to a claim, in order: its workflow records, comments, and the audit record of every
edit to the claim, its evidence and its verdicts (kept by database triggers, see claims.history)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext

from claims import people
from claims.history import FieldChange, event_model, revisions
from claims.models import Claim, Evidence, Verdict


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: object  # a user, None when unknown, or a description ("A reader")
    kind: str
    text: str
    detail: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def claim_timeline(claim: Claim) -> list[Event]:
    events = [Event(claim.created_at, claim.created_by, "created", gettext("added the claim"))]
    if claim.origin == Claim.Origin.READER_TIP and claim.created_by_id is None:
        events = [
            Event(claim.created_at, gettext("A reader"), "created", gettext("suggested the claim on the public form"))
        ]
    for change in claim.status_changes.select_related("changed_by"):
        text = gettext("moved it from %(source)s to %(target)s") % {
            "source": change.get_from_status_display(),
            "target": change.get_to_status_display(),
        }
        events.append(Event(change.changed_at, change.changed_by, "status", text, change.note))
    for change in claim.assignment_changes.select_related("assignee", "changed_by"):
        if change.assignee is None:
            text = gettext("unassigned it")
        elif change.assignee == change.changed_by:
            text = gettext("took the claim")
        else:
            text = gettext("assigned it to %(person)s") % {"person": name(change.assignee)}
        events.append(Event(change.changed_at, change.changed_by, "assignment", text))
    for comment in claim.comments.select_related("author"):
        events.append(Event(comment.created_at, comment.author, "comment", gettext("commented"), comment.body))
    events += claim_edits(claim) + evidence_history(claim) + verdict_history(claim)
    # Proposing, approving and publishing a verdict are status changes, listed above.
    return sorted(events, key=lambda event: event.at)


def claim_edits(claim: Claim) -> list[Event]:
    history = revisions(Claim, event_model(Claim).objects.filter(pgh_obj_id=claim.pk, pgh_label="update"))
    return [Event(r.at, r.user, "edit", gettext("edited the claim"), changes=r.changes) for r in history if r.changes]


def evidence_history(claim: Claim) -> list[Event]:
    events = []
    for r in revisions(Evidence, event_model(Evidence).objects.filter(claim_id=claim.pk)):
        item = r.event
        summary = str(item.source or item.url)
        if r.action == "insert":
            text = gettext("added evidence that %(stance)s") % {"stance": item.get_stance_display().lower()}
            events.append(Event(r.at, r.user or item.added_by, "evidence", text, summary))
        elif r.action == "delete":
            events.append(Event(r.at, r.user, "evidence", gettext("deleted evidence"), summary))
        elif r.changes:
            events.append(Event(r.at, r.user, "evidence", gettext("edited evidence"), summary, r.changes))
    return events


def verdict_history(claim: Claim) -> list[Event]:
    events = []
    for r in revisions(Verdict, event_model(Verdict).objects.filter(claim_id=claim.pk)):
        verdict = r.event
        summary = f"{verdict.rating.label}: {verdict.headline}"
        if r.action == "insert":
            events.append(Event(r.at, r.user or verdict.author, "verdict", gettext("drafted a verdict"), summary))
        elif r.action == "update" and r.changes:
            events.append(Event(r.at, r.user, "verdict", gettext("revised the draft verdict"), summary, r.changes))
    return events


def name(user) -> str:
    return people.name(user) if user else gettext("nobody")
