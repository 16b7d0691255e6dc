"""A person with a browser: Debian's chromium driven by Playwright against the live server."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-password-42"


@pytest.fixture
def demo(monkeypatch, migration_data):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in(page: Page, live_server, username: str):
    page.goto(live_server.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_reviewer_logs_in_and_reads_the_demo_claims(page: Page, live_server, demo, tmp_path):
    log_in(page, live_server, "reviewer")

    expect(page.get_by_role("heading", name="Claims")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("except us, governs Belarus"))).to_be_visible()

    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.claims tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("55 miles")
    expect(rows.first).to_contain_text("True")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kyiv is only around 55 miles")
    expect(page.get_by_text("about 55 miles")).to_be_visible()
    expect(page.get_by_text("moved it from Approved to Published")).to_be_visible()
    page.screenshot(path=tmp_path / "claim.png", full_page=True)


def test_claim_list_fits_a_phone(page: Page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "editor")

    expect(page.get_by_role("link", name=re.compile("10,000 to 15,000 soldiers"))).to_be_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390


def test_wrong_password_shows_an_error(page: Page, live_server, demo):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_admin_logs_into_django_admin(page: Page, live_server, demo):
    log_in(page, live_server, "admin")
    page.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("link", name="Claims")).to_be_visible()
    page.get_by_role("link", name="Claims").click()
    page.get_by_role("textbox").first.fill("Muzyka")
    page.keyboard.press("Enter")
    expect(page.locator("#result_list")).to_contain_text("10,000 to 15,000 soldiers")
