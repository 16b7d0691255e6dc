"""Accounts: login throttling and lockout, password rules, logout by POST, cookies, safe redirects."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
PASSWORD = "correct horse battery"


def log_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR="203.0.113.7")


def test_the_right_password_logs_in(client, reviewer):
    response = log_in(client, "rita", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("claims:dashboard")


def test_a_wrong_password_says_so_without_telling_which_part_was_wrong(client, reviewer):
    response = log_in(client, "rita", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(client, reviewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "rita", "guess")

    response = log_in(client, "rita", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page and "ask an admin to unlock it" in page
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_account_and_address_and_an_admin_can_lift_it(client, reviewer, second_reviewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "rita", "guess")

    assert log_in(client, "ron", PASSWORD).status_code == 302  # another account from the same address
    assert client.post(LOGIN, {"username": "rita", "password": PASSWORD}, REMOTE_ADDR="198.51.100.1").status_code == 302
    client.logout()
    call_command("axes_reset_username", "rita", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert log_in(client, "rita", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, reviewer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "rita", "guess")
    assert log_in(client, "rita", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "rita", "guess")
    assert log_in(client, "rita", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "This password is too short"),
        ("password123", "This password is too common"),
        ("84736251947", "This password is entirely numeric"),
        ("ritareviewer", "The password is too similar to the username"),
    ],
)
def test_weak_passwords_are_refused_when_an_admin_creates_a_user(client, password, reason):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)

    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "ritareviewer", "password1": password, "password2": password, "usable_password": "true"},
    )

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not User.objects.filter(username="ritareviewer").exists()


def test_a_strong_password_is_accepted(client):
    client.force_login(make_user(Role.ADMIN))
    password = "tundra-lantern-87-quill"
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newreviewer", "password1": password, "password2": password, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert User.objects.get(username="newreviewer").check_password(password)


def test_logout_needs_a_post(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_is_a_form_with_a_csrf_token_on_every_page(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("claims:dashboard")).content.decode()
    form = page[page.index('<form class="logout"') : page.index("</form>", page.index('<form class="logout"'))]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_the_next_parameter_cannot_leave_the_site(client, reviewer, next_url):
    response = log_in(client, "rita", PASSWORD, next=next_url)

    assert response.status_code == 302
    assert response.url == reverse("claims:dashboard")


def test_the_next_parameter_returns_to_a_page_of_the_site(client, reviewer):
    response = log_in(client, "rita", PASSWORD, next="/claims/?status=new")
    assert response.url == "/claims/?status=new"


def test_session_cookie_is_http_only_and_same_site(client, reviewer):
    response = log_in(client, "rita", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_an_htmx_request_after_the_session_ended_sends_the_browser_to_log_in(client):
    claim_page = "/claims/7/?tab=evidence"
    response = client.post(
        reverse("claims:claim-transition", args=[7]),
        {"target": "in_research"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver" + claim_page},
    )

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"{LOGIN}?next=%2Fclaims%2F7%2F%3Ftab%3Devidence"


def test_a_plain_request_after_the_session_ended_is_redirected_as_usual(client):
    response = client.get(reverse("claims:claim-list"))
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/claims/"


def test_behind_the_proxy_the_lockout_follows_the_address_the_proxy_saw(client, reviewer, settings):
    settings.BEHIND_TLS_PROXY = True

    def attempt(forged: str, seen_by_proxy: str, password: str):
        # The proxy appends the address it saw; what comes before it is the client's own writing.
        return client.post(
            LOGIN,
            {"username": "rita", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"{forged}, {seen_by_proxy}",
        )

    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(f"198.51.100.{number}", "203.0.113.7", "guess")

    assert attempt("198.51.100.99", "203.0.113.7", PASSWORD).status_code == 429  # forging does not help
    assert attempt("203.0.113.7", "203.0.113.8", PASSWORD).status_code == 302  # another person, same proxy
