"""Long work in the background: large exports, PDF reports and large imports.

Each is a django.tasks task, stored in PostgreSQL by django-tasks-db and run by a worker process
(`manage.py db_worker`). The task reports on a Job row, which the person's progress page polls: the
stage, how far it got, and then the file to download, or why it failed."""

import contextlib
import datetime
import logging
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from claims import exports, intake, report_files
from claims.documents import Document, DocumentError
from claims.forms import ExportForm
from claims.models import Job
from factcheck.routers import report_reads

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """A failure the person can act on; its message is shown to them as it is."""


def needs_background(kind: str, rows: int) -> bool:
    return kind == "pdf" or rows > settings.EXPORT_BACKGROUND_ROWS


def start_export(*, user, data: dict, rows: int) -> Job:
    """Queue an export of the claims ExportForm(data) selects; `data` is the form's submitted values."""
    kind = data["format"]
    label = ngettext("%(format)s of %(count)s claim", "%(format)s of %(count)s claims", rows) % {
        "format": dict(ExportForm.FORMATS)[kind],
        "count": f"{rows:,}",
    }
    return _start(run_export, kind=Job.Kind.EXPORT, label=label, requested_by=user, parameters=data)


def start_import(*, user, document: Document, kind: str) -> Job:
    parameters = {"document": _document_values(document), "source_kind": kind}
    label = gettext("Import of “%(title)s”") % {"title": (document.title or gettext("Untitled document"))[:150]}
    return _start(run_import, kind=Job.Kind.IMPORT, label=label, requested_by=user, parameters=parameters)


def _start(work, **fields) -> Job:
    # The job and its task are written in one transaction: a worker never sees one without the other.
    with transaction.atomic():
        job = Job.objects.create(**fields)
        result = work.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


class Progress:
    """A job's progress, written at most every `interval` seconds: each write is one small UPDATE,
    committed at once, so the progress page sees it while the work goes on."""

    def __init__(self, job: Job, interval: float = 0.5, clock=time.monotonic):
        self.job_id, self.interval, self.clock = job.pk, interval, clock
        self.done, self.total, self._written_at = 0, job.total, clock()

    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage; with a total, its progress counts from 0 to it (else the count so far stays)."""
        if total is None:
            Job.objects.filter(pk=self.job_id).update(stage=name, done=self.done)
            return
        self.done, self.total = 0, total
        Job.objects.filter(pk=self.job_id).update(stage=name, total=total, done=0)

    def advance(self, count: int = 1) -> None:
        self.at(self.done + count)

    def at(self, done: int) -> None:
        self.done = done if self.total is None else min(done, self.total)  # a count from bytes may run over
        if self.clock() - self._written_at >= self.interval:
            self._written_at = self.clock()
            Job.objects.filter(pk=self.job_id).update(done=done)


@contextlib.contextmanager
def running(job_id: str):
    """Mark the job running, and failed with a message the person can read if the work raises
    (the task then fails too, with the traceback in the worker's log and the task's result)."""
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING, started_at=timezone.now())
    job = Job.objects.get(pk=job_id)
    try:
        yield job
    except Exception as error:
        if isinstance(error, JobFailed | DocumentError):
            message = str(error)
        else:
            log.exception("Job %s failed", job_id)
            message = (
                f"Something went wrong ({type(error).__name__}); nothing was changed. Try again, and if it "
                f"fails again, tell an admin, quoting job {job_id}."
            )
        Job.objects.filter(pk=job_id).update(state=Job.State.FAILED, error=message, finished_at=timezone.now())
        raise


def _finish(job: Job, **fields) -> None:
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, stage="", finished_at=timezone.now(), **fields)


@task()
def run_export(job_id: str) -> str:
    with running(job_id) as job:
        form = ExportForm(job.parameters)
        if not form.is_valid():
            problems = " ".join(error for errors in form.errors.values() for error in errors)
            raise JobFailed(f"The report's filters no longer hold: {problems}")
        filters = form.cleaned_data
        kind = filters["format"]
        filename = report_files.filename(kind)
        progress = Progress(job)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / filename
            with report_reads():
                claims = exports.export_claims(filters)
                progress.stage(gettext_noop("Reading claims"), claims.count())
                report_files.write_export(kind, claims, path, progress)
            progress.stage(gettext_noop("Saving the file"))
            with path.open("rb") as written:
                job.file.save(filename, File(written), save=False)
        _finish(job, file=job.file.name, filename=filename, done=progress.done)
        return job.file.name


@task()
def run_import(job_id: str) -> int:
    with running(job_id) as job:
        values = job.parameters["document"]
        published_on = values["published_on"] and datetime.date.fromisoformat(values["published_on"])
        document = Document(**{**values, "published_on": published_on})
        progress = Progress(job)
        progress.stage(gettext_noop("Finding claims"), len(document.text))
        result = intake.import_document(document, kind=job.parameters["source_kind"], on_progress=progress.at)
        review = reverse("claims:candidate-review", args=[result.source.pk])
        # The text now lives in the source; the job keeps only what the progress page shows.
        _finish(job, result_url=review, parameters={"proposed": result.candidates_added, "new": result.created})
        return result.source.pk


def _document_values(document: Document) -> dict:
    return {
        "text": document.text,
        "title": document.title,
        "authors": list(document.authors),
        "publisher": document.publisher,
        "published_on": document.published_on.isoformat() if document.published_on else None,
        "url": document.url,
        "language": document.language,
    }
