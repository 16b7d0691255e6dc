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
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop

from claims import models  # the module, not its names: claims.models imports this one
from claims.people import name

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


def assigned(claim, assignee, *, by) -> None:
    def text():
        return gettext("%(person)s assigned you claim %(number)s.") % {"person": name(by), "number": claim.pk}

    notify(claim, [assignee], models.Notification.Kind.ASSIGNED, text, by)


def transitioned(claim, step, *, by, note: str) -> None:
    """A verdict sent back or approved tells its author; a claim published tells its followers."""
    S, Kind = models.Claim.Status, models.Notification.Kind
    facts = {"person": name(by), "number": claim.pk, "note": note}
    if step.target == S.PUBLISHED:
        followers = get_user_model().objects.filter(follows__claim=claim)
        notify(claim, followers, Kind.PUBLISHED, lambda: gettext("%(person)s published claim %(number)s.") % facts, by)
    elif step.target == S.APPROVED or (step.source in (S.IN_REVIEW, S.APPROVED) and step.target == S.IN_RESEARCH):
        verdict = claim.verdicts.filter(is_current=True).select_related("author").first()
        if step.target == S.APPROVED:
            kind = Kind.APPROVED
            sentence = gettext_noop("%(person)s approved your verdict on claim %(number)s.")
        else:
            kind = Kind.SENT_BACK
            sentence = gettext_noop("%(person)s sent back your verdict on claim %(number)s: %(note)s")
        notify(claim, [verdict.author] if verdict else [], kind, lambda: gettext(sentence) % facts, by)


def chosen_languages(users) -> dict:
    """The language each of these people chose (none: the site's, LANGUAGE_CODE)."""
    chosen = models.NotificationSettings.objects.filter(user__in=[user.pk for user in users]).exclude(language="")
    languages = dict(chosen.values_list("user_id", "language")) if users else {}
    return {user.pk: languages.get(user.pk, settings.LANGUAGE_CODE) for user in users}


def notify(claim, recipients, kind, text, actor) -> list:
    """One notification each (never to the actor), and after the commit an email to those who want one.
    `text()` writes the sentence: it is called in each person's language."""
    recipients = [user for user in recipients if user.pk != actor.pk]
    languages = chosen_languages(recipients)
    texts = {}
    for user in recipients:
        with translation.override(languages[user.pk]):
            texts[user.pk] = Truncator(text()).chars(500)
    made = models.Notification.objects.bulk_create(
        models.Notification(recipient=user, claim=claim, kind=kind, text=texts[user.pk], actor=actor)
        for user in recipients
    )
    if made and _email_on.get():
        addresses = (
            get_user_model()
            .objects.filter(pk__in=[notification.recipient_id for notification in made])
            .exclude(email="")
            .exclude(notification_settings__email_muted=True)
            .values_list("pk", "email")
        )
        emails = [(email, texts[pk], languages[pk]) for pk, email in addresses]
        if emails:
            transaction.on_commit(lambda: send_emails(claim, emails), robust=True)
    return made


def send_emails(claim, emails: list[tuple[str, str, str]]) -> None:
    """One message per person (nobody sees the others' addresses), in their language: (address, text,
    language) each. A mail server that fails is logged: the change it was about is already saved."""
    link = settings.SITE_URL.rstrip("/") + claim.get_absolute_url()
    quoted = Truncator(claim.text).chars(300)
    for address, text, language in emails:
        with translation.override(language):
            mute = gettext("You can mute these emails on your notifications page.")
        body = f"{text}\n\n“{quoted}”\n\n{link}\n\n{mute}"
        subject = Truncator(text.splitlines()[0] if text else "").chars(150)
        try:
            send_mail(f"[Factcheck] {subject}", body, None, [address])
        except Exception:
            logger.exception("Could not email a notification to %s", address)
