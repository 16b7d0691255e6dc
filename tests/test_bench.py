"""The benchmark runs as the README says, at a tiny size, so that it keeps working between the times
someone runs it by hand at a million claims."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_the_benchmark_prints_its_table_and_writes_its_results(tmp_path):
    params = connection.get_connection_params()
    server = f"postgresql://{params['user']}@/postgres?host={params['host']}"
    env = {**os.environ, "DATABASE_URL": server.replace("/postgres?", "/factcheck?")}
    command = [sys.executable, "bench/run.py", "--claims", "120", "--runs", "3", "--warmup", "1"]
    try:
        done = subprocess.run(
            [*command, "--fresh", "--results", str(tmp_path)],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS factcheck_bench_120 WITH (FORCE)")

    assert done.returncode == 0, done.stderr[-2000:]
    table = done.stdout
    assert "Factcheck at 120 claims" in table
    assert "of COPY" in table and "Execution Time" in table  # the slowest query's EXPLAIN ANALYZE
    [results] = tmp_path.glob("bench-120-*.json")
    report = json.loads(results.read_text())
    assert report["claims"] == 120
    names = [result["name"] for result in report["results"]]
    asked = ("claim list", "status + assignee", "sorted", "deep page", "search: common", "typo", "claim page")
    assert all(any(part in name for name in names) for part in (*asked, "status change", "similar claims"))
    assert all(name in table for name in names)
    assert all(result["queries"] > 0 and result["p95_ms"] > 0 for result in report["results"])
    assert report["export"]["csv"]["rows"] == report["export"]["copy"]["rows"] == 120
