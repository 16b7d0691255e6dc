"""Reading the audit record that database triggers keep (django-pghistory): each save of a tracked
row leaves a snapshot, with the request's user and URL when there was a request. Comparing a row's
consecutive snapshots tells what changed, from what, and who changed it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models

# Fields whose changes the timeline and conflict messages leave out: bookkeeping, or told elsewhere
# (status and assignment have their own records, with notes).
UNTOLD = {"id", "version", "created_at", "updated_at", "created_by"}
TOLD_ELSEWHERE = {
    "Claim": {"status", "duplicate_of", "assignee"},
    "Verdict": {"proposed_at", "approved_at", "approved_by", "published_at", "is_current"},
}
LONG_TEXT = 300


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class Revision:
    """One insert, update or delete of a tracked row, as its event recorded it."""

    event: models.Model
    action: str  # "insert", "update" or "delete"
    at: datetime
    user: object  # the acting user, or None when the change came from outside a request
    url: str
    changes: list[FieldChange] = field(default_factory=list)


def event_model(model: type[models.Model]) -> type[models.Model]:
    return model.events.rel.related_model


def told_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of the model's event table worth telling a person about."""
    skip = UNTOLD | TOLD_ELSEWHERE.get(model.__name__, set())
    tracked = {f.name for f in event_model(model)._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name in tracked and f.name not in skip]


def revisions(model: type[models.Model], events) -> list[Revision]:
    """Each event of `events` (of one model, any number of rows) with the fields it changed
    compared with the previous event of the same row."""
    fields = told_fields(model)
    relations = [f.name for f in fields if f.is_relation]
    events = list(events.select_related("pgh_context", *relations).order_by("pgh_id"))
    users = users_by_id(events)
    previous: dict[int, models.Model] = {}
    result = []
    for event in events:
        before = previous.get(event.pgh_obj_id)
        changes = []
        if before is not None and event.pgh_label == "update":
            changes = [
                FieldChange(str(f.verbose_name), shown(before, f), shown(event, f))
                for f in fields
                if getattr(before, f.attname) != getattr(event, f.attname)
            ]
        previous[event.pgh_obj_id] = event
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        result.append(
            Revision(
                event=event,
                action=event.pgh_label,
                at=event.pgh_created_at,
                user=users.get(context.get("user")),
                url=context.get("url", ""),
                changes=changes,
            )
        )
    return result


def changes_since(instance: models.Model, version: int) -> list[Revision]:
    """What others changed in `instance` after the `version` the writer started from, newest last."""
    model = type(instance)
    events = event_model(model).objects.filter(pgh_obj_id=instance.pk, version__gte=version)
    return [r for r in revisions(model, events) if r.event.version > version]


def users_by_id(events) -> dict:
    ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context_id}
    ids.discard(None)
    return get_user_model().objects.in_bulk(ids) if ids else {}


def shown(event: models.Model, f: models.Field) -> str:
    """A field's value in an event, the way a person reads it."""
    value = getattr(event, f.attname)
    if value is None or value == "":
        return "(empty)"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation:
        related = getattr(event, f.name, None)
        return str(related) if related is not None else f"#{value}"
    text = str(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"
