"""Verdict reports for editors: choose the claims, preview how many, download."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims import exports, reports
from claims.forms import ExportForm
from claims.views.common import desk_member_required
from claims.views.public import feed_of, published_checks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@desk_member_required
@permission_required("claims.export_verdicts", raise_exception=True)
def export_page(request):
    form = ExportForm(request.GET or None)
    count = exports.export_claims(form.cleaned_data).count() if form.is_bound and form.is_valid() else None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("format"):
        return download(request, form.cleaned_data)
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "claims/export.html", {"form": form, "count": count}, status=status)


def download(request, filters: dict):
    claims = exports.export_claims(filters)
    stamp = timezone.localdate().isoformat()
    kind = filters["format"]
    if kind == "xlsx":
        response = HttpResponse(reports.xlsx_bytes(claims), content_type=XLSX)
    elif kind == "pdf":
        pdf = reports.pdf_bytes(claims, title=f"Verdict report, {stamp}", organisation=settings.ORGANISATION_NAME)
        response = HttpResponse(pdf, content_type="application/pdf")
    elif kind == "claimreview":
        feed = feed_of(request, published_checks().filter(pk__in=claims.values("pk")))
        response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False}, content_type="application/ld+json")
    elif kind == "json":
        response = StreamingHttpResponse(
            exports.json_chunks(exports.verdict_rows(claims)), content_type="application/json"
        )
    else:
        response = StreamingHttpResponse(
            exports.csv_lines(exports.verdict_rows(claims)), content_type="text/csv; charset=utf-8"
        )
    extension = "jsonld" if kind == "claimreview" else kind
    response["Content-Disposition"] = f'attachment; filename="verdicts-{stamp}.{extension}"'
    return response
