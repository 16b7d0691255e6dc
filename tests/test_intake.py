"""Claim intake through the app: import a document, review the proposed claims, accept or dismiss them,
and catch claims already on file. Bad input gets one clear message and leaves nothing behind."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import intake
from claims.documents import read_html, read_text
from claims.models import Candidate, Claim, IllegalTransition, Source
from tests.factories import make_claim
from tests.test_documents import ARTICLE, Pages, article_html, local_site  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def seed_candidates(source):
    quote = source.candidates.get(kind=Claim.Kind.QUOTE, text__icontains="no one, except us, governs Belarus")
    troops = source.candidates.get(kind=Claim.Kind.QUANTITY, quantity_low=10000, quantity_high=15000)
    return quote, troops


@pytest.mark.parametrize("read", [lambda: read_text(ARTICLE.encode()), lambda: read_html(article_html())])
def test_the_seed_article_yields_the_quote_and_the_troop_range(read):
    result = intake.import_document(read())

    quote, troops = seed_candidates(result.source)
    assert quote.speaker == "Aleksandr G. Lukashenko"
    assert (troops.quantity_unit, troops.speaker) == ("soldiers", "Konrad Muzyka")
    assert result.source.full_text[quote.start : quote.end] == quote.text
    ranked = list(result.source.candidates.order_by("-score"))
    assert ranked.index(quote) < len(ranked) // 2 and ranked.index(troops) < len(ranked) // 2


def test_importing_the_same_text_again_duplicates_nothing():
    first = intake.import_document(read_text(ARTICLE.encode()))
    again = intake.import_document(read_text(ARTICLE.encode()))

    assert (first.created, again.created, again.candidates_added) == (True, False, 0)
    assert again.source == first.source
    assert Source.objects.count() == 1
    assert Candidate.objects.count() == first.candidates_added > 0


def test_accepting_makes_a_claim_with_speaker_quantity_and_excerpt(reviewer):
    source = intake.import_document(read_text(ARTICLE.encode())).source
    _, troops = seed_candidates(source)

    claim = intake.accept(troops.pk, by=reviewer)

    assert (claim.quantity_low, claim.quantity_high, claim.quantity_unit) == (
        Decimal(10000),
        Decimal(15000),
        "soldiers",
    )
    assert claim.claimant.name == "Konrad Muzyka"
    assert (claim.source, claim.created_by, claim.status) == (source, reviewer, Claim.Status.NEW)
    assert "10,000 to 15,000 soldiers" in claim.excerpt
    troops.refresh_from_db()
    assert (troops.decision, troops.claim, troops.decided_by) == (Candidate.Decision.ACCEPTED, claim, reviewer)
    with pytest.raises(IllegalTransition, match="already accepted"):
        intake.accept(troops.pk, by=reviewer)
    assert Claim.objects.count() == 1


def test_accepting_with_corrections(reviewer):
    source = intake.import_document(read_text(ARTICLE.encode())).source
    quote, _ = seed_candidates(source)

    claim = intake.accept(
        quote.pk, by=reviewer, changes={"text": "Nobody but us governs Belarus.", "speaker": "A. Lukashenko"}
    )

    assert claim.text == "Nobody but us governs Belarus."
    assert claim.claimant.name == "A. Lukashenko"


# Through the pages


def post_import(client, follow=False, **data):
    fields = {"kind": "article", **data}
    return client.post(reverse("claims:import"), fields, follow=follow)


def test_a_reviewer_imports_a_file_and_lands_on_the_review(client, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("minsk.txt", ARTICLE.encode(), content_type="text/plain")

    response = post_import(client, file=upload, publisher="The New York Times")

    source = Source.objects.get()
    assert response.status_code == 302 and response.url == reverse("claims:candidate-review", args=[source.pk])
    assert source.publisher == "The New York Times"
    page = client.get(response.url).content.decode()
    assert "no one, except us, governs Belarus" in page
    assert '<mark id="mark-' in page


def test_importing_the_same_upload_twice_points_to_the_first_import(client, reviewer):
    client.force_login(reviewer)
    for _ in range(2):
        response = post_import(client, file=SimpleUploadedFile("minsk.txt", ARTICLE.encode()), follow=True)
    assert Source.objects.count() == 1
    assert "imported before: nothing was duplicated." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste a text, upload a file or give a URL: one of the three."),
        ({"text": "Some text", "url": "https://example.org/"}, "one of the three"),
        ({"file": ("empty.txt", b"")}, "The submitted file is empty."),
        ({"file": ("junk.txt", bytes(range(256)) * 10)}, "The file is not text: it contains binary data."),
        ({"file": ("broken.html", b"<html><body><script>x</script>")}, "No article text could be found"),
        ({"file": ("notes.docx", b"PK\x03\x04")}, "Upload a .txt, .html or .pdf file"),
        ({"url": "http://127.0.0.1:9/article"}, "private or local address"),
        ({"url": "ftp://example.org/a.txt"}, "Give an http:// or https:// address."),
    ],
    ids=["nothing", "two", "empty file", "binary junk", "malformed html", "wrong type", "private url", "ftp url"],
)
def test_bad_input_gets_one_clear_message_and_saves_nothing(client, reviewer, data, message):
    client.force_login(reviewer)
    data = {key: SimpleUploadedFile(*value) if key == "file" else value for key, value in data.items()}

    response = post_import(client, **data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Source.objects.exists() and not Candidate.objects.exists()


def test_a_huge_file_is_refused(client, reviewer, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    client.force_login(reviewer)
    response = post_import(client, file=SimpleUploadedFile("big.txt", b"Words. " * 5000))
    assert response.status_code == 422
    assert "The file is larger than 10 KB" in response.content.decode()
    assert not Source.objects.exists()


def test_a_url_that_times_out_is_refused(client, reviewer, settings, local_site):  # noqa: F811
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    settings.IMPORT_FETCH_TIMEOUT = 1
    client.force_login(reviewer)
    response = post_import(client, url=local_site + "/slow")
    assert response.status_code == 422
    assert "took too long" in response.content.decode()
    assert not Source.objects.exists()


def test_a_url_is_fetched_and_imported(client, reviewer, settings, local_site):  # noqa: F811
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    client.force_login(reviewer)
    response = post_import(client, url=local_site + "/article")
    source = Source.objects.get()
    assert response.status_code == 302
    assert source.url == local_site + "/article" and source.publisher == "The New York Times"
    assert seed_candidates(source)


def test_a_user_without_a_role_cannot_import(client, stranger):
    client.force_login(stranger)
    assert client.get(reverse("claims:import")).status_code == 403
    assert post_import(client, text=ARTICLE).status_code == 403
    assert not Source.objects.exists()


def test_accept_dismiss_and_accept_selected_on_the_review(client, reviewer):
    client.force_login(reviewer)
    source = intake.import_document(read_text(ARTICLE.encode())).source
    quote, troops = seed_candidates(source)
    others = list(source.candidates.exclude(pk__in=[quote.pk, troops.pk])[:2])

    accepted = client.post(reverse("claims:candidate-accept", args=[quote.pk]), headers=HTMX)
    dismissed = client.post(reverse("claims:candidate-dismiss", args=[others[0].pk]), headers=HTMX)
    selected = client.post(
        reverse("claims:candidates-accept", args=[source.pk]), {"candidates": [troops.pk, others[1].pk]}, headers=HTMX
    )

    assert accepted.status_code == dismissed.status_code == selected.status_code == 200
    assert 'id="candidates"' in selected.content.decode() and "<html" not in selected.content.decode()
    decisions = dict(source.candidates.values_list("pk", "decision"))
    assert decisions[quote.pk] == decisions[troops.pk] == decisions[others[1].pk] == "accepted"
    assert decisions[others[0].pk] == "dismissed"
    assert Claim.objects.filter(source=source).count() == 3


def test_accept_selected_is_all_or_nothing(client, reviewer, monkeypatch):
    client.force_login(reviewer)
    source = intake.import_document(read_text(ARTICLE.encode())).source
    quote, troops = seed_candidates(source)
    real_accept = intake.accept

    def failing_on_the_second(pk, **kwargs):
        if pk == troops.pk:
            raise RuntimeError("disk full")
        return real_accept(pk, **kwargs)

    monkeypatch.setattr(intake, "accept", failing_on_the_second)
    client.raise_request_exception = False
    response = client.post(reverse("claims:candidates-accept", args=[source.pk]), {"candidates": [quote.pk, troops.pk]})

    assert response.status_code == 500
    assert not Claim.objects.exists()
    assert not source.candidates.exclude(decision=Candidate.Decision.PENDING).exists()


def test_correcting_a_candidate_before_accepting(client, reviewer):
    client.force_login(reviewer)
    source = intake.import_document(read_text(ARTICLE.encode())).source
    _, troops = seed_candidates(source)
    prefix = f"candidate-{troops.pk}"
    url = reverse("claims:candidate-accept", args=[troops.pk])
    fields = {f"{prefix}-text": "Russia has 10,000–15,000 soldiers training in Belarus.", f"{prefix}-kind": "quantity"}
    fields |= {f"{prefix}-speaker": "Konrad Muzyka", f"{prefix}-quantity_unit": "soldiers"}

    form = client.get(url, headers=HTMX)
    refused = client.post(url, {**fields, f"{prefix}-quantity_low": "15,000", f"{prefix}-quantity_high": "10,000"})
    accepted = client.post(url, {**fields, f"{prefix}-quantity_low": "10,000", f"{prefix}-quantity_high": "15,000"})

    assert 'value="10000"' in form.content.decode()
    assert refused.status_code == 422 and "The high end must not be below the low end." in refused.content.decode()
    assert accepted.status_code == 302
    claim = Claim.objects.get()
    assert claim.text == "Russia has 10,000–15,000 soldiers training in Belarus."


def test_a_candidate_shows_claims_already_on_file(client, reviewer):
    client.force_login(reviewer)
    earlier = make_claim(text="No one, except us, governs Belarus.")
    source = intake.import_document(read_text(ARTICLE.encode())).source
    quote, _ = seed_candidates(source)

    panel = client.get(reverse("claims:candidate-similar", args=[quote.pk]), headers=HTMX).content.decode()

    assert "Already checked?" in panel and earlier.get_absolute_url() in panel


def test_a_claim_is_marked_duplicate_of_a_similar_one_in_one_click(client, reviewer):
    client.force_login(reviewer)
    earlier = make_claim(text="Kyiv is only around 55 miles from the Belarusian border.")
    new = make_claim(text="Kyiv lies around 55 miles from the border with Belarus.")

    panel = client.get(reverse("claims:claim-similar", args=[new.pk]), headers=HTMX).content.decode()
    assert f"Mark this claim a duplicate of {earlier.pk}" in panel
    client.post(reverse("claims:claim-transition", args=[new.pk]), {"target": "duplicate", "duplicate_of": earlier.pk})

    new.refresh_from_db()
    assert (new.status, new.duplicate_of) == (Claim.Status.DUPLICATE, earlier)


def test_review_page_query_count_does_not_grow_with_candidates(client, reviewer):
    client.force_login(reviewer)
    short = intake.import_document(
        read_text(b"Officials said 4,000 troops arrived. The minister said it cost $3 billion.")
    )
    long = intake.import_document(read_text(ARTICLE.encode()))

    def count(source):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("claims:candidate-review", args=[source.pk]))
        return len(queries)

    assert long.source.candidates.count() > short.source.candidates.count()
    assert count(long.source) == count(short.source)


def test_similar_claim_lookup_uses_the_full_text_index():
    """At scale the lookup must not compare the text with every claim: with sequential scans off, the
    plan finds candidates through an index, the full-text one or, walking the newest first, the primary
    key (at a handful of rows the planner would rightly scan)."""
    make_claim(text="Kyiv is only around 55 miles from the Belarusian border.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Claim.objects.similar_to_text("Kyiv is 55 miles from the Belarus border").explain()
    assert "Seq Scan" not in plan and ("claim_search_idx" in plan or "claims_claim_pkey" in plan)


def test_similar_claims_share_rare_words_and_come_best_first():
    near = make_claim(text="Kyiv is only around 55 miles from the Belarusian border.")
    loose = make_claim(text="The border with Belarus is long; Kyiv is far from it, says the mayor of Lviv.")
    make_claim(text="Kyiv hosted a summit on energy prices.")  # one rare word in common: not similar
    for number in range(30):  # make "miles" and "from" common words
        make_claim(text=f"Trucks drove {number} miles from the depot.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")

    similar = list(Claim.objects.similar_to_text("Kyiv is 55 miles from the Belarus border"))

    assert similar[:2] == [near, loose]
    assert all(claim.similarity >= similar[-1].similarity for claim in similar)
