"""`manage.py backup` and `manage.py restore`: pg_dump and pg_restore on the real test database.

pg_dump and pg_restore run in processes of their own, so these tests commit their data
(`migration_data` is transactional and re-creates what the flush after each test removes).
"""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper

from claims import backup
from claims.models import Claim, Evidence, Source, Verdict
from tests.factories import make_claim

PROJECT_DIR = Path(__file__).resolve().parent.parent
LUKASHENKO_QUOTE = "No one, except us, governs Belarus."

pytestmark = pytest.mark.usefixtures("migration_data")


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-42")
    call_command("load_demo", stdout=StringIO())


def counts() -> dict[str, int]:
    models = [Claim, Verdict, Evidence, Source, User, Claim.events.rel.related_model]
    return {model.__name__: model.objects.count() for model in models}


def run_backup(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("backup", str(path), *args, stdout=out)
    return out.getvalue()


def run_restore(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


# --- The round trip ----------------------------------------------------------------------------------


def test_restore_brings_back_the_demo_after_its_claims_are_deleted(demo, tmp_path):
    before = counts()
    dump = tmp_path / "factcheck.dump"

    output = run_backup(dump)
    Claim.objects.all().delete()
    User.objects.filter(username="reviewer").delete()
    assert Claim.objects.count() == 0
    run_restore(dump, "--yes")

    assert re.fullmatch(rf"Wrote {re.escape(str(dump))} \(\d+\.\d KB\)\.\n", output)
    assert counts() == before
    assert Claim.objects.get(text=LUKASHENKO_QUOTE).claimant.name == "Aleksandr G. Lukashenko"
    assert User.objects.get(username="reviewer").check_password("demo-password-42")


def test_search_and_audit_triggers_work_after_a_restore(demo, tmp_path):
    dump = tmp_path / "factcheck.dump"
    run_backup(dump)
    run_restore(dump, "--yes")

    found = Claim.objects.search("governs Belarus")  # the `factcheck` configuration, a generated column
    assert LUKASHENKO_QUOTE in [claim.text for claim in found]
    assert Claim.objects.search("Lukashénko").exists()  # unaccent
    assert Claim.objects.similar_to("Lukashenco").exists()  # pg_trgm
    quote = Claim.objects.get(text=LUKASHENKO_QUOTE)
    events = quote.events.count()
    quote.text = "No one but us governs Belarus."
    quote.save()
    assert quote.events.count() == events + 1  # pghistory's trigger


def test_backup_and_restore_work_with_a_database_url(demo, tmp_path):
    """The DATABASE_URL path (Django's own PostgreSQL backend), here pointed at the embedded server."""
    dump = tmp_path / "factcheck.dump"
    params = connection.get_connection_params()
    url = f"postgres://{params['user']}@/{params['dbname']}?host={params['host']}"
    manage("backup", str(dump), database_url=url)
    Claim.objects.all().delete()
    connections.close_all()

    manage("restore", str(dump), "--yes", database_url=url)

    assert Claim.objects.filter(text=LUKASHENKO_QUOTE).exists()


def manage(*args: str, database_url: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- Refusals and failures ---------------------------------------------------------------------------


def test_backup_refuses_to_overwrite_a_file_without_force(tmp_path):
    existing = tmp_path / "factcheck.dump"
    existing.write_text("last week's backup")

    with pytest.raises(CommandError, match="exists: pass --force"):
        run_backup(existing)
    assert existing.read_text() == "last week's backup"

    run_backup(existing, "--force")
    assert existing.read_bytes().startswith(b"PGDMP")


def test_a_failed_backup_keeps_the_old_file_and_leaves_no_partial_one(tmp_path, monkeypatch):
    existing = tmp_path / "factcheck.dump"
    existing.write_text("last week's backup")
    connection.ensure_connection()
    monkeypatch.setenv("PGOPTIONS", "-c work_mem=plenty")  # read by pg_dump's connection, refused by the server

    with pytest.raises(CommandError, match='invalid value for parameter "work_mem"'):
        run_backup(existing, "--force")

    assert existing.read_text() == "last week's backup"
    assert [path.name for path in tmp_path.iterdir()] == ["factcheck.dump"]


def test_backup_into_a_missing_folder_fails_with_one_line(tmp_path):
    with pytest.raises(CommandError, match="does not exist") as error:
        run_backup(tmp_path / "no-such-folder" / "factcheck.dump")
    assert "\n" not in str(error.value)


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    make_claim(text="Still here after the refused restore.")
    not_a_dump = tmp_path / "claims.csv"
    not_a_dump.write_text("id,text\n1,A claim\n")

    with pytest.raises(CommandError, match="not a pg_dump custom-format archive"):
        run_restore(not_a_dump, "--yes")
    with pytest.raises(CommandError, match="no such file"):
        run_restore(tmp_path / "missing.dump", "--yes")

    assert list(Claim.objects.values_list("text", flat=True)) == ["Still here after the refused restore."]


def test_restore_refuses_a_damaged_archive_before_touching_the_database(tmp_path):
    make_claim(text="Still here after the refused restore.")
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(b"PGDMP" + bytes(range(256)) * 4)

    with pytest.raises(CommandError, match="pg_restore: error"):
        run_restore(damaged, "--yes")

    assert Claim.objects.filter(text="Still here after the refused restore.").exists()


def test_a_restore_that_fails_midway_leaves_the_data_as_it_was(demo, tmp_path, newer_view):
    dump = tmp_path / "factcheck.dump"
    run_backup(dump)
    Claim.objects.exclude(text=LUKASHENKO_QUOTE).delete()
    newer_view("CREATE VIEW claim_texts AS SELECT text FROM claims_claim")  # unknown to the backup

    # pg_restore drops indexes, triggers and other tables first, then fails on the view's table.
    with pytest.raises(CommandError, match="cannot drop table public.claims_claim"):
        run_restore(dump, "--yes")

    assert list(Claim.objects.values_list("text", flat=True)) == [LUKASHENKO_QUOTE]
    assert Claim.objects.search("governs Belarus").count() == 1
    assert User.objects.filter(username__in=["reviewer", "editor", "admin"]).count() == 3


@pytest.fixture
def newer_view():
    """Creates a view the way a later migration would; drops it after the test."""
    yield lambda sql: connection.cursor().execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("DROP VIEW IF EXISTS claim_texts")


def test_restore_needs_yes_when_it_cannot_ask(tmp_path):
    dump = tmp_path / "factcheck.dump"
    run_backup(dump)
    make_claim(text="Made after the backup.")

    with pytest.raises(CommandError, match="pass --yes"):
        run_restore(dump)  # pytest's stdin is not a terminal

    assert Claim.objects.filter(text="Made after the backup.").exists()


# --- Connection settings and binaries ----------------------------------------------------------------


def test_the_password_goes_to_the_environment_not_the_command_line():
    settings_dict = {**connection.settings_dict, "HOST": "db.example", "PORT": "5433", "PASSWORD": "s3cret pass"}
    external = DatabaseWrapper(settings_dict | {"USER": "factcheck", "NAME": "newsroom"})

    conninfo, env = backup.libpq_settings(external)

    assert env["PGPASSWORD"] == "s3cret pass"
    assert "s3cret" not in conninfo
    assert all(part in conninfo for part in ["host=db.example", "port=5433", "user=factcheck", "dbname=newsroom"])


def test_an_unreachable_database_is_one_line():
    missing = type(connections["default"])({**connection.settings_dict, "NAME": "no_such_database"})

    with pytest.raises(backup.BackupError, match='^Cannot connect to the database: .*"no_such_database"[^\n]*$'):
        backup.server_major(missing)


def test_a_restore_leaves_the_extensions_the_database_has(tmp_path):
    dump = tmp_path / "factcheck.dump"
    run_backup(dump)
    toc = backup.list_archive(dump)

    kept = backup.without_extensions(toc, {"pg_trgm", "unaccent"})

    assert "EXTENSION - pg_trgm" in toc and "COMMENT - EXTENSION unaccent" in toc
    assert "EXTENSION" not in kept
    assert "TABLE public claims_claim" in kept
    assert backup.without_extensions(toc, set()) == toc


def test_the_bundled_binaries_serve_their_own_server_version():
    major = backup.server_major(connection)

    pg_dump = backup.find_tool("pg_dump", major)

    assert backup.tool_major(Path(pg_dump)) == major
    with pytest.raises(
        backup.BackupError, match="pg_restore 99 or newer is needed for this PostgreSQL 99 server: install"
    ):
        backup.find_tool("pg_restore", 99)
