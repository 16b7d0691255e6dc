"""Which words of a text are rare among the claims, for finding claims worded alike without comparing
a text with every claim. PostgreSQL's statistics on the claims' search vectors list the most common
lexemes with their frequencies (ANALYZE keeps them); a lexeme missing from that list is rarer than any
on it. Without statistics (a new or tiny table) the longest words count as the rarest."""

import time

from django.db import connection

STATISTICS_TTL = 600  # seconds: common words change slowly
_common: dict = {"at": float("-inf"), "frequencies": {}}


def common_lexemes() -> dict[str, float]:
    """The most common lexemes of claim texts and the share of claims holding each."""
    if time.monotonic() - _common["at"] > STATISTICS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = 'claims_claim' AND attname = 'search_vector'"
            )
            row = cursor.fetchone()
        lexemes, frequencies = row if row and row[0] else ([], [])
        _common.update(at=time.monotonic(), frequencies=dict(zip(lexemes, frequencies, strict=False)))
    return _common["frequencies"]


def rarest_lexemes(text: str, count: int, config: str) -> list[str]:
    """Up to `count` lexemes of `text` (words of three letters or more), rarest first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s))", [config, text])
        lexemes = [lexeme for (lexeme,) in cursor.fetchall() if len(lexeme) >= 3 and not lexeme.isdigit()]
    common = common_lexemes()
    return sorted(lexemes, key=lambda lexeme: (common.get(lexeme, 0.0), -len(lexeme), lexeme))[:count]
