"""The progress page of a background job (a large export, a PDF report, a large import): it polls
while the work runs, then offers the file, or says why it failed. Only the person who asked sees it."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims.models import Job
from claims.views.common import desk_member_required, render_page_or_partial

# After this long in the queue, the page says the worker may not be running.
WAITING_TOO_LONG_SECONDS = 30


def own_job(request, pk) -> Job:
    return get_object_or_404(Job, pk=pk, requested_by=request.user)


@require_GET
@desk_member_required
def job_detail(request, pk):
    job = own_job(request, pk)
    waited = (timezone.now() - job.created_at).total_seconds()
    context = {"job": job, "worker_missing": job.state == Job.State.QUEUED and waited > WAITING_TOO_LONG_SECONDS}
    response = render_page_or_partial(request, "claims/job.html", "progress", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@require_GET
@desk_member_required
def job_download(request, pk):
    job = own_job(request, pk)
    if job.state != Job.State.DONE or not job.file:
        raise Http404("This job has no file to download.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer kept: prepare the report again.") from None
    return FileResponse(handle, as_attachment=True, filename=job.filename)
