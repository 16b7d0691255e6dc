"""Notifications: who hears about what (assigned, sent back, approved, published to followers), in the
app and by email after the commit; muting email; the bell and the list, marked read only by their
owner; following a claim from its page."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from claims.models import Claim, Follow, IllegalTransition, Notification, NotificationSettings
from claims.roles import Role
from tests.factories import bring_to, default_rating, make_claim, make_user
from tests.test_browser import DESKTOP, log_in
from tests.web import HTMX, logged_in

pytestmark = pytest.mark.django_db

S, Kind = Claim.Status, Notification.Kind
LIST_URL = reverse("claims:notification-list")
BELL_URL = reverse("claims:notification-bell")


@pytest.fixture(autouse=True)
def addresses(request):
    """Everyone has an email address. A transactional (browser) test first gets the roles back: the flush
    after another transactional test emptied them."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("migration_data")
    people = ("reviewer", "second_reviewer", "editor", "second_editor")
    for user in (request.getfixturevalue(name) for name in people):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@example.org")


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the emails) when the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def notifications_of(user) -> list[tuple]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", "actor__username"))


def in_review(author, approver) -> Claim:
    return bring_to(make_claim(text="Exports doubled in five years."), S.IN_REVIEW, author=author, approver=approver)


# Who is told


def test_assigning_a_claim_notifies_the_assignee_in_the_app_and_by_email(reviewer, editor, commits):
    claim = make_claim()
    with commits():
        claim.assign(reviewer, by=editor)
    assert notifications_of(reviewer) == [(Kind.ASSIGNED, "ed")]
    assert notifications_of(editor) == []
    [email] = mail.outbox
    assert email.to == ["rita@example.org"]
    assert f"assigned you claim {claim.pk}" in email.subject
    assert claim.get_absolute_url() in email.body and claim.text in email.body


def test_taking_a_claim_yourself_notifies_nobody(reviewer, commits):
    claim = make_claim()
    with commits():
        claim.assign(reviewer, by=reviewer)
    assert Notification.objects.count() == 0 and mail.outbox == []
    assert Follow.objects.filter(claim=claim, user=reviewer).exists()  # the assignee follows the claim


