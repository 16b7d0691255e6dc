"""Readers' tips: the public "suggest a claim" form, its honeypot, limits and per-address quota, and
the tip as the desk finds it (a new claim marked as a reader's tip, with the reader's details)."""

import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.forms import ClaimFilterForm
from claims.models import TIP_TEXT_MAX, Claim, ReaderTip
from tests.factories import bring_to, make_claim
from tests.test_concurrency import race
from tests.test_headers import inline_code
from tests.web import hidden_inputs, logged_in

pytestmark = pytest.mark.django_db

SUGGEST = reverse("checks:suggest")
THANKS = reverse("checks:suggest-thanks")
EMAIL = "reader.private@example.net"


def tip(**overrides) -> dict:
    data = {
        "text": "The new bridge cost three times its budget.",
        "where": "https://example.org/evening-news",
        "who": "The mayor",
        "email": EMAIL,
        "website": "",
    }
    return data | overrides


def send(client: Client | None = None, address: str = "127.0.0.1", **overrides):
    return (client or Client()).post(SUGGEST, tip(**overrides), REMOTE_ADDR=address)


def reader_tips():
    return Claim.objects.filter(origin=Claim.Origin.READER_TIP)


def test_the_public_check_list_links_to_the_form():
    page = Client().get(reverse("checks:list")).text
    assert f'href="{SUGGEST}"' in page
    form = Client().get(SUGGEST)
    assert form.status_code == 200
    assert "Suggest a claim to check" in form.text and 'name="csrfmiddlewaretoken"' in form.text


def test_a_tip_becomes_a_new_claim_from_a_reader_and_the_reader_is_thanked():
    response = send()
    assert response.status_code == 302 and response.url == THANKS
    claim = reader_tips().get()
    assert (claim.text, claim.status, claim.created_by) == (tip()["text"], Claim.Status.NEW, None)
    assert (claim.reader_tip.where, claim.reader_tip.who, claim.reader_tip.email) == (
        "https://example.org/evening-news",
        "The mayor",
        EMAIL,
    )
    assert "127.0.0.1" not in claim.reader_tip.address_hash  # a keyed hash, not the address
    thanks = Client().get(THANKS)
    assert thanks.status_code == 200
    assert "Thank you for your suggestion" in thanks.text and "never publish" in thanks.text


def test_only_the_claim_is_required():
    assert send(where="", who="", email="").status_code == 302
    assert reader_tips().count() == 1
    response = send(text="   ")
    assert response.status_code == 422 and "This field is required." in response.text


def test_the_desk_finds_tips_by_origin_and_sees_the_readers_details(reviewer):
    make_claim(text="A claim the desk found itself.")
    send(text="Tip: <script>alert(1)</script> prices fell.")
    desk = logged_in(reviewer)
    listed = desk.get(reverse("claims:claim-list"), {"origin": Claim.Origin.READER_TIP}).text
    assert "prices fell." in listed and "Reader tip" in listed
    assert "A claim the desk found itself." not in listed
    assert 'value="reader_tip"' in desk.get(reverse("claims:claim-list")).text  # the filter is offered
    page = desk.get(reader_tips().get().get_absolute_url()).text
    assert "Reader tip" in page and EMAIL in page and "The mayor" in page and "evening-news" in page
    assert "<strong>A reader</strong> suggested the claim on the public form" in page  # the timeline
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_the_tip_pages_keep_to_the_content_security_policy(reviewer):
    send()
    pages = [Client().get(SUGGEST).text, send(text="").text, Client().get(THANKS).text]
    pages.append(logged_in(reviewer).get(reader_tips().get().get_absolute_url()).text)
    assert [inline_code(page) for page in pages] == [[], [], [], []]


def test_a_tip_costs_the_claim_page_no_extra_query(reviewer, django_assert_num_queries):
    desk_claim = make_claim(text="A claim the desk found itself.")
    send()
    client, tip_url = logged_in(reviewer), reader_tips().get().get_absolute_url()
    with CaptureQueriesContext(connection) as desk_page:
        client.get(desk_claim.get_absolute_url())
    with django_assert_num_queries(len(desk_page)):
        client.get(tip_url)


