"""Sources and claimants: their lists with search, and their pages with their claims."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Claimant, Source
from claims.views.directory import PAGE_SIZE
from tests.factories import bring_to, default_rating, make_claim, make_claimant, make_source

pytestmark = pytest.mark.django_db

S = Claim.Status
SOURCES_URL = reverse("claims:source-list")
CLAIMANTS_URL = reverse("claims:claimant-list")
NEXT = re.compile(r'<a href="([^"]*)" rel="next">')


def get_page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def claim_count_in_row(page: str, name: str) -> int:
    """The number in the claims column of the row that links to `name`."""
    found = re.search(rf">{re.escape(name)}</a></td>.*?<td>(\d+)</td></tr>", page, re.DOTALL)
    assert found, f"no row for {name}"
    return int(found.group(1))


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        SOURCES_URL,
        CLAIMANTS_URL,
        reverse("claims:source-detail", args=[1]),
        reverse("claims:claimant-detail", args=[1]),
    ],
)
def test_directory_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_pages_of_unknown_sources_and_claimants_are_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("claims:source-detail", args=[999999])).status_code == 404
    assert client.get(reverse("claims:claimant-detail", args=[999999])).status_code == 404


# Sources


def test_the_source_list_shows_each_source_with_its_number_of_claims(client, reviewer):
    speech = make_source(title="Address to the nation", publisher="Presidential Press Office")
    make_source(title="Weather report", publisher="Met Service")
    make_claim(source=speech)
    make_claim(source=speech)
    client.force_login(reviewer)

    page = get_page(client, SOURCES_URL)

    assert claim_count_in_row(page, "Address to the nation") == 2
    assert claim_count_in_row(page, "Weather report") == 0
    assert "Presidential Press Office" in page


def test_searching_sources_by_title_publisher_or_link(client, reviewer):
    make_source(title="Address to the nation", publisher="Presidential Press Office", url="https://president.example/a")
    make_source(title="Weather report", publisher="Met Service", url="https://weather.example/today")
    client.force_login(reviewer)

    by_title = get_page(client, SOURCES_URL, {"q": "nation"})
    by_publisher = get_page(client, SOURCES_URL, {"q": "met service"})
    by_link = get_page(client, SOURCES_URL, {"q": "president.example"})
    nothing = get_page(client, SOURCES_URL, {"q": "football"})

    assert "Address to the nation" in by_title
    assert "Weather report" not in by_title
    assert "Weather report" in by_publisher
    assert "Address to the nation" not in by_publisher
    assert "Address to the nation" in by_link
    assert "Weather report" not in by_link
    assert "No sources match." in nothing
    assert 'value="football"' in nothing


def test_the_next_page_of_a_source_search_keeps_the_search(client, reviewer):
    Source.objects.bulk_create(Source(title=f"Ministry bulletin {n}") for n in range(PAGE_SIZE + 2))
    Source.objects.bulk_create(Source(title=f"Unrelated newsletter {n}") for n in range(5))
    client.force_login(reviewer)

    first = get_page(client, SOURCES_URL, {"q": "Ministry"})
    next_link = NEXT.search(first)
    assert next_link, "no link to the next page"
    second = get_page(client, SOURCES_URL + next_link.group(1).replace("&amp;", "&"))

    assert first.count("Ministry bulletin") == PAGE_SIZE
    assert second.count("Ministry bulletin") == 2
    assert "Unrelated newsletter" not in second


def test_a_source_page_lists_its_claims_and_shows_its_full_text(client, reviewer, editor):
    source = make_source(
        title="Address to the nation",
        publisher="Presidential Press Office",
        published_on=datetime.date(2024, 8, 6),
        full_text="Dear citizens.\n\nNo one, except us, governs Belarus & never will.",
    )
    first = make_claim(text="No one, except us, governs Belarus.", source=source)
    second = bring_to(
        make_claim(text="Wages rose by a third.", source=source), S.IN_REVIEW, author=reviewer, approver=editor
    )
    make_claim(text="A claim from somewhere else", source=make_source(title="Other"))
    client.force_login(reviewer)

    page = get_page(client, reverse("claims:source-detail", args=[source.pk]))

    assert "<h1>Address to the nation</h1>" in page
    assert "6 August 2024" in page
    assert "Claims from this source (2)" in page
    assert first.get_absolute_url() in page
    assert second.get_absolute_url() in page
    assert "A claim from somewhere else" not in page
    assert '<span class="rating rating-' in page and ">False</span>" in page
    assert "<p>Dear citizens.</p>" in page
    assert "<p>No one, except us, governs Belarus &amp; never will.</p>" in page


def test_a_source_without_claims_says_so(client, reviewer):
    source = make_source(title="Unused source")
    client.force_login(reviewer)

    page = get_page(client, reverse("claims:source-detail", args=[source.pk]))

    assert "Claims from this source (0)" in page
    assert "No claims yet." in page


# Claimants


def test_the_claimant_list_shows_each_claimant_with_their_number_of_claims(client, reviewer):
    lukashenko = make_claimant(name="Alexander Lukashenko", description="President of Belarus")
    make_claimant(name="Svetlana Tikhanovskaya", description="Opposition leader")
    for _ in range(3):
        make_claim(claimant=lukashenko)
    client.force_login(reviewer)

    page = get_page(client, CLAIMANTS_URL)

    assert claim_count_in_row(page, "Alexander Lukashenko") == 3
    assert claim_count_in_row(page, "Svetlana Tikhanovskaya") == 0
    assert "President of Belarus" in page


def test_searching_claimants_by_name_or_description(client, reviewer):
    make_claimant(name="Alexander Lukashenko", description="President of Belarus")
    make_claimant(name="Svetlana Tikhanovskaya", description="Opposition leader")
    client.force_login(reviewer)

    by_name = get_page(client, CLAIMANTS_URL, {"q": "lukash"})
    by_description = get_page(client, CLAIMANTS_URL, {"q": "opposition"})
    nothing = get_page(client, CLAIMANTS_URL, {"q": "Putin"})

    assert "Alexander Lukashenko" in by_name
    assert "Svetlana Tikhanovskaya" not in by_name
    assert "Svetlana Tikhanovskaya" in by_description
    assert "Alexander Lukashenko" not in by_description
    assert "No claimants match." in nothing
    assert 'value="Putin"' in nothing


def test_the_next_page_of_a_claimant_search_keeps_the_search(client, reviewer):
    Claimant.objects.bulk_create(Claimant(name=f"Minister {n:03}") for n in range(PAGE_SIZE + 2))
    Claimant.objects.bulk_create(Claimant(name=f"Zealous blogger {n}") for n in range(5))
    client.force_login(reviewer)

    first = get_page(client, CLAIMANTS_URL, {"q": "Minister"})
    next_link = NEXT.search(first)
    assert next_link, "no link to the next page"
    second = get_page(client, CLAIMANTS_URL + next_link.group(1).replace("&amp;", "&"))

    assert first.count(">Minister ") == PAGE_SIZE
    assert second.count(">Minister ") == 2
    assert "Zealous blogger" not in second


def test_a_claimant_page_lists_their_claims_and_the_ratings_of_current_verdicts(
    client, reviewer, editor, second_editor
):
    claimant = make_claimant(name="Alexander Lukashenko", description="President of Belarus")
    for _ in range(2):
        bring_to(make_claim(claimant=claimant), S.PUBLISHED, author=reviewer, approver=editor)
    rated_true = bring_to(make_claim(claimant=claimant), S.IN_RESEARCH, author=reviewer, approver=editor)
    rated_true.draft_verdict(rating=default_rating("True"), headline="Right", explanation="Yes.", by=reviewer)
    # Once rated Misleading, sent back and now Mostly false: only the current verdict counts.
    redrafted = bring_to(make_claim(claimant=claimant), S.IN_RESEARCH, author=reviewer, approver=editor)
    redrafted.draft_verdict(rating=default_rating("Misleading"), headline="1", explanation="1", by=reviewer)
    redrafted.transition(S.IN_REVIEW, by=reviewer)
    redrafted.transition(S.IN_RESEARCH, by=second_editor, note="Look again.")
    redrafted.draft_verdict(rating=default_rating("Mostly false"), headline="2", explanation="2", by=reviewer)
    unrated = make_claim(text="Not yet rated", claimant=claimant)
    # Someone else's verdicts are not theirs.
    other = make_claimant(name="Somebody Else")
    bring_to(make_claim(text="Somebody else's claim", claimant=other), S.IN_REVIEW, author=reviewer, approver=editor)
    client.force_login(reviewer)

    page = get_page(client, reverse("claims:claimant-detail", args=[claimant.pk]))

    summary = page[page.index('<ul class="rating-summary">') : page.index("</ul>", page.index("rating-summary"))]
    counts = dict(re.findall(r">([^<>]+)</span>\s*</a> × (\d+)</li>", summary))
    assert counts == {"True": "1", "Mostly false": "1", "False": "2"}
    assert list(counts) == ["True", "Mostly false", "False"]  # best first
    assert f"?claimant={claimant.pk}&amp;rating={default_rating('False').pk}" in summary
    assert "Claims (5)" in page
    assert "President of Belarus" in page
    assert unrated.get_absolute_url() in page
    assert redrafted.get_absolute_url() in page
    assert "Somebody else" not in page


def test_a_claimant_without_verdicts_says_so(client, reviewer):
    claimant = make_claimant(name="Quiet Person")
    make_claim(claimant=claimant)
    client.force_login(reviewer)

    page = get_page(client, reverse("claims:claimant-detail", args=[claimant.pk]))

    assert "None of their claims has a verdict yet." in page
    assert "Claims (1)" in page


# Query counts


def add_claims(count, reviewer, editor, *, source=None, claimant=None):
    for number in range(count):
        claim = make_claim(
            source=source or make_source(url=f"https://example.org/{count}/{number}"),
            claimant=claimant or make_claimant(),
        )
        claim.assign(reviewer, by=editor)
        rating = "True" if number % 2 else "False"
        bring_to(claim, S.IN_RESEARCH, author=reviewer, approver=editor)
        claim.draft_verdict(rating=default_rating(rating), headline="H", explanation="E", by=reviewer)


def test_source_page_query_count_does_not_grow_with_claims(client, reviewer, editor):
    source = make_source(title="Busy source")
    url = reverse("claims:source-detail", args=[source.pk])
    client.force_login(reviewer)
    add_claims(2, reviewer, editor, source=source)
    few = queries_for(client, url)
    add_claims(12, reviewer, editor, source=source)
    assert "Claims from this source (14)" in get_page(client, url)
    assert queries_for(client, url) == few


def test_claimant_page_query_count_does_not_grow_with_claims(client, reviewer, editor):
    claimant = make_claimant(name="Busy Claimant")
    url = reverse("claims:claimant-detail", args=[claimant.pk])
    client.force_login(reviewer)
    add_claims(2, reviewer, editor, claimant=claimant)
    few = queries_for(client, url)
    add_claims(12, reviewer, editor, claimant=claimant)
    assert "Claims (14)" in get_page(client, url)
    assert queries_for(client, url) == few


def test_source_and_claimant_lists_query_count_does_not_grow(client, reviewer, editor):
    client.force_login(reviewer)
    add_claims(2, reviewer, editor)
    few = (queries_for(client, SOURCES_URL), queries_for(client, CLAIMANTS_URL))
    add_claims(12, reviewer, editor)
    assert (queries_for(client, SOURCES_URL), queries_for(client, CLAIMANTS_URL)) == few
