"""The benchmark's own database, `factcheck_bench_<claims>`: created on the checkout's embedded server
(or on the server of DATABASE_URL), migrated, filled once by `generate_claims` and reused after."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parent.parent


def server_url() -> str:
    """A URL of the server's maintenance database; starting the embedded server if no DATABASE_URL is set
    (this process then keeps it running until it exits)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return urlunsplit(urlsplit(url)._replace(path="/postgres"))
    sys.path.insert(0, str(PROJECT_DIR))
    from factcheck import embedded_postgres

    socket = embedded_postgres.socket_dir(PROJECT_DIR / ".pgdata")
    return f"postgresql://postgres@/postgres?host={socket}"


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def prepare(claims: int, *, fresh: bool, log) -> str:
    """The URL of a migrated database holding at least `claims` claims."""
    server = server_url()
    name = f"factcheck_bench_{claims}"
    with psycopg.connect(server, autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(server, name)
    manage(url, "migrate", "--noinput", quiet=True)
    present = count_claims(url)
    if present < claims:
        log(f"Generating {claims - present:,} claims into {name} (once; later runs reuse them)")
        manage(url, "generate_claims", "--count", str(claims - present))
    elif present > claims:
        log(f"{name} holds {present:,} claims, more than asked; measuring with them all")
    return url


def count_claims(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]


def database_size(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def manage(url: str, *args: str, quiet: bool = False, env: dict | None = None) -> None:
    environment = {**os.environ, "DATABASE_URL": url, **(env or {})}
    output = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=environment, check=True, stdout=output)