def test_null_characters_are_refused_on_the_form():
    response = send(text="A claim\x00 with a null.")
    assert response.status_code == 422 and "Null characters are not allowed." in response.text
    assert not reader_tips().exists()


def test_a_claim_from_the_desk_has_no_reader_tip_marker(reviewer):
    claim = make_claim(text="Unemployment fell to 4.1 percent.")
    assert "Reader tip" not in logged_in(reviewer).get(claim.get_absolute_url()).text


def test_a_filled_honeypot_is_thanked_alike_and_saves_nothing():
    human, bot = send(), send(website="https://cheap-pills.example")
    stuffed = send(website="x" * 50_000)
    assert (bot.status_code, bot.url) == (stuffed.status_code, stuffed.url) == (human.status_code, human.url)
    assert (human.status_code, human.url) == (302, THANKS)
    assert reader_tips().count() == ReaderTip.objects.count() == 1


def test_the_honeypot_is_hidden_by_the_stylesheet_not_inline():
    page = Client().get(SUGGEST).text
    honeypot = re.search(r'<div class="field tip-website"[^>]*>.*?</div>', page, re.DOTALL)[0]
    assert 'name="website"' in honeypot and 'tabindex="-1"' in honeypot and "style=" not in honeypot
    assert ".tip-form .tip-website { display: none; }" in Path(finders.find("claims/style.css")).read_text()


@pytest.mark.parametrize(("field", "limit"), [("text", TIP_TEXT_MAX), ("where", 2_000), ("who", 200)])
def test_input_over_a_limit_comes_back_on_the_form_with_what_was_typed(field, limit):
    typed = "Too long " + "x" * limit
    response = send(**{field: typed})
    assert response.status_code == 422
    assert f"Ensure this value has at most {limit} characters (it has {len(typed)})." in response.text
    assert "nothing was sent yet" in response.text
    assert typed in unescape(response.text)
    assert tip()["who"] in response.text or field == "who"  # the other fields are kept too
    assert not ReaderTip.objects.exists() and not reader_tips().exists()


def test_a_bad_email_is_explained():
    response = send(email="not an address")
    assert response.status_code == 422 and "Enter a valid email address." in response.text
    assert not reader_tips().exists()


def test_the_sixth_tip_from_an_address_in_an_hour_is_refused_with_429(settings):
    settings.TIPS_PER_HOUR = 5
    for number in range(5):
        assert send(text=f"Tip number {number}.").status_code == 302
    refused = send(text="The sixth tip.")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "5 suggestions in the last hour" in refused.text and "The sixth tip." in refused.text
    assert reader_tips().count() == 5
    assert send(address="203.0.113.9", text="From elsewhere.").status_code == 302
    assert reader_tips().count() == 6


def test_the_quota_frees_up_after_an_hour(settings):
    settings.TIPS_PER_HOUR = 2
    send(), send()
    assert send().status_code == 429
    earliest = ReaderTip.objects.order_by("created_at").first()
    ReaderTip.objects.filter(pk=earliest.pk).update(created_at=earliest.created_at - timedelta(minutes=61))
    assert send().status_code == 302
    assert send().status_code == 429


@pytest.mark.django_db(transaction=True)
def test_tips_sent_at_once_from_one_address_keep_to_the_limit(settings):
    """Two processes counting at once would both see room for one more: the count is taken under a
    lock per address, so of tips racing on separate database connections only the quota goes in."""
    settings.TIPS_PER_HOUR = 2
    results = race(*[lambda: ReaderTip.submit(text="Raced tip.", address="192.0.2.1") for _ in range(4)])
    assert sorted(type(result).__name__ for result in results) == ["ReaderTip"] * 2 + ["TooManyTips"] * 2
    assert reader_tips().count() == 2


def test_a_link_the_reader_gave_is_a_link_for_the_desk_and_nothing_else_is(reviewer):
    send(where="Seen at https://example.org/post?id=1 and javascript:alert(1)")
    page = logged_in(reviewer).get(reader_tips().get().get_absolute_url()).text
    assert '<a href="https://example.org/post?id=1" rel="nofollow">' in page
    assert 'href="javascript' not in page


