"""Measures one way of exporting every verdict, in a process of its own so that its peak memory is its
own. `python bench/export_probe.py csv|copy` with DATABASE_URL set; prints one JSON line.

csv:  the app's CSV export as a background job writes it (claims.report_files.write_export).
copy: `COPY (the same query) TO STDOUT WITH CSV` read to the end, the ceiling a CSV export can reach.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Counter:
    rows = 0

    def advance(self, step: int = 1):
        self.rows += step

    def stage(self, name: str):
        pass


def app_export() -> dict:
    from claims import report_files
    from claims.models import Claim

    counter = Counter()
    started = time.perf_counter()
    report_files.write_export("csv", Claim.objects.all(), Path(os.devnull), counter)
    return {"rows": counter.rows, "seconds": time.perf_counter() - started}


def copy_export() -> dict:
    """Reads every byte COPY sends; the rows are counted apart, untimed (a quoted field may hold a newline)."""
    from django.db import connection

    from claims import exports
    from claims.models import Claim

    query = exports.verdict_query(Claim.objects.all())
    text, params = query.query.sql_with_params()
    statement = connection.ops.compose_sql(f"COPY ({text}) TO STDOUT WITH (FORMAT csv, HEADER)", params)
    size, started = 0, time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for block in copy:
            size += len(block)
    seconds = time.perf_counter() - started
    return {"rows": query.count(), "seconds": seconds, "bytes": size}


def main(kind: str) -> None:
    import django

    django.setup()
    baseline = peak_rss_mb()
    result = app_export() if kind == "csv" else copy_export()
    result.update(rows_per_second=result["rows"] / result["seconds"], peak_rss_mb=peak_rss_mb())
    result["startup_rss_mb"] = baseline
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
