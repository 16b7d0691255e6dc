"""Verdict reports for editors: choose the claims, preview how many, download."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from claims import exports, jobs, reports
from claims.forms import ExportForm
from claims.models import Job
from claims.views.common import desk_member_required
from claims.views.public import feed_of, published_checks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@desk_member_required
@permission_required("claims.export_verdicts", raise_exception=True)
def export_page(request):
    """Filters and a preview count; a download is streamed at once, unless it is long work (a PDF, or
    more than EXPORT_BACKGROUND_ROWS claims): then the page offers to prepare it in the background."""
    form = ExportForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    count = exports.export_claims(form.cleaned_data).count() if valid else None
    kind = form.cleaned_data.get("format") if valid else None
    if kind and not jobs.needs_background(kind, count):
        return download(request, form.cleaned_data)
    context = {
        "form": form,
        "count": count,
        "background": kind,
        "threshold": settings.EXPORT_BACKGROUND_ROWS,
        "recent_jobs": request.user.jobs.filter(kind=Job.Kind.EXPORT)[:5],
    }
    return render(request, "claims/export.html", context, status=422 if form.is_bound and not valid else 200)


@require_POST
@desk_member_required
@permission_required("claims.export_verdicts", raise_exception=True)
def export_start(request):
    """Prepare a report in the background, then follow it on its progress page."""
    form = ExportForm(request.POST)
    if not form.is_valid() or not form.cleaned_data.get("format"):
        messages.error(request, gettext("Choose a format, and filters that hold: ") + _errors(form))
        return redirect("claims:export")
    count = exports.export_claims(form.cleaned_data).count()
    data = {name: value for name, value in form.data.items() if name in form.fields}
    job = jobs.start_export(user=request.user, data=data, rows=count)
    return redirect(job)


def _errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors) or "no format was chosen."


def download(request, filters: dict):
    claims = exports.export_claims(filters)
    stamp = timezone.localdate().isoformat()
    kind = filters["format"]
    if kind == "xlsx":
        response = HttpResponse(reports.xlsx_bytes(claims), content_type=XLSX)
    elif kind == "claimreview":
        feed = feed_of(request, published_checks().filter(pk__in=claims.values("pk")))
        response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False}, content_type="application/ld+json")
    elif kind == "json":
        response = StreamingHttpResponse(
            exports.json_chunks(exports.verdict_rows(claims)), content_type="application/json"
        )
    else:
        response = StreamingHttpResponse(exports.csv_blocks(claims), content_type="text/csv; charset=utf-8")
    extension = "jsonld" if kind == "claimreview" else kind
    response["Content-Disposition"] = f'attachment; filename="verdicts-{stamp}.{extension}"'
    return response
