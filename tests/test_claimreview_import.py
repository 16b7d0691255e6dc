"""Other fact-checkers' ClaimReview markup, as they publish it, imported as reference claims: through the
importer, the command line and the editors' upload page; and shown beside similar claims."""

import copy
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.claimreview_import import ReviewImportError, import_reviews
from claims.models import Claim, Claimant, ExternalReview, RatingMapping
from tests.factories import default_rating, make_claim
from tests.web import HTMX, logged_in

pytestmark = pytest.mark.django_db

MALDITA = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://maldita.example/bulos/2024/03/03/lukashenko",
    "datePublished": "2024-03-03",
    "claimReviewed": "Nadie, excepto nosotros, gobierna Bielorrusia: Lukashenko niega la influencia rusa",
    "author": {"@type": "Organization", "name": "Maldita.es", "url": "https://maldita.example/"},
    "itemReviewed": {
        "@type": "Claim",
        "datePublished": "2022-12-19",
        "author": {
            "@type": "Person",
            "name": "Alexander Lukashenko",
            "jobTitle": "President of Belarus",
            "affiliation": {"@type": "Organization", "name": "Government of Belarus"},
        },
    },
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "Falso"},
}
STOPFAKE = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://stopfake.example/ru/claim-15000",
    "datePublished": "2023-01-10",
    "claimReviewed": "В Беларуси тренируются 15 000 российских солдат",
    "author": {"@type": "Organization", "name": "StopFake"},
    "reviewRating": {"@type": "Rating", "alternateName": "Engañoso"},
}


def imported(data) -> tuple[int, int, list]:
    outcome = import_reviews(json.dumps(data) if not isinstance(data, str | bytes) else data)
    return outcome.created, outcome.updated, outcome.refused


def test_a_review_becomes_a_reference_claim_with_its_publisher_date_and_mapped_rating():
    RatingMapping.objects.create(text="falso", rating=default_rating("False"))

    assert imported(MALDITA) == (1, 0, [])

    review = ExternalReview.objects.get()
    claim = review.claim
    assert claim.origin == Claim.Origin.CHECKED_ELSEWHERE and claim.text == MALDITA["claimReviewed"]
    assert (review.publisher, review.url, str(review.published_on)) == ("Maldita.es", MALDITA["url"], "2024-03-03")
    assert (review.rating_text, review.rating) == ("Falso", default_rating("False"))
    assert review.summary == "rated Falso by Maldita.es on 3 March 2024"
    assert (claim.claimant.name, claim.claimant.description) == (
        "Alexander Lukashenko",
        "President of Belarus, Government of Belarus",
    )
    assert str(claim.stated_on) == "2022-12-19"


def test_every_way_of_publishing_is_read():
    second = STOPFAKE
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "X"}, MALDITA, second]}
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": MALDITA}, second],
    }
    page = (
        "<html><head><script type='application/ld+json'>{}</script>"
        '<script type="application/ld+json">{}</script><script>var x = 1;</script></head><body>Hi</body></html>'
    ).format(json.dumps({"@type": "WebPage", "name": "Fact check"}), json.dumps(MALDITA))

    assert imported([MALDITA, second]) == (2, 0, [])
    for published in (graph, feed):
        assert imported(published) == (0, 2, [])
    assert imported(page) == (0, 1, [])
    assert ExternalReview.objects.count() == 2


def test_importing_again_updates_and_never_duplicates():
    import_reviews(json.dumps(STOPFAKE))
    corrected = copy.deepcopy(STOPFAKE)
    corrected["reviewRating"]["alternateName"] = "Falso"
    RatingMapping.objects.create(text="FALSO", rating=default_rating("False"))

    assert imported(corrected) == (0, 1, [])

    review = ExternalReview.objects.get()
    assert (review.rating_text, review.rating) == ("Falso", default_rating("False"))
    assert review.claim.text == "В Беларуси тренируются 15 000 российских солдат"
    assert Claim.objects.filter(origin=Claim.Origin.CHECKED_ELSEWHERE).count() == 1


def test_an_unmapped_rating_keeps_its_own_words_and_non_ascii_survives():
    imported(STOPFAKE)
    review = ExternalReview.objects.get()
    assert (review.rating_text, review.rating) == ("Engañoso", None)
    assert review.summary == "rated Engañoso by StopFake on 10 January 2023"


