"""Report and export reads go to the `replica` database alias when one is configured; everything else,
and every write, stays on the primary. Here the replica is the test database itself, reached through
a connection of its own, as REPLICA_DATABASE_URL pointing at the same server would make it."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Job
from factcheck.routers import REPLICA, ReplicaRouter, report_reads
from tests.factories import make_claim
from tests.web import IMMEDIATE_TASKS, logged_in

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def replica(settings):
    """A `replica` alias on the same database (committed rows only: tests using it are transactional)."""
    primary = connections["default"]
    config = {**primary.settings_dict}
    settings.REPORT_DATABASE = REPLICA
    connections[REPLICA] = type(primary)(config, alias=REPLICA)  # made here, so the test case allows it
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]


def claim_reads(queries) -> list[str]:
    return [query["sql"] for query in queries if 'FROM "claims_claim"' in query["sql"]]


def test_without_a_replica_everything_uses_the_primary(settings):
    assert REPLICA not in settings.DATABASES and settings.REPORT_DATABASE == "default"
    with report_reads():
        assert ReplicaRouter().db_for_read(Claim) == "default"
    assert ReplicaRouter().db_for_read(Claim) is None
    assert ReplicaRouter().db_for_write(Claim) == "default"


def test_the_export_command_reads_from_the_replica(transactional_db, replica, tmp_path):
    make_claim(text="Kyiv is only around 55 miles from the border")
    primary = connections["default"]

    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(primary) as on_primary:
        from django.core.management import call_command

        call_command("export_verdicts", "--output", str(tmp_path / "out.csv"), stderr=io.StringIO())

    assert claim_reads(on_replica.captured_queries) and not claim_reads(on_primary.captured_queries)
    assert "55 miles" in (tmp_path / "out.csv").read_text()


def test_a_background_export_reads_from_the_replica_and_writes_its_job_on_the_primary(
    migration_data, replica, settings, editor, tmp_path
):
    settings.TASKS, settings.MEDIA_ROOT, settings.EXPORT_BACKGROUND_ROWS = IMMEDIATE_TASKS, tmp_path, 0
    make_claim(text="Met at least six times")
    primary = connections["default"]

    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(primary) as on_primary:
        logged_in(editor).post(reverse("claims:export-start"), {"format": "csv"})

    assert Job.objects.get().state == Job.State.DONE
    replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert 'FROM "claims_claim"' in replica_sql and "claims_job" not in replica_sql
    assert any('UPDATE "claims_job"' in query["sql"] for query in on_primary.captured_queries)


def test_the_desk_pages_read_from_the_primary_even_with_a_replica(migration_data, replica, reviewer):
    claim = make_claim(text="No one, except us, governs Belarus")
    with CaptureQueriesContext(replica) as on_replica:
        assert logged_in(reviewer).get(reverse("claims:claim-detail", args=[claim.pk])).status_code == 200
    assert on_replica.captured_queries == []


def test_replica_database_url_configures_the_alias_reports_read_from():
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "r = settings.DATABASES['replica']; "
        "print(json.dumps([r['HOST'], r['NAME'], r['TEST']['MIRROR'], settings.REPORT_DATABASE]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "true",
        "REPLICA_DATABASE_URL": "postgres://reader:secret@replica.internal:5432/factcheck",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=PROJECT_DIR)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["replica.internal", "factcheck", "default", "replica"]
