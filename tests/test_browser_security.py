"""In chromium, with the Content-Security-Policy enforced: the pages and their htmx writes work and
the browser reports no violation; a lost update is shown in place; a session ending sends the
person to the login page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.models import Claim, Evidence
from tests.web import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = DEMO_PASSWORD


@pytest.fixture
def violations(page: Page):
    """Every CSP violation the browser reports, from the page's own event and from the console."""
    found = []

    def listen(message):
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", listen)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return found


def log_in(page: Page, live_server, username: str, next_url: str = "/"):
    page.goto(live_server.url + next_url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))  # logged in and on the page asked for


def test_the_claim_page_works_under_the_policy_without_violations(page: Page, live_server, demo, violations):
    claim = Claim.objects.filter(status=Claim.Status.NEW).order_by("pk").first()
    log_in(page, live_server, "reviewer", claim.get_absolute_url())

    page.get_by_role("button", name="Start research").click()
    expect(page.locator("#workflow")).to_contain_text("In research")
    page.goto(live_server.url + reverse("claims:dashboard"))
    expect(page.locator(".bar").first).to_be_visible()
    width = page.locator(".bars .bar").first.evaluate("bar => getComputedStyle(bar).width")
    assert width != "auto" and float(width.removesuffix("px")) > 2  # share-N classes give the bars a width
    page.goto(live_server.url + reverse("checks:list"))
    rating = page.locator(".rating").first
    expect(rating).to_be_visible()
    assert rating.evaluate("r => getComputedStyle(r).backgroundColor") != "rgb(95, 107, 122)"  # its own colour

    assert violations == []


def test_admin_pages_work_under_the_policy(page: Page, live_server, demo, violations):
    claim = Claim.objects.order_by("pk").first()
    log_in(page, live_server, "admin", reverse("admin:index"))
    for url in [
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_claim_history", args=[claim.pk]),
    ]:
        page.goto(live_server.url + url)
        expect(page.locator("#content")).to_be_visible()

    assert violations == []


def test_a_lost_update_is_shown_in_place_with_what_changed(page: Page, live_server, demo, violations):
    item = Evidence.objects.select_related("claim").order_by("pk").first()
    log_in(page, live_server, "reviewer", item.claim.get_absolute_url())
    evidence = page.locator(f"#evidence-{item.pk}")
    evidence.get_by_role("link", name="Edit").click()
    excerpt = evidence.get_by_label("Excerpt")
    expect(excerpt).to_be_visible()

    Evidence.objects.filter(pk=item.pk).update(excerpt="Changed by someone else.", version=item.version + 1)
    excerpt.fill("My excerpt.")
    evidence.get_by_role("button", name="Save evidence").click()

    conflict = evidence.locator("[data-conflict]")
    expect(conflict).to_contain_text("Not saved: this was changed while you were editing it.")
    expect(conflict.locator("ins")).to_contain_text("Changed by someone else.")
    expect(excerpt).to_have_value("My excerpt.")
    conflict.get_by_role("link", name="reload the current version").click()
    expect(page.locator(f"#evidence-{item.pk}")).to_contain_text("Changed by someone else.")
    assert violations == []


def test_an_expired_session_sends_an_htmx_write_to_the_login_page(page: Page, live_server, demo):
    claim = Claim.objects.filter(status=Claim.Status.NEW).order_by("pk").first()
    log_in(page, live_server, "reviewer", claim.get_absolute_url())
    page.context.clear_cookies(name="sessionid")

    page.get_by_role("button", name="Start research").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW


def test_the_api_docs_are_interactive_under_the_policy(page: Page, live_server, demo, violations):
    log_in(page, live_server, "reviewer", "/api/docs")

    expect(page.get_by_text("/api/claims/{claim_id}/evidence")).to_be_visible()
    page.get_by_text("List and search claims, newest change first").click()
    expect(page.get_by_text("next_cursor").first).to_be_visible()
    assert violations == []
