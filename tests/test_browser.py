"""A person with a browser: Debian's chromium driven by Playwright against the live server, on the
demo data. The reviewer's day is walked end to end; screenshots of the list and the claim page, at
desktop and phone width, are written to `screenshots/` for people to look at."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.demo import ARTICLE_PATH
from claims.models import Claim, Source
from tests.web import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = DEMO_PASSWORD
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page: Page, live_server, username: str):
    page.goto(live_server.url + "/claims/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def forge_approval(page: Page, live_server, claim):
    """POST an approval outside the page's buttons, with the session and CSRF token of its user."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(
        live_server.url + reverse("claims:claim-transition", args=[claim.pk]),
        form={"target": "approved"},
        headers={"X-CSRFToken": token, "Referer": live_server.url},
    )


def screenshot(page: Page, name: str):
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, suffix in [(DESKTOP, "desktop"), (PHONE, "phone")]:
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{suffix}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], f"{name} overflows"
    page.set_viewport_size(DESKTOP)


def test_a_reviewers_day(page: Page, live_server, demo):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "reviewer")
    expect(page).to_have_url(re.compile(r"/claims/$"))

    # Filter to new claims, then search: the table changes in place and the URL follows.
    rows = page.locator("#results tbody tr")
    page.get_by_label("Status").select_option("new")
    expect(page).to_have_url(re.compile(r"status=new"))
    expect(rows.first).to_contain_text("New")
    expect(page.locator("#results")).not_to_contain_text("In research")
    new_count = rows.count()
    page.get_by_label("Search").fill("Belarus governs")
    expect(page).to_have_url(re.compile(r"q=Belarus(%20|\+)governs"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("No one, except us, governs Belarus.")
    screenshot(page, "claim-list")

    # The back button restores the list as it was before the search.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"q="))
    expect(rows).to_have_count(new_count)
    page.go_forward()
    expect(rows).to_have_count(1)

    rows.first.get_by_role("link", name=re.compile("governs Belarus")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("No one, except us, governs Belarus.")
    workflow, timeline = page.locator("#workflow"), page.locator("#timeline")

    page.get_by_role("button", name="Assign to me").click()
    expect(workflow).to_contain_text("Rita Reviewer")
    expect(timeline).to_contain_text("took the claim")

    page.get_by_role("button", name="Start research").click()
    expect(workflow.locator(".status")).to_have_text("In research")

    evidence = page.locator("#evidence")
    evidence.get_by_label("Refutes the claim").check()
    evidence.get_by_role("button", name="Add evidence").click()
    expect(evidence.get_by_role("alert")).to_contain_text("Give a link or pick a source")
    expect(evidence.get_by_label("Refutes the claim")).to_be_checked()
    evidence.get_by_label("Link").fill("https://example.org/belarus-russia-union-state")
    evidence.get_by_label("Excerpt").fill("Minsk agreed to host Russian troops and missiles in 2022.")
    evidence.get_by_role("button", name="Add evidence").click()
    expect(evidence.locator(".evidence-list")).to_contain_text("Refutes the claim")

    verdict = page.locator("#verdict")
    verdict.get_by_label("Misleading").check()
    verdict.get_by_label("Headline").fill("Belarus governs itself only in name on security")
    verdict.get_by_label("Explanation").fill("Russian forces used Belarus to attack Ukraine in 2022.")
    verdict.get_by_role("button", name="Save draft").click()
    expect(verdict).to_contain_text("Draft · written by Rita Reviewer")
    verdict.get_by_role("button", name="Propose for review").click()
    expect(workflow.locator(".status")).to_have_text("In review")
    expect(verdict).to_contain_text("Proposed for review")

    steps = [
        "took the claim",
        "moved it from New to In research",
        "added evidence that refutes the claim",
        "drafted a verdict",
        "moved it from In research to In review",
    ]
    for step in steps:
        expect(timeline).to_contain_text(step)
    screenshot(page, "claim-page")

    page.reload()
    expect(workflow.locator(".status")).to_have_text("In review")
    expect(page.locator("#evidence")).to_contain_text("belarus-russia-union-state")
    expect(page.locator("#verdict")).to_contain_text("Belarus governs itself only in name on security")
    for step in steps:
        expect(timeline).to_contain_text(step)


def test_a_reviewer_cannot_approve(page: Page, live_server, demo):
    claim = Claim.objects.get(status=Claim.Status.IN_REVIEW)
    log_in(page, live_server, "reviewer")
    page.goto(live_server.url + claim.get_absolute_url())

    expect(page.locator("#workflow")).to_contain_text("No status change is open to you now.")
    expect(page.get_by_role("button", name="Approve verdict")).to_have_count(0)

    # A forged request, with a valid session and CSRF token, is refused by the server.
    assert forge_approval(page, live_server, claim).status == 403
    page.reload()
    expect(page.locator("#workflow .status")).to_have_text("In review")


def test_refusals_are_shown_not_swallowed(page: Page, live_server, demo):
    """Tampered forms: an illegal step is explained in its panel (422), a step the role lacks is
    reported in the message area (403). Nothing fails silently."""
    claim = Claim.objects.get(text__startswith="No one, except us")
    editor = User.objects.get(username="editor")
    log_in(page, live_server, "reviewer")
    page.goto(live_server.url + claim.get_absolute_url())

    page.locator("#workflow form.transition input[name=target]").first.evaluate("input => input.value = 'published'")
    page.locator("#workflow form.transition button").first.click()
    expect(page.locator("#workflow [role=alert]")).to_contain_text("A claim that is New cannot move to Published.")

    assign_to_me = page.locator("#workflow input[name=assignee]")
    assign_to_me.evaluate(f"input => input.value = '{editor.pk}'")
    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator("#flash")).to_contain_text("Only editors assign claims to other people.")
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == (Claim.Status.NEW, None)


def test_the_claim_page_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    claim = Claim.objects.get(text__startswith="No one, except us")
    log_in(page, live_server, "editor")
    page.goto(live_server.url + claim.get_absolute_url())

    page.locator("#comments").get_by_label("Comment").fill("Check the Belta transcript.")
    page.locator("#comments").get_by_role("button", name="Comment").click()
    expect(page.locator("#flash")).to_contain_text("Comment added.")
    expect(page.locator("#comments")).to_contain_text("Check the Belta transcript.")

    page.get_by_role("button", name="Start research").click()
    expect(page.locator("#workflow .status")).to_have_text("In research")
    context.close()


def test_wrong_password_shows_an_error(page: Page, live_server, demo):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_admin_searches_claims_in_django_admin(page: Page, live_server, demo):
    log_in(page, live_server, "admin")
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Claims").first.click()
    page.get_by_role("textbox").first.fill("Muzyka")
    page.keyboard.press("Enter")
    expect(page.locator("#result_list")).to_contain_text("10,000 to 15,000 soldiers")


def test_importing_an_article_and_reviewing_its_claims(page: Page, live_server, demo, tmp_path):
    article = tmp_path / "minsk.txt"
    article.write_text(ARTICLE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    log_in(page, live_server, "reviewer")

    page.get_by_role("link", name="Import").click()
    page.get_by_label("Or upload a file").set_input_files(article)
    page.get_by_role("button", name="Import and propose claims").click()
    expect(page.get_by_role("heading", name="Claims proposed from this document")).to_be_visible()
    candidates = page.locator("ol.candidates > li.candidate")
    proposed = candidates.count()
    assert proposed >= 8

    # The quote is on file already (the demo has it): its candidate says so.
    quote = candidates.filter(has_text="no one, except us, governs Belarus")
    expect(quote.locator(".similar")).to_contain_text("Already checked?")
    expect(quote.locator(".similar")).to_contain_text("No one, except us, governs Belarus.")

    first, second, third = (candidates.nth(i).locator(".candidate-text").inner_text().strip("“”") for i in range(3))
    candidates.nth(0).get_by_label("Select").check()
    candidates.nth(1).get_by_label("Select").check()
    page.get_by_role("button", name="Accept the ticked candidates").click()
    expect(page.locator("#candidates .notice")).to_contain_text("2 claims created.")
    candidates.filter(has_text=third).get_by_role("button", name="Dismiss").click()
    expect(page.locator("#candidates .notice")).to_contain_text("Candidate dismissed.")
    expect(candidates).to_have_count(proposed - 3)
    expect(page.locator("ul.decided")).to_contain_text("Dismissed")

    page.goto(live_server.url + "/claims/?sort=created")
    expect(page.locator("#results")).to_contain_text(first[:40])
    expect(page.locator("#results")).to_contain_text(second[:40])

    # Importing the same file again duplicates nothing.
    sources, claims = Source.objects.count(), Claim.objects.count()
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Or upload a file").set_input_files(article)
    page.get_by_role("button", name="Import and propose claims").click()
    expect(page.locator("#flash")).to_contain_text("imported before: nothing was duplicated")
    expect(candidates).to_have_count(proposed - 3)
    assert (Source.objects.count(), Claim.objects.count()) == (sources, claims)
    # The candidates' similar-claims panels load after the page: let them finish before the test's
    # database is emptied, or the flush and a panel's query deadlock.
    page.wait_for_load_state("networkidle")


def schema_org_offline(url, options=None):
    """The schema.org context for the JSON-LD processor, without the network: every term is schema.org's."""
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "http://schema.org/"}}}


