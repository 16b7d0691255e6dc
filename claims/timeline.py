"""What happened to a claim, in order: built from the records each step leaves."""

from dataclasses import dataclass
from datetime import datetime

from claims.models import Claim


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: object  # a user, or None when unknown
    kind: str
    text: str
    detail: str = ""


def claim_timeline(claim: Claim) -> list[Event]:
    events = [Event(claim.created_at, claim.created_by, "created", "added the claim")]
    for change in claim.status_changes.select_related("changed_by"):
        text = f"moved it from {change.get_from_status_display()} to {change.get_to_status_display()}"
        events.append(Event(change.changed_at, change.changed_by, "status", text, change.note))
    for change in claim.assignment_changes.select_related("assignee", "changed_by"):
        if change.assignee is None:
            text = "unassigned it"
        elif change.assignee == change.changed_by:
            text = "took the claim"
        else:
            text = f"assigned it to {name(change.assignee)}"
        events.append(Event(change.changed_at, change.changed_by, "assignment", text))
    for item in claim.evidence.select_related("added_by", "source"):
        text = f"added evidence that {item.get_stance_display().lower()}"
        events.append(Event(item.created_at, item.added_by, "evidence", text, str(item.source or item.url)))
    for verdict in claim.verdicts.select_related("author", "rating"):
        summary = f"{verdict.rating.label}: {verdict.headline}"
        events.append(Event(verdict.created_at, verdict.author, "verdict", "drafted a verdict", summary))
    for comment in claim.comments.select_related("author"):
        events.append(Event(comment.created_at, comment.author, "comment", "commented", comment.body))
    # Proposing, approving and publishing a verdict are status changes, listed above.
    return sorted(events, key=lambda event: event.at)


def name(user) -> str:
    return (user.get_full_name() or user.username) if user else "nobody"