def test_the_email_waits_for_the_commit(reviewer, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_claim().assign(reviewer, by=editor)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_sending_a_verdict_back_notifies_its_author_with_the_reason(reviewer, editor, commits):
    claim = in_review(reviewer, editor)
    with commits():
        claim.transition(S.IN_RESEARCH, by=editor, note="Find the customs figures.")
    assert notifications_of(reviewer) == [(Kind.SENT_BACK, "ed")]
    assert "Find the customs figures." in Notification.objects.get(recipient=reviewer).text
    assert [email.to for email in mail.outbox] == [["rita@example.org"]]


def test_approving_a_verdict_notifies_its_author(reviewer, editor, commits):
    claim = in_review(reviewer, editor)
    with commits():
        claim.transition(S.APPROVED, by=editor)
    assert notifications_of(reviewer) == [(Kind.APPROVED, "ed")]
    assert "approved your verdict" in mail.outbox[0].subject


def test_publishing_notifies_the_followers_but_not_the_publisher(
    reviewer, second_reviewer, editor, second_editor, commits
):
    claim = bring_to(make_claim(), S.APPROVED, author=reviewer, approver=editor)
    claim.follow(second_reviewer)
    claim.follow(second_editor)
    Notification.objects.all().delete()
    with commits():
        claim.transition(S.PUBLISHED, by=second_editor)
    # The verdict's author follows the claim from the draft on; the publisher is not told of their own step.
    recipients = Notification.objects.filter(kind=Kind.PUBLISHED).values_list("recipient__username", flat=True)
    assert sorted(recipients) == ["rita", "ron"]
    assert sorted(email.to[0] for email in mail.outbox) == ["rita@example.org", "ron@example.org"]


def test_muted_email_leaves_the_notification_in_the_app_only(reviewer, editor, commits):
    NotificationSettings.objects.create(user=reviewer, email_muted=True)
    with commits():
        make_claim().assign(reviewer, by=editor)
    assert notifications_of(reviewer) == [(Kind.ASSIGNED, "ed")]
    assert mail.outbox == []


def test_a_person_without_an_email_address_gets_no_email(reviewer, editor, commits):
    User.objects.filter(pk=reviewer.pk).update(email="")
    with commits():
        make_claim().assign(reviewer, by=editor)
    assert notifications_of(reviewer) == [(Kind.ASSIGNED, "ed")] and mail.outbox == []


def test_a_refused_step_leaves_no_notification(reviewer, editor, commits):
    claim = in_review(reviewer, editor)
    with commits(), pytest.raises(IllegalTransition, match="Say why"):
        claim.transition(S.IN_RESEARCH, by=editor, note="")
    assert notifications_of(reviewer) == [] and mail.outbox == []


def test_a_mail_server_that_fails_does_not_undo_the_change(reviewer, editor, commits, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_notifications.BrokenBackend"}}
    claim = make_claim()
    with commits():
        claim.assign(reviewer, by=editor)
    claim.refresh_from_db()
    assert claim.assignee == reviewer and notifications_of(reviewer) == [(Kind.ASSIGNED, "ed")]
    assert "Could not email a notification to rita@example.org" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


# The bell and the list


def unread_for(user, count: int = 1) -> list[Notification]:
    for _ in range(count):
        make_claim().assign(user, by=make_user(Role.EDITOR))
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def bell_count(html: str) -> str | None:
    marker = 'class="bell-count">'
    return html.partition(marker)[2].partition("<")[0] if marker in html else None


def test_the_bell_shows_the_unread_count_on_every_page(reviewer):
    unread_for(reviewer, 2)
    client = logged_in(reviewer)
    for path in (reverse("claims:dashboard"), reverse("claims:claim-list"), LIST_URL):
        assert bell_count(client.get(path).text) == "2", path
    bell = client.get(BELL_URL, headers=HTMX)
    assert "<html" not in bell.text and bell_count(bell.text) == "2"
    assert 'hx-trigger="every 45s, notificationsChanged from:body"' in bell.text
    assert bell["Cache-Control"] == "no-store"


def test_the_bell_counts_in_one_query(reviewer):
    client = logged_in(reviewer)
    with CaptureQueriesContext(connection) as none:
        client.get(BELL_URL)
    unread_for(reviewer, 3)
    with CaptureQueriesContext(connection) as some:
        assert bell_count(client.get(BELL_URL).text) == "3"
    counts = [query["sql"] for query in some if "claims_notification" in query["sql"]]
    assert len(counts) == 1 and len(some) == len(none)


def test_the_bell_stops_at_99(reviewer):
    editor = make_user(Role.EDITOR)
    claim = make_claim()
    Notification.objects.bulk_create(
        Notification(recipient=reviewer, claim=claim, kind=Kind.ASSIGNED, text="x", actor=editor) for _ in range(120)
    )
    assert bell_count(logged_in(reviewer).get(BELL_URL).text) == "99+"


def test_a_user_without_a_role_has_no_bell(stranger):
    assert logged_in(stranger).get(BELL_URL).status_code == 403


def test_the_list_shows_ones_own_notifications_newest_first_with_links(reviewer, second_reviewer):
    first, second = unread_for(reviewer, 2)
    unread_for(second_reviewer)
    page = logged_in(reviewer).get(LIST_URL).text
    assert page.index(f'id="notification-{second.pk}"') < page.index(f'id="notification-{first.pk}"')
    assert second.claim.get_absolute_url() in page and first.claim.get_absolute_url() in page
    assert f'id="notification-{Notification.objects.get(recipient=second_reviewer).pk}"' not in page
    assert page.count('class="notification unread"') == 2


def test_the_list_query_count_does_not_grow(reviewer):
    client = logged_in(reviewer)
    unread_for(reviewer, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    unread_for(reviewer, 6)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST_URL)
    assert len(many) == len(few)


def test_marking_read_with_htmx_answers_the_item_and_refreshes_the_bell(reviewer):
    [notification] = unread_for(reviewer)
    client = logged_in(reviewer)
    response = client.post(reverse("claims:notification-read", args=[notification.pk]), headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert f'id="notification-{notification.pk}"' in response.text and "Mark read" not in response.text
    assert "notificationsChanged" in json.loads(response["HX-Trigger"])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert bell_count(client.get(BELL_URL).text) is None


def test_marking_read_without_javascript_redirects_to_the_list(reviewer):
    [notification] = unread_for(reviewer)
    response = logged_in(reviewer).post(reverse("claims:notification-read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == LIST_URL
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(reviewer, second_reviewer):
    unread_for(reviewer, 3)
    [other] = unread_for(second_reviewer)
    client = logged_in(reviewer)
    response = client.post(reverse("claims:notification-read-all"), headers=HTMX)
    assert response.status_code == 200 and 'id="notifications"' in response.text
    assert "unread" not in response.text.split('id="notifications"')[1].split("Mark all read")[1]
    assert not Notification.objects.filter(recipient=reviewer).unread().exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert client.post(reverse("claims:notification-read-all")).status_code == 302


def test_nobody_marks_someone_elses_notification(reviewer, second_reviewer, editor):
    [notification] = unread_for(reviewer)
    path = reverse("claims:notification-read", args=[notification.pk])
    for user in (second_reviewer, editor):
        for headers in ({}, HTMX):
            assert logged_in(user).post(path, headers=headers).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_muting_and_unmuting_email_from_the_list(reviewer):
    client = logged_in(reviewer)
    assert "Mute email" in client.get(LIST_URL).text
    response = client.post(reverse("claims:notification-settings"), {"email_muted": "on"}, headers=HTMX)
    assert response.status_code == 200 and "Email me again" in response.text and "<html" not in response.text
    assert NotificationSettings.objects.get(user=reviewer).email_muted
    assert client.post(reverse("claims:notification-settings"), {"email_muted": ""}).status_code == 302
    assert not NotificationSettings.objects.get(user=reviewer).email_muted


# Following


def test_following_and_unfollowing_a_claim_from_its_page(reviewer):
    claim = make_claim()
    client = logged_in(reviewer)
    assert ">Follow</button>" in client.get(claim.get_absolute_url()).text
    response = client.post(reverse("claims:claim-follow", args=[claim.pk]), {"follow": "on"}, headers=HTMX)
    assert response.status_code == 204 and "claimChanged" in json.loads(response["HX-Trigger"])
    assert claim.is_followed_by(reviewer)
    assert ">Unfollow</button>" in client.get(reverse("claims:claim-panel", args=[claim.pk, "workflow"])).text
    response = client.post(reverse("claims:claim-follow", args=[claim.pk]), {"follow": ""})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert not claim.is_followed_by(reviewer)


def test_following_twice_is_one_follow(reviewer):
    claim = make_claim()
    client = logged_in(reviewer)
    for _ in range(2):
        client.post(reverse("claims:claim-follow", args=[claim.pk]), {"follow": "on"})
    assert Follow.objects.filter(claim=claim, user=reviewer).count() == 1


def test_drafting_a_verdict_follows_the_claim(reviewer, second_reviewer, editor):
    claim = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    assert not claim.is_followed_by(second_reviewer)
    claim.draft_verdict(rating=default_rating(), headline="Wrong", explanation="Because.", by=second_reviewer)
    assert claim.is_followed_by(second_reviewer)


# In the browser


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_reads_a_notification_from_the_bell(page: Page, live_server, demo):
    """The bell shows the unread count; the list marks the notification read in place (htmx), and the
    bell's count goes away without a reload. No Content-Security-Policy violation on the way."""
    Notification.objects.update(read_at=timezone.now())  # the demo's own steps left some
    claim = Claim.objects.filter(assignee=None).order_by("pk").first()
    claim.assign(User.objects.get(username="reviewer"), by=User.objects.get(username="editor"))
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "reviewer")
    expect(page).to_have_url(re.compile(r"/claims/$"))

    bell = page.locator("#bell")
    expect(bell.locator(".bell-count")).to_have_text("1")
    bell.get_by_role("link", name="Notifications: 1 unread").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    unread = page.locator(".notification.unread")
    expect(unread).to_have_count(1)
    expect(unread).to_contain_text(f"Ed Editor assigned you claim {claim.pk}.")

    unread.get_by_role("button", name="Mark read").click()
    expect(page.locator(".notification.unread")).to_have_count(0)
    expect(page.locator(f"#notification-{claim.notifications.get().pk}")).to_contain_text("Read")
    expect(bell.locator(".bell-count")).to_have_count(0)
    expect(bell.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.reload()
    expect(bell.locator(".bell-count")).to_have_count(0)
    assert violations == []
