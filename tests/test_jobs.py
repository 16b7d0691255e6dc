"""Long work in the background: large exports, PDF reports and large imports become jobs with a
progress page that polls, then offers the file or says why it failed. Most tests run the task in
this process (django.tasks' immediate backend); test_a_real_worker_… runs `manage.py db_worker`."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims import jobs, reports
from claims.models import Candidate, Claim, Job, Source
from tests.factories import make_claim
from tests.test_public import published
from tests.web import HTMX

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED = (PROJECT_DIR / "claims" / "fixtures" / "seed_article.txt").read_text()
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORED_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    return settings


@pytest.fixture
def tasks_run_at_once(settings):
    settings.TASKS = IMMEDIATE


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8").removeprefix("\ufeff"))))


def start(client, **params) -> Job:
    response = client.post(reverse("claims:export-start"), params)
    assert response.status_code == 302, response.content[:300]
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    return job


def downloaded(client, job: Job) -> bytes:
    page = client.get(job.get_absolute_url())
    download_url = reverse("claims:job-download", args=[job.pk])
    assert download_url in page.content.decode()
    response = client.get(download_url)
    assert response.status_code == 200
    assert f'filename="{job.filename}"' in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_a_large_export_is_offered_in_the_background_instead_of_streamed(client, editor, small_threshold):
    for number in range(3):
        make_claim(text=f"Claim number {number}")
    client.force_login(editor)

    page = client.get(reverse("claims:export"), {"format": "csv"})

    assert page.status_code == 200 and not page.streaming
    html = page.content.decode()
    assert "3 claims are more than 2 to download at once" in html
    assert f'action="{reverse("claims:export-start")}"' in html and 'name="format" value="csv"' in html
    assert not Job.objects.exists()  # a GET starts nothing


def test_a_small_export_still_downloads_at_once(client, editor, small_threshold):
    make_claim(text="Just the one")
    client.force_login(editor)
    response = client.get(reverse("claims:export"), {"format": "csv"})
    assert response.streaming and [row["claim"] for row in read_csv(b"".join(response.streaming_content))] == [
        "Just the one"
    ]


def test_the_background_export_finishes_with_the_file_to_download(
    client, editor, reviewer, small_threshold, tasks_run_at_once
):
    check = published(reviewer, editor, text="Around 55 miles, déjà vu")
    for number in range(3):
        make_claim(text=f"=cmd|' /C calc'!A{number}")
    client.force_login(editor)

    job = start(client, format="csv", status="")
    job.refresh_from_db()

    assert (job.state, job.done, job.total, job.label) == (Job.State.DONE, 4, 4, "CSV of 4 claims")
    rows = read_csv(downloaded(client, job))
    assert [row["id"] for row in rows] == [str(pk) for pk in Claim.objects.order_by("pk").values_list("pk", flat=True)]
    assert rows[0]["claim"] == check.text and rows[0]["rating"] == "True"
    assert all(row["claim"].startswith("'=") for row in rows[1:])  # formulas neutralised in files too


def test_the_filters_go_with_the_job(client, editor, reviewer, small_threshold, tasks_run_at_once):
    published(reviewer, editor, text="Published one")
    for number in range(3):
        make_claim(text=f"New {number}")
    client.force_login(editor)
    job = start(client, format="json", status="new")
    assert job.label == "JSON of 3 claims"
    assert b"Published one" not in downloaded(client, job)


def test_a_pdf_report_is_always_prepared_in_the_background(
    client, editor, reviewer, settings, tmp_path, tasks_run_at_once
):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    published(reviewer, editor, text="Kyiv is only around 55 miles from the border")
    client.force_login(editor)

    assert "A PDF report is laid out page by page" in client.get(reverse("claims:export"), {"format": "pdf"}).text
    job = start(client, format="pdf")
    reader = PdfReader(io.BytesIO(downloaded(client, job)))

    assert "Kyiv is only around 55 miles from the border" in " ".join(page.extract_text() for page in reader.pages)


def test_the_progress_panel_polls_until_the_job_ends(client, editor, small_threshold):
    small_threshold.TASKS = STORED_ONLY  # queued, never run: as before a worker picks it up
    for number in range(3):
        make_claim(text=f"Claim {number}")
    client.force_login(editor)
    job = start(client, format="csv")

    panel = client.get(job.get_absolute_url(), headers=HTMX)
    assert panel.status_code == 200 and "<html" not in panel.text
    assert 'hx-trigger="every 1s"' in panel.text and "Waiting for a worker" in panel.text
    assert "the task worker may not be running" not in panel.text
    assert '<noscript><meta http-equiv="refresh"' in client.get(job.get_absolute_url()).text  # without JS

    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=2))
    assert "the task worker may not be running" in client.get(job.get_absolute_url(), headers=HTMX).text

    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, stage="Reading claims", total=3, done=1)
    panel = client.get(job.get_absolute_url(), headers=HTMX).text
    assert 'value="33"' in panel and "Running: reading claims" in panel and "(1 of 3)" in panel

    jobs.run_export.call(str(job.pk))
    panel = client.get(job.get_absolute_url(), headers=HTMX).text
    assert "hx-trigger" not in panel  # done: the panel stops polling
    assert reverse("claims:job-download", args=[job.pk]) in panel


def test_a_failed_job_says_why_on_its_page(client, editor, small_threshold, monkeypatch, tasks_run_at_once):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(reports, "write_xlsx", broken)
    for number in range(3):
        make_claim(text=f"Claim {number}")
    client.force_login(editor)

    job = start(client, format="xlsx")  # the task fails; the request that queued it does not

    job.refresh_from_db()
    assert job.state == Job.State.FAILED and not job.file
    page = client.get(job.get_absolute_url(), headers=HTMX).text
    assert "Report failed: Something went wrong (OSError); nothing was changed." in page
    assert str(job.pk) in page and "hx-trigger" not in page
    assert client.get(reverse("claims:job-download", args=[job.pk])).status_code == 404


def test_filters_that_no_longer_hold_fail_the_job_with_the_reason(editor, small_threshold):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT, label="CSV", requested_by=editor, parameters={"format": "csv", "claimant": "Nobody"}
    )
    with pytest.raises(jobs.JobFailed):
        jobs.run_export.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "The report's filters no longer hold: No claimant is called 'Nobody'."


def test_only_the_person_who_asked_sees_the_job(client, editor, second_editor, small_threshold, tasks_run_at_once):
    for number in range(3):
        make_claim(text=f"Claim {number}")
    client.force_login(editor)
    job = start(client, format="csv")

    client.force_login(second_editor)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("claims:job-download", args=[job.pk])).status_code == 404


def test_reviewers_cannot_start_exports(client, reviewer, small_threshold):
    client.force_login(reviewer)
    assert client.post(reverse("claims:export-start"), {"format": "csv"}).status_code == 403
    assert not Job.objects.exists()


def test_a_start_without_a_format_goes_back_with_the_reason(client, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:export-start"), {"claimant": "Nobody"}, follow=True)
    assert "No claimant is called &#x27;Nobody&#x27;." in response.text
    assert not Job.objects.exists()


def test_a_long_document_is_imported_in_the_background(client, reviewer, settings, tasks_run_at_once):
    settings.IMPORT_BACKGROUND_CHARS = 1000
    client.force_login(reviewer)

    response = client.post(reverse("claims:import"), {"text": SEED, "title": "Putin in Minsk", "kind": "article"})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    source = Source.objects.get(title="Putin in Minsk")
    page = client.get(job.get_absolute_url()).text
    assert reverse("claims:candidate-review", args=[source.pk]) in page
    proposed = Candidate.objects.filter(source=source).count()
    assert proposed > 5 and f"{proposed} claims proposed" in page
    assert job.label == "Import of “Putin in Minsk”"
    job.refresh_from_db()
    assert job.total == len(SEED.replace("\r\n", "\n")) and "text" not in job.parameters


def test_a_short_document_is_still_imported_at_once(client, reviewer, settings):
    settings.IMPORT_BACKGROUND_CHARS = 100_000
    client.force_login(reviewer)
    response = client.post(reverse("claims:import"), {"text": SEED, "title": "Putin in Minsk", "kind": "article"})
    source = Source.objects.get(title="Putin in Minsk")
    assert response.url == reverse("claims:candidate-review", args=[source.pk])
    assert not Job.objects.exists()


# --- A real worker ----------------------------------------------------------------------------------


def test_a_real_worker_process_prepares_the_export_and_the_page_offers_it(
    migration_data, client, editor, settings, tmp_path
):
    """The app queues the task in PostgreSQL; `manage.py db_worker`, started as a desk would start it,
    picks it up; the page polls as htmx would until the file is there, and it downloads."""
    settings.EXPORT_BACKGROUND_ROWS = 10
    settings.MEDIA_ROOT = tmp_path
    Claim.objects.bulk_create(Claim(text=f"Claim number {n} about Belarus") for n in range(40))
    client.force_login(editor)
    job = start(client, format="csv")
    assert job.state == Job.State.QUEUED

    worker = start_worker(media_root=tmp_path)
    try:
        seen = poll_until_finished(client, job)
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, output

    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert "Waiting for a worker" in seen[0] and "Download verdicts-" in seen[-1]
    rows = read_csv(downloaded(client, job))
    assert len(rows) == 40 and rows[0]["claim"] == "Claim number 0 about Belarus"


def start_worker(*, media_root: Path) -> subprocess.Popen:
    params = connection.get_connection_params()
    database_url = f"postgres://{params['user']}@/{params['dbname']}?host={params['host']}"
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "MEDIA_ROOT": str(media_root)}
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def poll_until_finished(client, job: Job, timeout: float = 60) -> list[str]:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        panel = client.get(job.get_absolute_url(), headers=HTMX).text
        seen.append(panel)
        if "hx-trigger" not in panel:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"The job did not finish in {timeout} s: {seen[-1]}")


# --- Command-line jobs ------------------------------------------------------------------------------


def test_the_export_command_shows_its_progress_and_writes_the_file(tmp_path, reviewer, editor):
    for number in range(25):
        make_claim(text=f"Claim {number}")
    out, err = io.StringIO(), io.StringIO()

    call_command("export_verdicts", "--output", str(tmp_path / "all.csv"), stdout=out, stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Claims [") and "0/25" in lines[0]
    assert "100% 25/25" in lines[-2] and lines[-1] == f"Wrote {tmp_path / 'all.csv'}."
    assert len(read_csv((tmp_path / "all.csv").read_bytes())) == 25


def test_the_import_command_imports_each_document_and_names_the_ones_it_could_not(tmp_path, db):
    (tmp_path / "minsk.txt").write_text(SEED)
    (tmp_path / "notes.docx").write_bytes(b"PK")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as refusal:
        call_command(
            "import_documents", str(tmp_path / "notes.docx"), str(tmp_path / "minsk.txt"), stdout=out, stderr=err
        )

    source = Source.objects.get()
    proposed = source.candidates.count()
    assert proposed > 5
    assert out.getvalue() == f"{tmp_path / 'minsk.txt'}: source #{source.pk}, {proposed} claims proposed for review.\n"
    assert "100% " in err.getvalue().splitlines()[-1]
    assert (
        str(refusal.value) == f"Not imported: {tmp_path / 'notes.docx'}: Upload a .txt, .html or .pdf file, not .docx."
    )


def test_old_jobs_and_their_files_are_pruned(editor, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    old, recent = (
        Job.objects.create(kind=Job.Kind.EXPORT, label=label, requested_by=editor, state=Job.State.DONE)
        for label in ("old", "recent")
    )
    for job, age in ((old, 8), (recent, 1)):
        job.file.save("verdicts.csv", ContentFile(b"id\n"), save=False)
        Job.objects.filter(pk=job.pk).update(
            file=job.file.name, finished_at=timezone.now() - timezone.timedelta(days=age)
        )
    old_file = Path(tmp_path / old.file.name)
    out = io.StringIO()

    call_command("prune_jobs", "--days", "7", stdout=out)

    assert list(Job.objects.values_list("label", flat=True)) == ["recent"]
    assert not old_file.exists() and (tmp_path / recent.file.name).exists()
    assert out.getvalue() == "Deleted 1 finished job(s) and 1 file(s) older than 7 day(s).\n"