def test_an_editor_sends_back_then_approves_and_publishes(browser, live_server, demo):
    from pyld import jsonld

    claim = Claim.objects.get(status=Claim.Status.IN_REVIEW)
    editor = browser.new_context().new_page()
    log_in(editor, live_server, "editor")
    editor.get_by_role("link", name="Review queue").click()
    item = editor.locator("li.candidate").filter(has_text="10,000 to 15,000")
    item.get_by_label("Reason").fill("Ask Rochan Consulting how they counted.")
    item.get_by_role("button", name="Send back").click()
    expect(editor.locator("li.candidate").filter(has_text="10,000 to 15,000")).to_have_count(0)

    reviewer = browser.new_context().new_page()
    log_in(reviewer, live_server, "reviewer")
    reviewer.goto(live_server.url + claim.get_absolute_url())
    expect(reviewer.locator("#timeline")).to_contain_text("Ask Rochan Consulting how they counted.")
    verdict = reviewer.locator("#verdict")
    verdict.get_by_label("Mostly true").check()
    verdict.get_by_label("Headline").fill("Open-source estimates put Russian troops at 10,000–15,000")
    verdict.get_by_label("Explanation").fill("Rochan Consulting counted trains and camps from public images.")
    verdict.get_by_role("button", name="Save draft").click()
    expect(verdict).to_contain_text("Draft · written by Rita Reviewer")
    verdict.get_by_role("button", name="Propose for review").click()
    expect(reviewer.locator("#workflow .status")).to_have_text("In review")

    editor.reload()
    item = editor.locator("li.candidate").filter(has_text="10,000 to 15,000")
    item.get_by_role("button", name="Approve").click()
    published_item = editor.locator("li.candidate").filter(has_text="10,000 to 15,000")
    published_item.get_by_role("button", name="Publish").click()
    expect(editor.locator("li.candidate").filter(has_text="10,000 to 15,000")).to_have_count(0)

    reader = browser.new_context().new_page()
    claim.refresh_from_db()
    reader.goto(live_server.url + claim.get_public_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Open-source estimates put Russian troops at 10,000–15,000"
    )
    markup = json.loads(reader.locator('script[type="application/ld+json"]').text_content())
    expanded = jsonld.expand(markup, {"documentLoader": schema_org_offline})[0]
    assert expanded["@type"] == ["http://schema.org/ClaimReview"]
    for term in ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished", "url"):
        assert f"http://schema.org/{term}" in expanded, term
    rating = expanded["http://schema.org/reviewRating"][0]
    assert rating["http://schema.org/alternateName"][0]["@value"] == "Mostly true"
    assert rating["http://schema.org/ratingValue"][0]["@value"] == 4
    author = expanded["http://schema.org/itemReviewed"][0]["http://schema.org/author"][0]
    assert author["http://schema.org/name"][0]["@value"] == "Konrad Muzyka"