def test_an_ipv6_address_counts_by_its_64(settings):
    settings.TIPS_PER_HOUR = 1
    assert send(address="2001:db8:1:2::1").status_code == 302
    assert send(address="2001:db8:1:2:ffff::9").status_code == 429
    assert send(address="2001:db8:1:3::1").status_code == 302


def test_behind_the_proxy_the_address_it_appended_counts(settings):
    settings.TIPS_PER_HOUR, settings.BEHIND_TLS_PROXY = 1, True

    def via_proxy(forwarded):
        return Client().post(SUGGEST, tip(), REMOTE_ADDR="10.0.0.1", headers={"X-Forwarded-For": forwarded})

    assert via_proxy("1.2.3.4, 198.51.100.7").status_code == 302
    assert via_proxy("5.6.7.8, 198.51.100.7").status_code == 429  # the client wrote the left part
    assert via_proxy("198.51.100.8").status_code == 302


def test_a_tip_needs_the_csrf_token_of_the_form():
    client = Client(enforce_csrf_checks=True)
    refused = client.post(SUGGEST, tip())
    assert refused.status_code == 403 and not reader_tips().exists()
    token = hidden_inputs(client.get(SUGGEST).text)["csrfmiddlewaretoken"]
    accepted = client.post(SUGGEST, tip(csrfmiddlewaretoken=token))
    assert accepted.status_code == 302 and reader_tips().count() == 1


def test_the_readers_email_is_on_no_public_page(reviewer, editor):
    send()
    claim = bring_to(reader_tips().get(), Claim.Status.PUBLISHED, author=reviewer, approver=editor)
    reader = Client()
    detail = reader.get(claim.get_public_url())
    assert detail.status_code == 200 and "three times its budget" in detail.text
    pages = [detail.text, *(reader.get(reverse(name)).text for name in ("checks:list", "checks:feed"))]
    pages += [reader.get(SUGGEST).text, reader.get(THANKS).text]
    assert not [page for page in pages if EMAIL in page]


def test_a_failure_after_the_claim_is_written_leaves_nothing(monkeypatch):
    """The claim and the tip are written together or not at all."""

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ReaderTip.objects, "create", fail)
    with pytest.raises(RuntimeError):
        send()
    assert not Claim.objects.exists()


# The browser: a reader fills the form in chromium, against the live server.


@pytest.mark.django_db(transaction=True)
def test_a_reader_suggests_a_claim_in_the_browser(page: Page, live_server):
    blocked = []  # what the Content-Security-Policy refused (the favicon's 404 is also a console error)
    page.on("console", lambda message: blocked.append(message.text) if "Content Security" in message.text else None)
    page.goto(live_server.url + reverse("checks:list"))
    page.get_by_role("link", name="Suggest a claim to check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a claim to check")
    expect(page.locator('input[name="website"]')).to_be_hidden()
    expect(page.get_by_text("Leave this field empty")).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the form overflows a phone's width"

    page.get_by_label("The claim").fill("Half of the city's buses run on hydrogen.")
    page.get_by_label("Where did you see or hear it?").fill("Radio City, morning show, 3 March")
    page.get_by_label("Who said it?").fill("A transport official")
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_role("button", name="Send the suggestion").click()

    expect(page).to_have_url(re.compile(re.escape(THANKS) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your suggestion")
    claim = reader_tips().get()
    assert claim.text == "Half of the city's buses run on hydrogen." and claim.status == Claim.Status.NEW
    assert claim.reader_tip.who == "A transport official"
    assert not blocked, blocked


def test_the_origin_filter_reads_an_index_of_the_few_claims_not_from_the_desk(reviewer):
    """At 200,000 claims with 40 tips the newest 50 tips took 0.1 ms through this partial index."""
    send()
    form = ClaimFilterForm({"origin": Claim.Origin.READER_TIP}, user=reviewer)
    assert form.is_valid()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = form.filter(Claim.objects.all())[:50].explain()
    assert "claim_origin_recent_idx" in plan
