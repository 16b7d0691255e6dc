"""Who hears about what happens to a claim. Claim.assign and Claim.transition call these inside their
transaction, so a notification exists exactly when the change does; the emails go out after the commit
(Django's mail: the console by default, SMTP from the settings), to people who have an address and have
not muted email. Nobody is notified of their own change."""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils.text import Truncator

from claims import models  # the module, not its names: claims.models imports this one

logger = logging.getLogger(__name__)

_email_on = contextvars.ContextVar("notification_email_on", default=True)


@contextlib.contextmanager
def without_email():
    """In-app notifications only, for what is not news to anyone (the demo being loaded)."""
    token = _email_on.set(False)
    try:
        yield
    finally:
        _email_on.reset(token)


def name(user) -> str:
    return user.get_full_name() or user.username


def assigned(claim, assignee, *, by) -> None:
    notify(claim, [assignee], models.Notification.Kind.ASSIGNED, f"{name(by)} assigned you claim {claim.pk}.", by)


def transitioned(claim, step, *, by, note: str) -> None:
    """A verdict sent back or approved tells its author; a claim published tells its followers."""
    S, Kind = models.Claim.Status, models.Notification.Kind
    if step.target == S.PUBLISHED:
        followers = get_user_model().objects.filter(follows__claim=claim)
        notify(claim, followers, Kind.PUBLISHED, f"{name(by)} published claim {claim.pk}.", by)
    elif step.target == S.APPROVED or (step.source in (S.IN_REVIEW, S.APPROVED) and step.target == S.IN_RESEARCH):
        verdict = claim.verdicts.filter(is_current=True).select_related("author").first()
        if step.target == S.APPROVED:
            kind, text = Kind.APPROVED, f"{name(by)} approved your verdict on claim {claim.pk}."
        else:
            kind, text = Kind.SENT_BACK, f"{name(by)} sent back your verdict on claim {claim.pk}: {note}"
        notify(claim, [verdict.author] if verdict else [], kind, Truncator(text).chars(500), by)


def notify(claim, recipients, kind, text: str, actor) -> list:
    """One notification each (never to the actor), and after the commit an email to those who want one."""
    made = models.Notification.objects.bulk_create(
        models.Notification(recipient=user, claim=claim, kind=kind, text=text, actor=actor)
        for user in recipients
        if user.pk != actor.pk
    )
    if made and _email_on.get():
        addresses = list(
            get_user_model()
            .objects.filter(pk__in=[notification.recipient_id for notification in made])
            .exclude(email="")
            .exclude(notification_settings__email_muted=True)
            .values_list("email", flat=True)
        )
        if addresses:
            transaction.on_commit(lambda: send_emails(claim, text, addresses), robust=True)
    return made


def send_emails(claim, text: str, addresses: list[str]) -> None:
    """One message per person (nobody sees the others' addresses). A mail server that fails is logged:
    the change it was about is already saved."""
    link = settings.SITE_URL.rstrip("/") + claim.get_absolute_url()
    quoted = Truncator(claim.text).chars(300)
    body = f"{text}\n\n“{quoted}”\n\n{link}\n\nYou can mute these emails on your notifications page."
    subject = Truncator(text.splitlines()[0] if text else "").chars(150)
    for address in addresses:
        try:
            send_mail(f"[Factcheck] {subject}", body, None, [address])
        except Exception:
            logger.exception("Could not email a notification to %s", address)
