"""A verdict report of any format written to a file, row by row, telling a progress object how far
it got (`advance()` per claim, `stage(name)` when a new stage starts): a background job's Progress
or a command's ProgressBar."""

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from claims import exports, reports

EXTENSIONS = {"csv": "csv", "json": "json", "xlsx": "xlsx", "pdf": "pdf", "claimreview": "jsonld"}


def filename(kind: str) -> str:
    return f"verdicts-{timezone.localdate().isoformat()}.{EXTENSIONS[kind]}"


def write_export(kind: str, claims, path: Path, progress) -> None:
    if kind == "csv":
        with path.open("wb") as out:
            out.writelines(exports.csv_blocks(claims, on_rows=progress.advance))
    elif kind == "json":
        with path.open("w", encoding="utf-8") as out:
            out.writelines(text_chunks(kind, claims, progress))
    elif kind == "xlsx":
        with path.open("wb") as out:
            reports.write_xlsx(claims, out, on_row=progress.advance)
    elif kind == "pdf":
        with path.open("wb") as out:
            reports.write_pdf(
                claims,
                out,
                title=f"Verdict report, {timezone.localdate().isoformat()}",
                organisation=settings.ORGANISATION_NAME,
                on_claim=progress.advance,
                on_layout=lambda: progress.stage(gettext_noop("Laying out the pages")),
            )
    elif kind == "claimreview":
        with path.open("w", encoding="utf-8") as out:
            out.writelines(text_chunks(kind, claims, progress))
    else:
        raise ValueError(f"There is no {kind!r} format.")


def text_chunks(kind: str, claims, progress):
    """CSV, JSON or the ClaimReview feed, as text in pieces."""
    if kind == "claimreview":
        from claims.views.public import feed_of, published_checks, site_request

        checks = published_checks().filter(pk__in=claims.values("pk")).iterator(chunk_size=500)
        feed = feed_of(site_request(), counted(checks, progress))
        return [json.dumps(feed, ensure_ascii=False, indent=2), "\n"]
    if kind == "csv":
        return exports.csv_text(claims, on_rows=progress.advance)
    return exports.json_chunks(counted(exports.verdict_rows(claims), progress))


def counted(items, progress):
    for item in items:
        yield item
        progress.advance()