def test_records_that_cannot_be_used_are_refused_with_the_reason_and_the_rest_imported():
    no_claim = {**MALDITA, "url": "https://maldita.example/2", "claimReviewed": ""}
    no_url = {**STOPFAKE, "url": "javascript:alert(1)"}
    no_rating = {**STOPFAKE, "url": "https://stopfake.example/3", "reviewRating": {"@type": "Rating"}}

    created, updated, refused = imported([no_claim, MALDITA, no_url, no_rating])

    assert (created, updated) == (1, 0)
    assert refused == [
        "record 1 (https://maldita.example/2): it has no claimReviewed (the claim's text)",
        "record 3 (javascript:alert(1)): it has no web address (url) of its own",
        "record 4 (https://stopfake.example/3): its reviewRating has neither a name (alternateName) nor a value",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ("<html><p>No markup</p></html>", "No JSON-LD"),
        ('{"@type": "Movie"}', "No ClaimReview"),
    ],
)
def test_what_holds_no_review_at_all_is_refused_as_a_whole(data, message):
    with pytest.raises(ReviewImportError, match=message):
        import_reviews(data)


# The command line


class Feeds(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"@type": "DataFeed", "dataFeedElement": [MALDITA, STOPFAKE]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_url(settings):
    settings.IMPORT_ALLOW_PRIVATE_URLS = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.json"
    server.shutdown()


def test_the_command_imports_files_and_urls_and_says_what_it_did(tmp_path, feed_url):
    path = tmp_path / "reviews.jsonld"
    path.write_text(json.dumps([MALDITA, {**STOPFAKE, "claimReviewed": ""}]), encoding="utf-8")
    out = io.StringIO()

    call_command("import_claimreview", str(path), feed_url, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"{path}: 1 created, 0 updated, 1 refused."
    assert (
        lines[1]
        == "  refused record 2 (https://stopfake.example/ru/claim-15000): it has no claimReviewed (the claim's text)"
    )
    assert lines[2] == f"{feed_url}: 1 created, 1 updated, 0 refused."
    assert Claimant.objects.filter(name="Alexander Lukashenko").count() == 1


def test_the_command_exits_non_zero_when_a_source_cannot_be_read_after_trying_the_others(tmp_path, settings):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(MALDITA), encoding="utf-8")
    (tmp_path / "big.json").write_text(json.dumps(STOPFAKE) + " " * 5000, encoding="utf-8")
    settings.IMPORT_MAX_BYTES = 4000
    names = [str(tmp_path / name) for name in ("missing.json", "broken.json", "big.json", "good.json")]
    with pytest.raises(CommandError, match="broken.json: This is not valid JSON.*big.json: larger than"):
        call_command("import_claimreview", *names, stdout=io.StringIO())
    assert ExternalReview.objects.get().url == MALDITA["url"]


# The editors' page, and the similar-claims panel


def test_an_editor_uploads_reviews_and_a_reviewer_may_not(editor, reviewer):
    url = reverse("claims:import-claimreview")
    upload = SimpleUploadedFile("reviews.json", json.dumps([MALDITA, STOPFAKE]).encode())

    response = logged_in(editor).post(url, {"file": upload}, follow=True)

    assert "Reviews imported: 2 created, 0 updated, 0 refused." in response.text
    assert "rated Falso by Maldita.es on 3 March 2024" in response.text
    bad = logged_in(editor).post(url, {"file": SimpleUploadedFile("x.json", b"{oops")})
    assert bad.status_code == 422 and "not valid JSON" in bad.text
    assert logged_in(reviewer).get(url).status_code == 403


def test_a_similar_claim_checked_elsewhere_says_who_rated_it_how(reviewer):
    imported(MALDITA)
    ours = make_claim(text="Lukashenko: nadie, excepto nosotros, gobierna Bielorrusia")

    panel = logged_in(reviewer).get(reverse("claims:claim-similar", args=[ours.pk]), headers=HTMX).text

    assert "rated Falso by Maldita.es on 3 March 2024" in panel
    assert MALDITA["url"] in panel


def test_reference_claims_stay_out_of_the_desks_list_unless_asked_for(reviewer):
    imported(MALDITA)
    ours = make_claim(text="Our own claim about Belarus.")
    client = logged_in(reviewer)

    default = client.get(reverse("claims:claim-list")).text
    elsewhere = client.get(reverse("claims:claim-list"), {"origin": "checked_elsewhere"}).text

    assert ours.text in default and "Nadie, excepto nosotros" not in default
    assert "Nadie, excepto nosotros" in elsewhere and ours.text not in elsewhere