def test_the_author_of_a_verdict_cannot_approve_it(page: Page, live_server, demo):
    claim = Claim.objects.get(text__startswith="Putin and Lukashenko have met")
    log_in(page, live_server, "editor")
    page.goto(live_server.url + claim.get_absolute_url())
    page.get_by_role("button", name="Start research").click()
    expect(page.locator("#workflow .status")).to_have_text("In research")
    verdict = page.locator("#verdict")
    verdict.get_by_label("True", exact=True).check()
    verdict.get_by_label("Headline").fill("They met at least six times")
    verdict.get_by_label("Explanation").fill("Counted from Kremlin readouts.")
    verdict.get_by_role("button", name="Save draft").click()
    expect(verdict).to_contain_text("Draft · written by Ed Editor")
    verdict.get_by_role("button", name="Propose for review").click()
    expect(page.locator("#workflow .status")).to_have_text("In review")
    expect(page.get_by_role("button", name="Approve verdict")).to_have_count(1)

    page.get_by_role("button", name="Approve verdict").click()
    expect(page.locator("#workflow [role=alert]")).to_contain_text("someone other than its author")

    page.get_by_role("link", name="Review queue").click()
    mine = page.locator("li.candidate").filter(has_text="met at least six times")
    expect(mine).to_contain_text("You wrote this verdict: another editor approves it.")
    expect(mine.get_by_role("button", name="Approve")).to_have_count(0)

    assert forge_approval(page, live_server, claim).status == 422
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
