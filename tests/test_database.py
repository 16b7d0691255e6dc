"""Which database Factcheck uses, and the life of the embedded PostgreSQL server.

The lifecycle tests run real processes against a fresh data folder of their own (never the checkout's
`.pgdata`). Those processes load `factcheck.embedded_postgres` only, no Django settings, and none of
these tests uses the Django test database.
"""

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import psutil
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from factcheck import embedded_postgres
from factcheck.settings import database_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROCESS_TIMEOUT = 60  # seconds; a start takes about two
STOP_TIMEOUT = 10

# What every test process runs first. `report` prints one JSON line for the test to read.
PRELUDE = """
import json, os, signal, sys, time
from pathlib import Path

import psycopg

from factcheck import embedded_postgres

DATA = Path(sys.argv[1])


def connect():
    host = embedded_postgres.socket_dir(DATA)
    return psycopg.connect(dbname="factcheck", user="postgres", host=host, autocommit=True)


def registered_pids():
    # Under the package's lock: the list is rewritten in place, so an unlocked read can see it empty.
    from embedded_postgres import PostgresServer

    with PostgresServer._lock:
        return json.loads((DATA / ".handle_pids.json").read_text())


def server_facts(conn):
    return {
        "one": conn.execute("SELECT 1").fetchone()[0],
        "started": conn.execute("SELECT pg_postmaster_start_time()::text").fetchone()[0],
        "pids": registered_pids(),
    }


def report(**values):
    values.update(pid=os.getpid(), django_loaded="django" in sys.modules)
    print(json.dumps(values), flush=True)
"""


# --- Which database: no server needed ---------------------------------------------------------------


def test_database_url_selects_that_postgresql_server(monkeypatch):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)

    config = database_config({"DATABASE_URL": "postgres://u:p@db.example:5433/newsroom"})

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "newsroom")
    assert (config["USER"], config["PASSWORD"]) == ("u", "p")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("environ", [{}, {"DATABASE_URL": ""}, {"DATABASE_URL": "   "}])
def test_without_database_url_the_embedded_server_is_used(environ):
    config = database_config(environ)

    assert config["ENGINE"] == "factcheck.db_backend"
    assert config["NAME"] == embedded_postgres.DATABASE_NAME == "factcheck"
    assert config["USER"] == embedded_postgres.SUPERUSER == "postgres"
    assert config["HOST"] == config["PORT"] == ""
    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    "url", ["sqlite:///x.db", "mysql://u:p@db.example:3306/newsroom", "oracle://u:p@db.example:1521/newsroom"]
)
def test_a_database_url_that_is_not_postgresql_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="postgres:// URL"):
        database_config({"DATABASE_URL": url})


def test_embedded_backend_connects_through_the_socket_of_the_configured_data_folder(monkeypatch, settings, tmp_path):
    from factcheck.db_backend.base import DatabaseWrapper

    settings.EMBEDDED_POSTGRES_DIR = tmp_path / "pgdata"
    started = []

    def fake_socket_dir(data_dir):
        started.append(data_dir)
        return "/run/fake-socket-dir"

    monkeypatch.setattr(embedded_postgres, "socket_dir", fake_socket_dir)
    wrapper = DatabaseWrapper({**connections.settings["default"], **database_config({})})

    params = wrapper.get_connection_params()

    assert params["host"] == "/run/fake-socket-dir"
    assert (params["dbname"], params["user"]) == ("factcheck", "postgres")
    assert started == [tmp_path / "pgdata"]


# --- PID list: no server needed ---------------------------------------------------------------------

DEAD_PID = 2**22 + 12345  # above the largest pid_max Linux allows


def test_drop_dead_pids_keeps_live_processes_only(tmp_path):
    assert not psutil.pid_exists(DEAD_PID)
    pid_list = tmp_path / embedded_postgres.PID_LIST
    pid_list.write_text(json.dumps([DEAD_PID, os.getpid()]))

    embedded_postgres.drop_dead_pids(pid_list)

    assert json.loads(pid_list.read_text()) == [os.getpid()]


def test_drop_dead_pids_leaves_a_list_of_live_processes_alone(tmp_path):
    pid_list = tmp_path / embedded_postgres.PID_LIST
    pid_list.write_text(f"[ {os.getpid()} ]")  # spacing json.dumps would not write

    embedded_postgres.drop_dead_pids(pid_list)

    assert pid_list.read_text() == f"[ {os.getpid()} ]"


@pytest.mark.parametrize("garbage", ["", "[12, 3", "not json"])
def test_drop_dead_pids_repairs_a_list_left_empty_or_corrupt(tmp_path, garbage):
    pid_list = tmp_path / embedded_postgres.PID_LIST
    pid_list.write_text(garbage)

    embedded_postgres.drop_dead_pids(pid_list)

    assert json.loads(pid_list.read_text()) == []


def test_drop_dead_pids_without_a_list_creates_none(tmp_path):
    pid_list = tmp_path / embedded_postgres.PID_LIST

    embedded_postgres.drop_dead_pids(pid_list)

    assert not pid_list.exists()


# --- The server's lifecycle: real processes ---------------------------------------------------------


