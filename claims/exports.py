"""Verdict reports: one row per claim with its current verdict, streamed as CSV or JSON, and the
published ones as a ClaimReview feed. Rows come from one query read in chunks, so memory stays flat
whatever the number of claims."""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.db.models import FilteredRelation, Q

from claims.models import Claim
from claims.quantities import as_json

COLUMNS = [
    ("id", "id"),
    ("claim", "text"),
    ("checkable_sentence", "normalized_text"),
    ("kind", "kind"),
    ("status", "status"),
    ("claimant", "claimant__name"),
    ("source", "source__title"),
    ("source_url", "source__url"),
    ("stated_on", "stated_on"),
    ("quantity_low", "quantity_low"),
    ("quantity_high", "quantity_high"),
    ("quantity_unit", "quantity_unit"),
    ("assignee", "assignee__username"),
    ("rating", "current__rating__label"),
    ("headline", "current__headline"),
    ("explanation", "current__explanation"),
    ("verdict_author", "current__author__username"),
    ("approved_by", "current__approved_by__username"),
    ("published_at", "current__published_at"),
    ("created_at", "created_at"),
]
CHUNK = 2000
# A spreadsheet runs a cell as a formula when it starts with one of these, even after spaces (some
# take the full-width forms for the ASCII ones); a cell starting with a tab or a return is suspect too.
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def verdict_rows(claims) -> Iterator[dict]:
    """Each claim of the queryset with its current verdict, as a dict of COLUMNS, in id order."""
    current = FilteredRelation("verdicts", condition=Q(verdicts__is_current=True))
    fields = [field for _, field in COLUMNS]
    query = claims.annotate(current=current).order_by("id").values_list(*fields)
    for values in query.iterator(chunk_size=CHUNK):
        yield {name: plain(value) for (name, _), value in zip(COLUMNS, values, strict=True)}


def plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return as_json(value)
    return value


def neutralise(cell) -> str:
    """A cell a spreadsheet would read as a formula starts with an apostrophe instead."""
    text = "" if cell is None else str(cell)
    suspect = text.startswith(("\t", "\r")) or text.lstrip().startswith(FORMULA_START)
    return "'" + text if suspect else text


class _Line:
    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark, so that spreadsheets open accents and Cyrillic right."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([name for name, _ in COLUMNS])
    for row in rows:
        yield writer.writerow([neutralise(row[name]) for name, _ in COLUMNS])


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    yield "["
    for number, row in enumerate(rows):
        yield ("," if number else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def export_claims(filters: dict | None = None):
    """The claims an export covers: all, or those matching ClaimFilterForm-style cleaned filters."""
    claims = Claim.objects.matching(filters or {})
    if filters and filters.get("reviewer"):
        claims = claims.filter(verdicts__is_current=True, verdicts__author=filters["reviewer"])
    if filters and filters.get("published_from"):
        claims = claims.filter(verdicts__is_current=True, verdicts__published_at__date__gte=filters["published_from"])
    if filters and filters.get("published_to"):
        claims = claims.filter(verdicts__is_current=True, verdicts__published_at__date__lte=filters["published_to"])
    return claims
