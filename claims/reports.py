"""Verdict reports as documents: an XLSX workbook and a PDF report, built from the same rows as the
streamed exports (claims.exports)."""

import io
import re
import statistics

from django.db.models import Count, F, Min
from django.template.loader import render_to_string

from claims import exports
from claims.models import Claim, Rating, StatusChange

COLUMN_WIDTHS = {"claim": 60, "checkable_sentence": 40, "explanation": 60, "headline": 40, "source": 40}
# Control characters XML cannot hold (all but tab, newline and return): a worksheet shows U+FFFD instead.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(value) -> str:
    """A worksheet cell: text, never a formula (see exports.neutralise), with no character XML refuses."""
    return XML_ILLEGAL.sub("\ufffd", exports.neutralise(value))


def xlsx_bytes(claims) -> bytes:
    output = io.BytesIO()
    write_xlsx(claims, output)
    return output.getvalue()


def write_xlsx(claims, output, on_row=lambda: None) -> None:
    """A workbook: the claims with a header row and sized columns, then a summary sheet of counts.
    Written row by row (openpyxl's write-only mode), so memory stays flat however many claims."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Verdicts")
    for index, (name, _) in enumerate(exports.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(name, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name, _ in exports.COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in exports.verdict_rows(claims):
        sheet.append([cell_text(row[name]) for name, _ in exports.COLUMNS])
        on_row()
    summary = book.create_sheet("Summary")
    summary.append(["Rating", "Claims"])
    counts = summary_counts(claims)
    for label, count in counts["by_rating"]:
        summary.append([cell_text(label), count])
    summary.append([])
    summary.append(["Status", "Claims"])
    for label, count in counts["by_status"]:
        summary.append([label, count])
    book.save(output)


def summary_counts(claims) -> dict:
    current = claims.filter(verdicts__is_current=True)
    by_rating = dict(current.values_list("verdicts__rating__label").annotate(n=Count("pk")).order_by())
    by_status = dict(claims.values_list("status").annotate(n=Count("pk")).order_by())
    by_reviewer = current.values_list("verdicts__author__username").annotate(n=Count("pk")).order_by("-n")
    ratings = Rating.objects.filter(scale__is_default=True).order_by("-value")
    return {
        "total": claims.count(),
        "by_rating": [(rating.label, by_rating.get(rating.label, 0)) for rating in ratings],
        "by_status": [(str(status.label), by_status.get(status, 0)) for status in Claim.Status],
        "by_reviewer": list(by_reviewer),
        "median_days_to_publication": median_days_to_publication(claims),
    }


def median_days_to_publication(claims) -> float | None:
    """From intake (the claim's creation) to its first publication, in days."""
    firsts = (
        StatusChange.objects.filter(claim__in=claims, to_status=Claim.Status.PUBLISHED)
        .values("claim")
        .annotate(published=Min("changed_at"), created=F("claim__created_at"))
    )
    days = [(row["published"] - row["created"]).total_seconds() / 86400 for row in firsts]
    return round(statistics.median(days), 1) if days else None


def pdf_bytes(claims, *, title: str, organisation: str) -> bytes:
    output = io.BytesIO()
    write_pdf(claims, output, title=title, organisation=organisation)
    return output.getvalue()


def write_pdf(claims, output, *, title: str, organisation: str, on_claim=lambda: None, on_layout=lambda: None):
    """The report: counts, then a section per claim. WeasyPrint lays the whole document out in memory,
    so a PDF is for selections people read (hundreds of claims), not for the whole archive."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    counts = summary_counts(claims)
    largest = max((n for _, n in counts["by_rating"]), default=0) or 1
    sections = (
        claims.select_related("claimant", "source")
        .prefetch_related("evidence__source", "verdicts__rating", "verdicts__author")
        .order_by("id")
    )
    html = render_to_string(
        "claims/report.html",
        {
            "title": title,
            "organisation": organisation,
            "counts": counts,
            "largest": largest,
            "claims": _counted(sections.iterator(chunk_size=200), on_claim),
        },
    )
    on_layout()
    # The report needs nothing from outside, and it is made of people's text: whatever in it names a
    # file or an address (an image, a stylesheet), WeasyPrint must not load it.
    fetch_nothing = URLFetcher(allowed_protocols=())
    HTML(string=html, url_fetcher=fetch_nothing).write_pdf(output)


def _counted(items, on_item):
    for item in items:
        yield item
        on_item()
