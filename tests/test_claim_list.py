"""The claim list: filters, search, sorting, pages, htmx fragments, and bulk changes."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import AssignmentChange, Claim, StatusChange, Topic
from claims.pagination import CappedPaginator
from claims.views.claim_list import PAGE_SIZE
from tests.factories import bring_to, default_rating, make_claim, make_claimant, make_source

pytestmark = pytest.mark.django_db

S = Claim.Status
LIST_URL = reverse("claims:claim-list")
BULK_URL = reverse("claims:claim-bulk")
ROW = re.compile(r'<input type="checkbox" name="claims" value="(\d+)"')


def listed(response) -> list[int]:
    """The claim numbers of the rows on the page, in their order."""
    assert response.status_code == 200
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def show(client, **params) -> list[int]:
    return listed(client.get(LIST_URL, params))


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def sent_back_and_redrafted(claim, first, second, *, author, editor):
    """A claim whose first verdict (rated `first`) was proposed and sent back, then redrafted as `second`."""
    claim.transition(S.IN_RESEARCH, by=author)
    claim.draft_verdict(rating=default_rating(first), headline="First", explanation="First go.", by=author)
    claim.transition(S.IN_REVIEW, by=author)
    claim.transition(S.IN_RESEARCH, by=editor, note="Needs a better source.")
    claim.draft_verdict(rating=default_rating(second), headline="Second", explanation="Second go.", by=author)
    return claim


# Filters


def test_status_filter_shows_only_claims_in_that_status(client, reviewer, editor):
    new = make_claim(text="Still new")
    researching = bring_to(make_claim(text="Being researched"), S.IN_RESEARCH, author=reviewer, approver=editor)
    published = bring_to(make_claim(text="Already out"), S.PUBLISHED, author=reviewer, approver=editor)
    client.force_login(reviewer)

    assert show(client, status="in_research") == [researching.pk]
    assert show(client, status="published") == [published.pk]
    assert show(client, status="new") == [new.pk]
    assert sorted(show(client)) == sorted([new.pk, researching.pk, published.pk])


def test_rating_filter_looks_at_the_current_verdict_only(client, reviewer, editor):
    rated_true = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=editor)
    rated_true.draft_verdict(rating=default_rating("True"), headline="Right", explanation="Yes.", by=reviewer)
    rated_false = bring_to(make_claim(), S.IN_REVIEW, author=reviewer, approver=editor)
    once_true = sent_back_and_redrafted(make_claim(), "True", "False", author=reviewer, editor=editor)
    make_claim(text="No verdict yet")
    client.force_login(reviewer)

    assert show(client, rating=default_rating("True").pk) == [rated_true.pk]
    assert sorted(show(client, rating=default_rating("False").pk)) == sorted([rated_false.pk, once_true.pk])
    assert show(client, rating=default_rating("Misleading").pk) == []


def test_assignee_filter_me_nobody_and_a_person(client, reviewer, second_reviewer, editor):
    mine = make_claim(text="Mine")
    mine.assign(reviewer, by=editor)
    theirs = make_claim(text="Theirs")
    theirs.assign(second_reviewer, by=editor)
    nobodys = make_claim(text="Nobody's")
    client.force_login(reviewer)

    assert show(client, assignee="me") == [mine.pk]
    assert show(client, assignee="none") == [nobodys.pk]
    assert show(client, assignee=second_reviewer.pk) == [theirs.pk]
    assert show(client, assignee=reviewer.pk) == [mine.pk]


def test_claimant_filter_shows_their_claims_and_names_them(client, reviewer):
    lukashenko = make_claimant(name="Alexander Lukashenko")
    by_him = make_claim(claimant=lukashenko)
    make_claim(claimant=make_claimant(name="Someone Else"))
    make_claim()
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"claimant": lukashenko.pk})

    assert listed(response) == [by_him.pk]
    assert "Claims by <strong>Alexander Lukashenko</strong>" in response.content.decode()


def test_topic_filter_shows_claims_with_that_topic(client, reviewer):
    economy = Topic.objects.create(name="Economy", slug="economy")
    health = Topic.objects.create(name="Health", slug="health")
    economic = make_claim(text="Wages doubled")
    economic.topics.add(economy)
    both = make_claim(text="Hospitals cost more")
    both.topics.add(economy, health)
    healthy = make_claim(text="Everyone is vaccinated")
    healthy.topics.add(health)
    make_claim(text="No topic at all")
    client.force_login(reviewer)

    assert sorted(show(client, topic=economy.pk)) == sorted([economic.pk, both.pk])
    assert sorted(show(client, topic=health.pk)) == sorted([both.pk, healthy.pk])


def test_source_filter_shows_claims_from_that_source_and_names_it(client, reviewer):
    speech = make_source(title="Address to the nation", publisher="President's office")
    from_speech = make_claim(source=speech)
    make_claim(source=make_source(title="Another article"))
    make_claim()
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"source": speech.pk})

    assert listed(response) == [from_speech.pk]
    assert "Claims from <strong>Address to the nation" in response.content.decode()


def test_stated_dates_narrow_the_list(client, reviewer):
    january = make_claim(stated_on=datetime.date(2024, 1, 15))
    march = make_claim(stated_on=datetime.date(2024, 3, 15))
    may = make_claim(stated_on=datetime.date(2024, 5, 15))
    make_claim(text="Undated")
    client.force_login(reviewer)

    assert sorted(show(client, stated_from="2024-03-01")) == sorted([march.pk, may.pk])
    assert sorted(show(client, stated_to="2024-03-31")) == sorted([january.pk, march.pk])
    assert show(client, stated_from="2024-02-01", stated_to="2024-04-30") == [march.pk]
    assert show(client, stated_from="2024-03-15", stated_to="2024-03-15") == [march.pk]


def test_a_start_date_after_the_end_date_shows_an_error_and_no_claims(client, reviewer):
    make_claim(stated_on=datetime.date(2024, 3, 15))
    make_claim()
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"stated_from": "2024-04-01", "stated_to": "2024-03-01"})

    assert listed(response) == []
    page = response.content.decode()
    assert "The end date is before the start date." in page
    assert "No claims match." in page


def test_filters_combine(client, reviewer, editor):
    claimant = make_claimant(name="Combined Claimant")
    wanted = make_claim(claimant=claimant)
    wanted.assign(reviewer, by=editor)
    wanted.transition(S.IN_RESEARCH, by=reviewer)
    unassigned = make_claim(claimant=claimant)
    unassigned.transition(S.IN_RESEARCH, by=reviewer)
    still_new = make_claim(claimant=claimant)
    still_new.assign(reviewer, by=editor)
    client.force_login(reviewer)

    assert show(client, claimant=claimant.pk, status="in_research", assignee="me") == [wanted.pk]


# Search


def test_search_finds_the_words_in_any_order_and_form(client, reviewer):
    belarus = make_claim(text="No one, except us, governs Belarus.")
    make_claim(text="Poland is governed from Brussels.")
    make_claim(text="Belarus exports more potash than anyone.")
    client.force_login(reviewer)

    assert show(client, q="Belarus governs") == [belarus.pk]


def test_search_finds_a_claim_by_its_claimant_name(client, reviewer):
    claim = make_claim(text="The harvest broke every record.", claimant=make_claimant(name="Alexander Lukashenko"))
    make_claim(text="The harvest failed.", claimant=make_claimant(name="Svetlana Tikhanovskaya"))
    client.force_login(reviewer)

    assert show(client, q="Lukashenko") == [claim.pk]


def test_search_finds_a_claim_by_its_source_title(client, reviewer):
    claim = make_claim(text="Wages rose by a third.", source=make_source(title="Annual address to parliament"))
    make_claim(text="Wages fell.", source=make_source(title="Interview with a newspaper"))
    client.force_login(reviewer)

    assert show(client, q="parliament address") == [claim.pk]


def test_search_ignores_accents_the_text_lacks(client, reviewer):
    claim = make_claim(text="Lukashenko won with eighty percent of the vote.")
    make_claim(text="The vote was counted twice.")
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"q": "Lukashénko"})

    assert listed(response) == [claim.pk]
    assert "no exact match" not in response.content.decode()


def test_a_typo_falls_back_to_similar_claims_and_says_so(client, reviewer):
    claim = make_claim(text="Lukashenko won with eighty percent of the vote.")
    make_claim(text="Unemployment is at a record low.")
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"q": "Lukashenco"})

    assert listed(response) == [claim.pk]
    assert "no exact match" in response.content.decode()


def test_a_search_that_matches_nothing_at_all_shows_no_claims(client, reviewer):
    make_claim(text="Lukashenko won with eighty percent of the vote.")
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"q": "xylophone"})

    assert listed(response) == []
    assert "No claims match." in response.content.decode()


def test_search_results_are_ordered_by_relevance(client, reviewer):
    in_text = make_claim(text="Inflation is falling; inflation will be two percent by spring.")
    in_restatement = make_claim(text="Prices will stop rising soon.", normalized_text="Inflation will fall soon.")
    client.force_login(reviewer)

    # Without a search the most recently changed claim comes first...
    assert show(client) == [in_restatement.pk, in_text.pk]
    # ...a search puts the better match (in the claim's own words, twice) first.
    assert show(client, q="inflation") == [in_text.pk, in_restatement.pk]


def test_a_search_with_too_many_matches_to_rank_lists_the_latest_first_and_says_so(client, reviewer, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 2)
    best = make_claim(text="Inflation is falling; inflation will be two percent by spring.")
    latest = [make_claim(text=f"Inflation was {number} percent.") for number in range(3)][::-1]
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"q": "inflation"})

    assert listed(response)[:3] == [claim.pk for claim in latest]  # not the best match first
    assert "too many to rank by best match" in response.content.decode()
    assert show(client, q="inflation spring") == [best.pk]  # narrowed: ranked again


def test_search_combines_with_filters(client, reviewer, editor):
    researched = bring_to(make_claim(text="Belarus governs itself."), S.IN_RESEARCH, author=reviewer, approver=editor)
    make_claim(text="Belarus governs nobody.")
    client.force_login(reviewer)

    assert show(client, q="Belarus", status="in_research") == [researched.pk]


# Sorting and pages


def test_sorting_by_priority_puts_the_most_urgent_first(client, reviewer):
    low = make_claim(priority=Claim.Priority.LOW)
    urgent = make_claim(priority=Claim.Priority.URGENT)
    normal = make_claim(priority=Claim.Priority.NORMAL)
    high = make_claim(priority=Claim.Priority.HIGH)
    client.force_login(reviewer)

    assert show(client) == [high.pk, normal.pk, urgent.pk, low.pk]
    assert show(client, sort="priority") == [urgent.pk, high.pk, normal.pk, low.pk]


def test_sorting_by_date_stated_puts_the_latest_first_and_undated_claims_last(client, reviewer):
    older = make_claim(stated_on=datetime.date(2023, 6, 1))
    undated = make_claim()
    newer = make_claim(stated_on=datetime.date(2025, 2, 1))
    client.force_login(reviewer)

    assert show(client, sort="stated") == [newer.pk, older.pk, undated.pk]


def test_sorting_by_creation_puts_the_newest_first(client, reviewer, editor):
    first = make_claim()
    second = make_claim()
    first.assign(reviewer, by=editor)  # changed last, but created first
    client.force_login(reviewer)

    assert show(client) == [first.pk, second.pk]
    assert show(client, sort="created") == [second.pk, first.pk]


def test_the_second_page_has_the_rest_and_the_page_links_keep_the_filters(client, reviewer):
    Claim.objects.bulk_create(Claim(text=f"Bulk claim {number}", priority=2) for number in range(PAGE_SIZE + 3))
    make_claim(text="A low priority claim the filter leaves out", priority=Claim.Priority.LOW)
    client.force_login(reviewer)
    wanted = set(Claim.objects.filter(priority=2).values_list("pk", flat=True))

    first = client.get(LIST_URL, {"status": "new", "sort": "created", "q": "bulk"})
    second = client.get(LIST_URL, {"status": "new", "sort": "created", "q": "bulk", "page": 2})

    on_first, on_second = listed(first), listed(second)
    assert len(on_first) == PAGE_SIZE
    assert len(on_second) == 3
    assert set(on_first) | set(on_second) == wanted
    assert not set(on_first) & set(on_second)
    assert "53 claims" in first.content.decode()
    assert 'href="?status=new&amp;sort=created&amp;q=bulk&amp;page=2"' in first.content.decode()
    assert 'href="?status=new&amp;sort=created&amp;q=bulk&amp;page=1"' in second.content.decode()
    assert "Page 2 of 2" in second.content.decode()


# htmx


def test_an_htmx_request_gets_only_the_results(client, reviewer):
    claim = make_claim(text="Shown in the fragment")
    client.force_login(reviewer)

    response = client.get(LIST_URL, {"status": "new"}, headers={"HX-Request": "true"})

    fragment = response.content.decode()
    assert listed(response) == [claim.pk]
    assert "<html" not in fragment
    assert 'id="filters"' not in fragment
    assert fragment.lstrip().startswith('<div id="results">')
    assert "HX-Request" in response["Vary"]


def test_a_plain_request_gets_the_whole_page_and_varies_on_htmx(client, reviewer):
    make_claim()
    client.force_login(reviewer)

    response = client.get(LIST_URL)

    assert "<html" in response.content.decode()
    assert 'id="filters"' in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.get(LIST_URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert listed(response) == [claim.pk]
    assert "<html" in response.content.decode()
    assert 'id="filters"' in response.content.decode()


# Query count


def make_full_claims(count, reviewer, editor):
    topics = [Topic.objects.create(name=f"Topic {count}-{n}", slug=f"topic-{count}-{n}") for n in range(2)]
    for number in range(count):
        claim = make_claim(claimant=make_claimant(), source=make_source(url=f"https://example.org/{count}/{number}"))
        claim.topics.set(topics)
        claim.assign(reviewer, by=editor)
        bring_to(claim, S.IN_REVIEW, author=reviewer, approver=editor)


def test_claim_list_query_count_does_not_grow_with_claims(client, reviewer, editor):
    client.force_login(reviewer)
    make_full_claims(2, reviewer, editor)
    few = queries_for(client, LIST_URL)
    make_full_claims(13, reviewer, editor)
    assert Claim.objects.count() == 15
    assert queries_for(client, LIST_URL) == few


def test_searched_and_filtered_list_query_count_does_not_grow_with_claims(client, reviewer, editor):
    client.force_login(reviewer)
    url = f"{LIST_URL}?q=claim&status=in_review&assignee=me&rating={default_rating('False').pk}"
    make_full_claims(2, reviewer, editor)
    few = queries_for(client, url)
    make_full_claims(13, reviewer, editor)
    assert queries_for(client, url) == few


# Bulk changes


def post_bulk(client, claims, action, assignee="", note="", **extra):
    data = {"claims": [claim.pk for claim in claims], "action": action, "assignee": assignee, "note": note}
    return client.post(BULK_URL, data, **extra)


def messages_after(response, client) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def test_an_editor_assigns_several_claims_to_a_reviewer(client, editor, reviewer):
    claims = [make_claim(), make_claim(), make_claim()]
    untouched = make_claim()
    client.force_login(editor)

    response = post_bulk(client, claims[:2], "assign", assignee=reviewer.pk)

    assert "2 claim(s) updated." in messages_after(response, client)
    for claim in claims[:2]:
        claim.refresh_from_db()
        assert claim.assignee == reviewer
        assert AssignmentChange.objects.filter(claim=claim, assignee=reviewer, changed_by=editor).count() == 1
    for claim in (claims[2], untouched):
        claim.refresh_from_db()
        assert claim.assignee is None


def test_a_reviewer_assigning_to_nobody_in_particular_takes_the_claims(client, reviewer):
    claims = [make_claim(), make_claim()]
    client.force_login(reviewer)

    response = post_bulk(client, claims, "assign")

    assert "2 claim(s) updated." in messages_after(response, client)
    for claim in claims:
        claim.refresh_from_db()
        assert claim.assignee == reviewer


def test_a_reviewer_cannot_assign_claims_to_someone_else(client, reviewer, second_reviewer):
    claims = [make_claim(), make_claim()]
    client.force_login(reviewer)

    response = post_bulk(client, claims, "assign", assignee=second_reviewer.pk)

    page = messages_after(response, client)
    assert "Not changed:" in page
    for claim in claims:
        assert f"#{claim.pk}: Only editors assign claims to other people." in page
        claim.refresh_from_db()
        assert claim.assignee is None
    assert "claim(s) updated" not in page
    assert not AssignmentChange.objects.exists()


def test_a_bulk_status_move_moves_what_it_can_and_reports_the_rest(client, reviewer, editor):
    first, second = make_claim(), make_claim()
    published = bring_to(make_claim(), S.PUBLISHED, author=reviewer, approver=editor)
    changes_before = StatusChange.objects.count()
    client.force_login(reviewer)

    response = post_bulk(client, [first, published, second], "status:not_checkable", note="An opinion")

    page = messages_after(response, client)
    assert "2 claim(s) updated." in page
    assert f"#{published.pk}: A claim that is Published cannot move to Not checkable." in page
    for claim in (first, second):
        claim.refresh_from_db()
        assert claim.status == S.NOT_CHECKABLE
        change = StatusChange.objects.get(claim=claim, to_status=S.NOT_CHECKABLE)
        assert (change.from_status, change.changed_by, change.note) == (S.NEW, reviewer, "An opinion")
    published.refresh_from_db()
    assert published.status == S.PUBLISHED
    assert StatusChange.objects.count() == changes_before + 2


def test_a_bulk_status_move_the_role_does_not_allow_is_refused(client, reviewer, editor):
    approved = bring_to(make_claim(), S.APPROVED, author=reviewer, approver=editor)
    client.force_login(reviewer)

    response = post_bulk(client, [approved], "status:published")

    page = messages_after(response, client)
    assert f"#{approved.pk}: Your role does not allow you to publish." in page
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_a_bulk_move_that_needs_a_reason_is_refused_without_one(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)

    page = messages_after(post_bulk(client, [claim], "status:not_checkable"), client)

    assert f"#{claim.pk}: Say why the claim cannot be checked." in page
    claim.refresh_from_db()
    assert claim.status == S.NEW
    assert not StatusChange.objects.filter(claim=claim).exists()


def test_a_bulk_change_without_claims_is_an_error(client, reviewer):
    make_claim()
    client.force_login(reviewer)

    response = client.post(BULK_URL, {"action": "assign", "assignee": ""})

    assert "Select at least one claim and an action." in messages_after(response, client)
    assert not AssignmentChange.objects.exists()


def test_a_bulk_change_goes_back_to_the_filtered_list(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)

    back = post_bulk(client, [claim], "assign", HTTP_REFERER="http://testserver/claims/?status=new&assignee=none")
    elsewhere = post_bulk(client, [claim], "assign", HTTP_REFERER="https://evil.example/claims/")

    assert back.status_code == 302
    assert back.url == "http://testserver/claims/?status=new&assignee=none"
    assert elsewhere.url == LIST_URL


def test_an_htmx_bulk_change_redirects_the_browser(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)

    response = post_bulk(client, [claim], "assign", headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == LIST_URL
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_bulk_changes_need_a_login(client):
    claim = make_claim()

    response = post_bulk(client, [claim], "assign")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    claim.refresh_from_db()
    assert claim.assignee is None


def test_bulk_changes_are_posted_not_fetched(client, reviewer):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.get(BULK_URL, {"claims": [claim.pk], "action": "assign"})

    assert response.status_code == 405
    claim.refresh_from_db()
    assert claim.assignee is None


def test_a_bulk_change_that_fails_halfway_leaves_nothing_done(client, reviewer, monkeypatch):
    first, second = make_claim(), make_claim()
    original = Claim.transition
    calls = []

    def transition_failing_on_the_second(self, *args, **kwargs):
        calls.append(self.pk)
        if len(calls) == 2:
            raise RuntimeError("The database went away")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Claim, "transition", transition_failing_on_the_second)
    client.force_login(reviewer)

    with pytest.raises(RuntimeError):
        post_bulk(client, [first, second], "status:in_research")

    assert calls == [first.pk, second.pk]
    for claim in (first, second):
        claim.refresh_from_db()
        assert claim.status == S.NEW
    assert not StatusChange.objects.exists()
