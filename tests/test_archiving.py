"""Link archiving: evidence and source links sent to a web archive's save endpoint in the background.
A local server on loopback plays the archive: its first path segment says how it answers."""

import io
import json
import signal
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from claims import apikeys, archiving
from claims.models import Evidence, Source
from tests.factories import make_claim, make_evidence, make_source, make_user
from tests.test_jobs import start_worker
from tests.web import HTMX, IMMEDIATE_TASKS, admin_url, hidden_inputs, logged_in

STAMP = "20261130143000"
PAGE = "https://example.org/statistics?year=2025"
COPY = f"https://web.archive.org/web/{STAMP}/{PAGE}"
ARCHIVE = "http://archive.test"  # the origin the local archive names in its Link headers


class Archive(BaseHTTPRequestHandler):
    """GET /<mode>/save/<page address>, answered as the Wayback Machine would (or would not)."""

    def do_GET(self):
        mode, _, rest = self.path.lstrip("/").partition("/")
        page = rest.removeprefix("save/")
        if mode == "submit":  # an endpoint taking the address as a query parameter
            mode, page = "redirect", parse_qs(urlsplit(self.path).query)["url"][0]
        copy = f"/web/{STAMP}/{page}"
        if mode == "slow":
            time.sleep(2)
        original, first = f'<{page}>; rel="original"', f'<http://x/web/1/{page}>; rel="first memento"'
        last, later = 'rel="last memento"; datetime="Mon, 30 Nov 2026"', f'<http://x/web/2/{page}>; rel="last memento"'
        answers = {
            "redirect": (302, {"Location": copy}),
            "slow": (302, {"Location": copy}),
            "content-location": (200, {"Content-Location": copy}),
            "link": (200, {"Link": f"{original}, {first}, <{ARCHIVE}{copy}>; {last}"}),
            "link-memento": (200, {"Link": f'{original}, {first}, <{ARCHIVE}{copy}>; rel="memento", {later}'}),
            "page-content-location": (200, {"Content-Location": "Overview.html"}),  # the saved page's own
            "bad-gateway": (502, {}),
            "busy": (429, {}),
            "silent": (200, {}),
        }
        status, headers = answers.get(mode, (404, {}))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the app stopped waiting (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def archive_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Archive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def archive(settings, archive_server):
    """Tasks run at once, against the local archive; archive("mode") says how it answers."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.ARCHIVE_ALLOW_PRIVATE_URLS = True
    settings.ARCHIVE_TIMEOUT = 5

    def answering(mode: str) -> str:
        settings.ARCHIVE_SAVE_URL = f"{archive_server}/{mode}/save/"
        return f"{archive_server}/web/{STAMP}/{PAGE}"

    return answering


@pytest.fixture
def evidence(reviewer):
    claim = make_claim(text="Unemployment fell to 4.1 percent last year.")
    return make_evidence(claim, reviewer, url=PAGE, excerpt="4.1 percent in 2025", note="The office's table.")


def archive_evidence(client, item: Evidence, **options):
    return client.post(reverse("claims:evidence-archive", args=[item.claim_id, item.pk]), **options)


def claim_page(client, item: Evidence) -> str:
    return client.get(reverse("claims:claim-detail", args=[item.claim_id])).text


def unchanged(item: Evidence) -> tuple:
    return item.url, item.excerpt, item.note, item.stance, item.version, item.updated_at


# Archiving succeeds


def test_an_archived_link_is_kept_and_linked_on_the_claim_page(reviewer, evidence, archive):
    copy = archive("redirect")
    client = logged_in(reviewer)
    response = archive_evidence(client, evidence, headers=HTMX)
    assert response.status_code == 204
    assert "claimChanged" in json.loads(response["HX-Trigger"])
    before = unchanged(evidence)
    evidence.refresh_from_db()
    assert (evidence.archive_state, evidence.archived_url, evidence.archive_error) == ("done", copy, "")
    assert evidence.archived_at is not None
    assert unchanged(evidence) == before, "archiving wrote the evidence's other fields or bumped its version"
    page = claim_page(client, evidence)
    assert f'<a href="{copy}" rel="noopener noreferrer">archived copy</a>' in page
    assert "Archive again" in page


@pytest.mark.parametrize("mode", ["redirect", "content-location"])
def test_the_copy_is_read_from_a_redirect_or_content_location_resolved_against_the_archive(archive, mode, db):
    copy = archive(mode)
    assert archiving.save_page(PAGE) == copy


def test_an_endpoint_ending_in_equals_gets_the_address_percent_encoded(archive, settings, archive_server, db):
    archive("redirect")
    settings.ARCHIVE_SAVE_URL = f"{archive_server}/submit/?url="
    assert archiving.save_page(PAGE) == f"{archive_server}/web/{STAMP}/{PAGE}"


@pytest.mark.parametrize("mode", ["link", "link-memento"])
def test_the_memento_of_a_link_header_else_its_last_memento_is_the_copy(archive, mode, db):
    archive(mode)
    assert archiving.save_page(PAGE) == f"{ARCHIVE}/web/{STAMP}/{PAGE}"


def test_a_plain_post_archives_and_comes_back_to_the_claim_page(reviewer, evidence, archive):
    archive("redirect")
    response = archive_evidence(logged_in(reviewer), evidence, follow=True)
    assert response.redirect_chain[-1][0] == reverse("claims:claim-detail", args=[evidence.claim_id])
    assert "Sent to the archive" in response.text and "archived copy" in response.text


# Archiving fails: the evidence stays as it was, and its row says why


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("bad-gateway", "the archive answered 502 Bad Gateway"),
        ("busy", "the archive is busy (429 Too Many Requests): try again later"),
        ("silent", "the archive's answer did not say where the copy is"),
        ("page-content-location", "the archive's answer did not say where the copy is"),
    ],
)
def test_an_archive_error_leaves_the_evidence_intact_and_says_why(reviewer, evidence, archive, mode, reason):
    archive(mode)
    client = logged_in(reviewer)
    before = unchanged(evidence)
    assert archive_evidence(client, evidence, headers=HTMX).status_code == 204
    evidence.refresh_from_db()
    assert unchanged(evidence) == before
    assert (evidence.archive_state, evidence.archive_error, evidence.archived_url) == ("failed", reason, "")
    page = claim_page(client, evidence)
    assert f"Archiving failed: {reason}." in page.replace("&#x27;", "'")
    assert "Try again</button>" in page


def test_an_archive_that_is_offline_could_not_be_reached(reviewer, evidence, archive, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.ARCHIVE_SAVE_URL = f"http://127.0.0.1:{port}/save/"
    archive_evidence(logged_in(reviewer), evidence, headers=HTMX)
    evidence.refresh_from_db()
    assert (evidence.archive_state, evidence.archive_error) == ("failed", "could not reach the archive")
    assert evidence.url == PAGE and evidence.version == 1


def test_an_archive_slower_than_the_timeout_fails_the_attempt(reviewer, evidence, archive, settings):
    archive("slow")
    settings.ARCHIVE_TIMEOUT = 0.5
    archive_evidence(logged_in(reviewer), evidence, headers=HTMX)
    evidence.refresh_from_db()
    assert (evidence.archive_state, evidence.archive_error) == (
        "failed",
        "the archive took longer than 0.5 s to answer",
    )


def test_a_failure_after_a_success_keeps_the_earlier_copy(reviewer, evidence, archive):
    copy = archive("redirect")
    client = logged_in(reviewer)
    archive_evidence(client, evidence)
    archive("bad-gateway")
    archive_evidence(client, evidence)
    evidence.refresh_from_db()
    assert (evidence.archive_state, evidence.archived_url) == ("failed", copy)


def test_private_addresses_are_refused_unless_allowed(reviewer, evidence, archive, settings):
    archive("redirect")
    settings.ARCHIVE_ALLOW_PRIVATE_URLS = False
    archive_evidence(logged_in(reviewer), evidence)
    evidence.refresh_from_db()
    assert evidence.archive_state == "failed"
    assert "private or local address" in evidence.archive_error or "could not be found" in evidence.archive_error


# Edits and archiving do not overwrite each other


def test_an_edit_saved_from_an_older_copy_keeps_the_archive_fields(reviewer, evidence, archive):
    copy = archive("redirect")
    opened = Evidence.objects.get(pk=evidence.pk)  # the edit form was opened before the archive answered
    archive_evidence(logged_in(reviewer), evidence)
    opened.note = "Checked again."
    opened.save()
    evidence.refresh_from_db()
    assert (evidence.note, evidence.version, evidence.archived_url, evidence.archive_state) == (
        "Checked again.",
        2,
        copy,
        "done",
    )


def test_a_new_address_forgets_the_copy_of_the_old_one(reviewer, evidence, archive):
    archive("redirect")
    archive_evidence(logged_in(reviewer), evidence)
    item = Evidence.objects.get(pk=evidence.pk)
    item.url = "https://example.org/other"
    item.save()
    item.refresh_from_db()
    assert (item.archived_url, item.archive_state, item.archived_at) == ("", "none", None)


def test_a_copy_typed_in_by_an_admin_is_kept_as_the_copy(admin_user, db):
    source = make_source(url=PAGE)
    page = logged_in(admin_user).get(admin_url(Source, "change", source.pk)).text
    data = hidden_inputs(page) | {
        "title": source.title,
        "url": PAGE,
        "kind": source.kind,
        "language": source.language,
        "authors": "",
    }
    response = logged_in(admin_user).post(admin_url(Source, "change", source.pk), data | {"archived_url": COPY})
    assert response.status_code == 302, response.text[:2000]
    source.refresh_from_db()
    assert (source.archived_url, source.archive_state) == (COPY, "done")
    assert source.archived_at is not None


def test_a_copy_of_an_address_changed_meanwhile_is_not_kept(evidence, archive):
    archive("redirect")
    Evidence.objects.filter(pk=evidence.pk).update(url="https://example.org/changed")
    archiving.record(
        Evidence.objects.filter(pk=evidence.pk, url=PAGE), state=archiving.State.DONE, error="", archived_url=PAGE
    )
    evidence.refresh_from_db()
    assert evidence.archive_state == "none"


# In the background: the row says "archiving…" and polls until the worker is done


def test_a_queued_archive_shows_archiving_and_polls_its_row(reviewer, evidence):
    client = logged_in(reviewer)  # the database task backend: queued, no worker here
    assert archive_evidence(client, evidence, headers=HTMX).status_code == 204
    evidence.refresh_from_db()
    assert evidence.archive_state == "pending"
    assert DBTaskResult.objects.filter(args_kwargs__args=["evidence", evidence.pk]).exists()
    page = claim_page(client, evidence)
    row = page[page.index(f'id="archive-evidence-{evidence.pk}"') :]
    assert "archiving…" in row and 'hx-trigger="every 2s"' in row[:400]
    assert "Archive</button>" not in row[: row.index("</div>")]


def test_evidence_is_archived_when_added_with_archive_on_add(reviewer, archive, settings):
    copy = archive("redirect")
    settings.ARCHIVE_ON_ADD = True
    claim = make_claim()
    data = {"stance": Evidence.Stance.SUPPORTS, "url": PAGE, "note": "Table 4."}
    assert logged_in(reviewer).post(reverse("claims:evidence-add", args=[claim.pk]), data).status_code == 302
    assert Evidence.objects.get(claim=claim).archived_url == copy


def test_evidence_added_through_the_api_is_archived_too(client, reviewer, archive, settings):
    copy = archive("redirect")
    settings.ARCHIVE_ON_ADD = True
    claim = make_claim()
    token = apikeys.issue(reviewer, "monitoring")[1]
    response = client.post(
        f"/api/claims/{claim.pk}/evidence",
        json.dumps({"stance": "supports", "url": PAGE}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert Evidence.objects.get(claim=claim).archived_url == copy


def test_evidence_is_not_archived_when_added_by_default(reviewer, archive):
    archive("redirect")
    claim = make_claim()
    data = {"stance": Evidence.Stance.SUPPORTS, "url": PAGE}
    logged_in(reviewer).post(reverse("claims:evidence-add", args=[claim.pk]), data)
    assert Evidence.objects.get(claim=claim).archive_state == "none"


# Sources


def test_a_source_is_archived_from_its_page(reviewer, archive):
    copy = archive("redirect")
    source = make_source(title="Labour market statistics", url=PAGE)
    client = logged_in(reviewer)
    response = client.post(reverse("claims:source-archive", args=[source.pk]), headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert f'href="{copy}"' in response.text
    source.refresh_from_db()
    assert (source.archive_state, source.archived_url, source.title) == ("done", copy, "Labour market statistics")
    assert f'href="{copy}"' in client.get(reverse("claims:source-detail", args=[source.pk])).text


def test_a_source_that_failed_says_why_on_its_page(reviewer, archive):
    archive("bad-gateway")
    source = make_source(url=PAGE)
    response = logged_in(reviewer).post(reverse("claims:source-archive", args=[source.pk]), follow=True)
    assert "Archiving failed: the archive answered 502 Bad Gateway." in response.text


# Who may archive


def test_a_user_without_the_research_permission_cannot_archive(evidence, archive):
    archive("redirect")
    reader = make_user(None, username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client = logged_in(reader)
    response = archive_evidence(client, evidence, headers=HTMX)
    assert response.status_code == 403
    source = make_source(url="https://example.org/source")
    assert client.post(reverse("claims:source-archive", args=[source.pk])).status_code == 403
    assert "Archive</button>" not in claim_page(client, evidence)
    evidence.refresh_from_db()
    assert evidence.archive_state == "none"


def test_archiving_needs_the_csrf_token(reviewer, evidence, archive):
    archive("redirect")
    client = logged_in(reviewer, enforce_csrf_checks=True)
    assert archive_evidence(client, evidence, headers=HTMX).status_code == 403
    evidence.refresh_from_db()
    assert evidence.archive_state == "none"


def test_evidence_without_a_link_of_its_own_has_nothing_to_archive(reviewer, archive):
    item = make_evidence(make_claim(), reviewer, url="", source=make_source(url=PAGE))
    assert archive_evidence(logged_in(reviewer), item).status_code == 404


def test_switched_off_archiving_offers_no_button_and_refuses(reviewer, evidence, archive, settings):
    archive("redirect")
    settings.ARCHIVE_ENABLED = False
    client = logged_in(reviewer)
    assert "Archive</button>" not in claim_page(client, evidence)
    assert archive_evidence(client, evidence).status_code == 404


# A real worker


def test_a_real_worker_archives_the_link(migration_data, reviewer, archive_server, monkeypatch, tmp_path):
    claim = make_claim()
    item = make_evidence(claim, reviewer, url=PAGE)
    client = logged_in(reviewer)
    assert archive_evidence(client, item, headers=HTMX).status_code == 204
    monkeypatch.setenv("ARCHIVE_SAVE_URL", f"{archive_server}/redirect/save/")
    monkeypatch.setenv("ARCHIVE_ALLOW_PRIVATE_URLS", "true")
    worker = start_worker(media_root=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while Evidence.objects.get(pk=item.pk).archive_state == "pending" and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=30)[0]
    item.refresh_from_db()
    assert item.archive_state == "done", output
    assert item.archived_url == f"{archive_server}/web/{STAMP}/{PAGE}"
    assert "archived copy" in claim_page(client, item)


# In bulk, from the command line


def test_the_command_archives_every_unarchived_link_with_its_progress(reviewer, evidence, archive):
    copy = archive("redirect")
    source = make_source(url=PAGE)
    make_source(url="https://example.org/done", archived_url="https://archive.test/web/1/done")
    make_evidence(evidence.claim, reviewer, url="", source=source)  # no link of its own
    out, err = io.StringIO(), io.StringIO()
    call_command("archive_links", "--all-unarchived", stdout=out, stderr=err)
    assert out.getvalue() == "2 links archived, 0 not.\n"
    assert "Links [" in err.getvalue()
    evidence.refresh_from_db()
    source.refresh_from_db()
    assert evidence.archived_url == source.archived_url == copy


def test_the_command_retries_pending_links_within_the_limit(reviewer, evidence, archive):
    archive("bad-gateway")
    second = make_evidence(evidence.claim, reviewer, url="https://example.org/second")
    Evidence.objects.update(archive_state="pending")
    out = io.StringIO()
    call_command("archive_links", "--pending", "--limit", "1", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "0 links archived, 1 not (the reasons are on their rows).\n"
    evidence.refresh_from_db()
    second.refresh_from_db()
    assert (evidence.archive_state, second.archive_state) == ("failed", "pending")


def test_the_command_counts_without_archiving_on_a_dry_run(evidence, archive):
    archive("redirect")
    out = io.StringIO()
    call_command("archive_links", "--all-unarchived", "--dry-run", stdout=out)
    assert out.getvalue() == "1 links would be sent to the archive.\n"
    evidence.refresh_from_db()
    assert evidence.archive_state == "none"


def test_the_command_needs_to_know_which_links(db):
    with pytest.raises(CommandError):
        call_command("archive_links")