class Processes:
    """Starts the test processes on one data folder; the fixture cleans up after them."""

    def __init__(self, data: Path, env: dict):
        self.data = data
        self.env = env
        self.started: list[subprocess.Popen] = []

    def start(self, body: str, *args) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + body, str(self.data), *map(str, args)],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(process)
        return process

    def finish(self, process: subprocess.Popen, returncode: int = 0) -> dict:
        stdout, stderr = process.communicate(timeout=PROCESS_TIMEOUT)
        assert process.returncode == returncode, stderr
        report = json.loads(stdout.strip().splitlines()[-1])
        assert report["pid"] == process.pid
        assert not report["django_loaded"]
        return report

    def run(self, body: str) -> dict:
        return self.finish(self.start(body))

    def pid_list(self) -> list[int]:
        return json.loads((self.data / embedded_postgres.PID_LIST).read_text())

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except FileNotFoundError:
            return None

    def assert_server_stopped(self):
        deadline = time.monotonic() + STOP_TIMEOUT
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not (self.data / "postmaster.pid").exists(), "the server is still running"


def stop_leftover_server(data: Path):
    """What the processes' atexit handlers should have done; runs only when a test went wrong."""
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
    except FileNotFoundError:
        return
    if not psutil.pid_exists(pid):
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        from embedded_postgres._commands import pg_ctl
    # As root the package runs the server as this system user (see PostgresServer.__init__).
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-m", "immediate", "-w", "stop"], pgdata=data, user=user)


def wait_for_flags(flags, first, second, failure: str) -> None:
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while not all(flag.exists() for flag in flags):
        assert first.poll() is None and second.poll() is None, "a process ended too soon"
        assert time.monotonic() < deadline, failure
        time.sleep(0.01)


@pytest.fixture
def processes(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    if not env.get("XDG_RUNTIME_DIR"):
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        env["XDG_RUNTIME_DIR"] = str(runtime)
    # Root: embedded-postgres chowns this folder to its system user and opens the parents to it.
    data = tmp_path / "pgdata"
    started = Processes(data, env)
    yield started
    for process in started.started:
        if process.poll() is None:
            process.kill()
            process.communicate()
    stop_leftover_server(data)


def test_two_processes_starting_at_once_share_one_server(processes, tmp_path):
    ready = [tmp_path / "ready-1", tmp_path / "ready-2"]
    connected = [tmp_path / "connected-1", tmp_path / "connected-2"]
    go, leave = tmp_path / "go", tmp_path / "leave"
    # Both stay until both are connected: on a busy machine the first could otherwise be done, and its
    # server stopped, before the second even started.
    body = """
def wait_for(flag, what):
    for _ in range(6000):  # at most a minute
        if Path(flag).exists():
            return
        time.sleep(0.01)
    sys.exit(f"no {what} signal")

Path(sys.argv[2]).touch()
wait_for(sys.argv[3], "start")
with connect() as conn:
    facts = server_facts(conn)
    Path(sys.argv[4]).touch()
    wait_for(sys.argv[5], "leave")
report(**facts)
"""
    first, second = (processes.start(body, flag, go, done, leave) for flag, done in zip(ready, connected, strict=True))
    wait_for_flags(ready, first, second, "the processes did not get ready")
    go.touch()
    wait_for_flags(connected, first, second, "the processes did not connect")
    leave.touch()

    reports = [processes.finish(first), processes.finish(second)]

    assert [report["one"] for report in reports] == [1, 1]
    assert reports[0]["started"] == reports[1]["started"], "each process started a server of its own"
    assert all(report["pid"] in report["pids"] for report in reports)
    processes.assert_server_stopped()
    assert processes.pid_list() == []


def test_a_killed_process_does_not_keep_the_server_alive(processes):
    killed = processes.start("""
conn = connect()
report(**server_facts(conn))
os.kill(os.getpid(), signal.SIGKILL)
""")
    first = processes.finish(killed, returncode=-signal.SIGKILL)
    assert not psutil.pid_exists(killed.pid)
    # The unclean stop: the dead process is still registered and the server still runs.
    assert processes.pid_list() == [killed.pid]
    server = processes.postmaster_pid()
    assert server is not None and psutil.pid_exists(server)

    second = processes.run("""
with connect() as conn:
    report(**server_facts(conn))
""")

    assert second["one"] == 1
    assert second["started"] == first["started"], "the running server should have been reused"
    assert second["pids"] == [second["pid"]], "the dead PID should be dropped before the start"
    processes.assert_server_stopped()
    assert processes.pid_list() == []


def test_data_is_kept_from_one_start_to_the_next(processes):
    first = processes.run("""
with connect() as conn:
    conn.execute("CREATE TABLE note (body text NOT NULL)")
    conn.execute("INSERT INTO note (body) VALUES ('kept across restarts')")
    report(**server_facts(conn))
""")
    processes.assert_server_stopped()

    second = processes.run("""
with connect() as conn:
    rows = conn.execute("SELECT body FROM note").fetchall()
    report(rows=rows, **server_facts(conn))
""")

    assert second["rows"] == [["kept across restarts"]]
    assert second["started"] != first["started"], "the second process should have started the server again"
    processes.assert_server_stopped()
