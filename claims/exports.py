"""Verdict reports: one row per claim with its current verdict, streamed as CSV or JSON, and the
published ones as a ClaimReview feed. Rows come from one query read in chunks, so memory stays flat
whatever the number of claims. CSV is written by PostgreSQL itself (COPY ... TO STDOUT), its cells
formatted and guarded against formulas in SQL: several times faster than formatting rows in Python."""

import codecs
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import F, FilteredRelation, Q

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


def with_current_verdict(claims):
    """The claims in id order, each joined to its current verdict as `current` (COLUMNS' `current__…`)."""
    current = FilteredRelation("verdicts", condition=Q(verdicts__is_current=True))
    return claims.annotate(current=current).order_by("id")


def verdict_query(claims):
    """The claims of the queryset with their current verdict, as tuples of COLUMNS, in id order."""
    return with_current_verdict(claims).values_list(*(field for _, field in COLUMNS))


def verdict_rows(claims) -> Iterator[dict]:
    """Each claim of the queryset with its current verdict, as a dict of COLUMNS, in id order."""
    for values in verdict_query(claims).iterator(chunk_size=CHUNK):
        yield {name: plain(value) for (name, _), value in zip(COLUMNS, values, strict=True)}


BOM = "\ufeff".encode()
UTC_ISO = (
    "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN {0} = date_trunc('second', {0}) THEN '' ELSE to_char({0}, '.US') END || '+00:00'"
)
# How PostgreSQL writes a column so that its cells read as the csv module writes them: numbers as as_json()
# gives them, times as Python's isoformat() in UTC, everything else as text guarded like neutralise().
CSV_CELLS = {
    "id": "{0}::text",
    "kind": "{0}::text",
    "status": "{0}::text",
    "stated_on": "to_char({0}, 'YYYY-MM-DD')",
    "quantity_low": "trim_scale({0})::text",
    "quantity_high": "trim_scale({0})::text",
    "published_at": UTC_ISO,
    "created_at": UTC_ISO,
}
UNGUARDED = {"id", "kind", "status", "stated_on", "published_at", "created_at"}
# The spaces str.lstrip() takes, as a regular expression class (PostgreSQL's \s is ASCII only).
SPACES = r"\s" + "\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
GUARDED = r"CASE WHEN {0} ~ '^([\t\r]|[" + SPACES + r"]*[-=+@＝＋－＠])' THEN '''' || {0} ELSE {0} END"


def csv_copy_statement(claims) -> str:
    """COPY of the verdict report of `claims` as CSV with a header, in id order; no cell is an empty
    quoted string (as with the csv module)."""
    aliases = {f"cell_{number}": F(field) for number, (_, field) in enumerate(COLUMNS)}
    inner, params = with_current_verdict(claims).values(**aliases).query.sql_with_params()
    cells = []
    for number, (name, _) in enumerate(COLUMNS):
        cell = CSV_CELLS.get(name, "{0}").format(f'report."cell_{number}"')
        if name not in UNGUARDED:
            cell = GUARDED.format(f"({cell})")
        cells.append(f"NULLIF({cell}, '') AS \"{name}\"")
    # Built from this module's constants and Django's SQL, whose parameters stay apart until compose_sql.
    select = f'SELECT {", ".join(cells)} FROM ({inner}) AS report ORDER BY report."cell_0"'  # noqa: S608
    return connections[claims.db].ops.compose_sql(f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)", params)


def csv_blocks(claims, on_rows=lambda count: None) -> Iterator[bytes]:
    """The CSV report in blocks as PostgreSQL writes them, after a byte-order mark (so that spreadsheets
    open accents and Cyrillic right). `on_rows` hears how many lines each block ended: a cell holding a
    line break counts twice, which is near enough for a progress bar."""
    statement = csv_copy_statement(claims)
    yield BOM
    header = 1
    # A reader who goes away cancels the COPY; the savepoint keeps a surrounding transaction usable.
    database = claims.db
    with transaction.atomic(using=database), connections[database].cursor() as cursor, cursor.copy(statement) as copy:
        for block in copy:
            data = bytes(block)
            yield data
            on_rows(data.count(b"\n") - header)
            header = 0


def csv_text(claims, on_rows=lambda count: None) -> Iterator[str]:
    """csv_blocks as text (a character may span two blocks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for block in csv_blocks(claims, on_rows):
        yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


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
