"""Production serving: real gunicorn started with gunicorn.conf.py and production settings (DEBUG off,
whitenoise, a collected STATIC_ROOT) against the test database, talked to over HTTP on loopback."""

import contextlib
import functools
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse
from psycopg_pool import ConnectionPool

from claims.roles import Role
from factcheck import health
from factcheck.settings import database_config
from tests.factories import make_claim, make_user

PROJECT_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "served-by-gunicorn-42"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "s" * 20 + "-a-production-secret-for-the-serving-tests-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front of the test server
    "WEB_CONCURRENCY": "1",
    "GUNICORN_THREADS": "2",
}


def production_env(**env) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE is for the browser tests only (see conftest); a deployment never sets it.
    environ = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**environ, **PRODUCTION, **env}


def database_url() -> str:
    """The pytest database, for another process."""
    params = connection.get_connection_params()
    return f"postgres://{params['user']}@/{params['dbname']}?host={params['host']}"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("staticfiles")
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    result = subprocess.run(
        command, cwd=PROJECT_DIR, env=production_env(STATIC_ROOT=str(root)), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return root


# A client for a server without TLS in front: production cookies are Secure, and a browser would only
# send them over HTTPS; here the client sends them over plain HTTP to loopback, as a TLS proxy would.


class SecureCookiesOverHttp(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request) -> bool:
        return True


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class Browser:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar(policy=SecureCookiesOverHttp())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: dict | None = None, method: str | None = None, **headers) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, body, headers, method=method)  # noqa: S310 (loopback)
        try:
            with self.opener.open(request, timeout=10) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def log_in(self, username: str, password: str) -> Response:
        form = self.request("/accounts/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        return self.request(
            "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )


# The server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(tmp_path: Path, static_root: Path, **env):
    """gunicorn as `make serve` starts it, answering once /health/ does (200 or 503); stopped afterwards."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    env.setdefault("DATABASE_URL", database_url())
    environ = production_env(BIND=f"127.0.0.1:{port}", STATIC_ROOT=str(static_root), **env)
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=PROJECT_DIR, env=environ, stdout=output, stderr=subprocess.STDOUT)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_until_answering(browser, server, log)
        yield browser
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_answering(browser: Browser, server: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited with {server.returncode}:\n{log.read_text()}"
        with contextlib.suppress(OSError):
            browser.request("/health/")
            return
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer within {timeout} s:\n{log.read_text()}")


@functools.cache
def password_hash() -> str:
    """A hash the server's default hashers read (the tests' own fast hasher is not among them)."""
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


def reviewer_with_password():
    user = make_user(Role.REVIEWER, username="rita")
    user.password = password_hash()
    user.save(update_fields=["password"])
    return user


# Through gunicorn


def test_the_health_check_answers_ok_with_the_database_there(migration_data, tmp_path, static_root):
    with gunicorn(tmp_path, static_root) as browser:
        response = browser.request("/health/")
        head = browser.request("/health/", method="HEAD")
        post = browser.request("/health/", {})

    assert response.status == 200, response.text
    assert json.loads(response.body)["status"] == "ok"
    assert response.headers["Content-Type"] == "application/json"
    assert "no-store" in response.headers["Cache-Control"]
    assert (head.status, head.body) == (200, b"")
    assert post.status == 405


def test_the_health_check_says_503_when_the_database_is_unreachable(tmp_path, static_root):
    closed = f"postgres://factcheck@127.0.0.1:{free_port()}/factcheck"
    with gunicorn(tmp_path, static_root, DATABASE_URL=closed, DATABASE_CONNECT_TIMEOUT="2") as browser:
        response = browser.request("/health/")

    assert response.status == 503
    assert json.loads(response.body) == {"status": "unavailable", "reason": "cannot reach the database"}
    assert "no-store" in response.headers["Cache-Control"]


def test_the_login_page_and_hashed_static_files_are_served(migration_data, tmp_path, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    stylesheet = "/static/" + manifest["claims/style.css"]
    with gunicorn(tmp_path, static_root) as browser:
        login = browser.request("/accounts/login/")
        brotli = browser.request(stylesheet, **{"Accept-Encoding": "br, gzip"})
        gzip = browser.request(stylesheet, **{"Accept-Encoding": "gzip"})
        plain = browser.request(stylesheet)

    assert login.status == 200 and 'name="csrfmiddlewaretoken"' in login.text
    assert stylesheet in login.text  # pages link the hashed names
    assert (brotli.status, brotli.headers["Content-Encoding"]) == (200, "br")
    assert (gzip.status, gzip.headers["Content-Encoding"]) == (200, "gzip")
    assert "Content-Encoding" not in plain.headers
    assert plain.body == (static_root / manifest["claims/style.css"]).read_bytes()
    cache_control = brotli.headers["Cache-Control"]
    assert "immutable" in cache_control and int(re.search(r"max-age=(\d+)", cache_control)[1]) >= 365 * 86400


@pytest.mark.parametrize("pooled", [False, True], ids=["persistent-connections", "psycopg-pool"])
def test_a_reviewer_logs_in_and_reads_the_claim_list(migration_data, tmp_path, static_root, pooled):
    reviewer_with_password()
    make_claim(text="Around 55 miles from the border, served by gunicorn")
    with gunicorn(tmp_path, static_root, DATABASE_POOL=str(pooled).lower()) as browser:
        logged_in = browser.log_in("rita", PASSWORD)
        claims = browser.request("/claims/")
        health = browser.request("/health/")

    assert logged_in.status == 200 and "Log in" not in logged_in.text, logged_in.text[:500]
    assert claims.status == 200
    assert "Around 55 miles from the border, served by gunicorn" in claims.text
    assert health.status == 200


# The connection settings


def test_the_pool_setting_gives_a_working_psycopg_pool(transactional_db):
    environ = {"DATABASE_URL": database_url(), "DATABASE_POOL": "true", "DATABASE_POOL_MAX_SIZE": "3"}
    config = database_config(environ)
    assert config["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool
    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 3, "timeout": 10}

    pooled = ConnectionHandler({"default": config})["default"]
    try:
        with pooled.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        assert isinstance(pooled.pool, ConnectionPool) and pooled.pool.max_size == 3
    finally:
        pooled.close()
        pooled.close_pool()


def test_without_the_pool_connections_persist_with_health_checks():
    config = database_config({"DATABASE_URL": "postgres://app@db.internal/factcheck", "CONN_MAX_AGE": "120"})
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (120, True)
    assert config["OPTIONS"] == {"connect_timeout": 5}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DATABASE_POOL": "sometimes"}, "DATABASE_POOL must be true or false, not 'sometimes'"),
        ({"DATABASE_POOL": "true", "DATABASE_POOL_MAX_SIZE": "ten"}, "DATABASE_POOL_MAX_SIZE must be a whole number"),
        ({"DATABASE_POOL": "true", "DATABASE_POOL_MIN_SIZE": "5", "DATABASE_POOL_MAX_SIZE": "2"}, "not 5 and 2"),
        ({"DATABASE_CONNECT_TIMEOUT": "soon"}, "DATABASE_CONNECT_TIMEOUT must be a whole number"),
    ],
)
def test_bad_connection_settings_are_reported_by_name(environ, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        database_config({"DATABASE_URL": "postgres://app@db.internal/factcheck", **environ})


# The health check in this process


def test_the_health_check_is_not_redirected_to_https(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # its middleware reads the setting when built

    assert client.get("/accounts/login/").status_code == 301
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_slow_database_is_reported_without_its_details(db, monkeypatch):
    def too_slow():
        raise OperationalError("canceling statement due to statement timeout on db.internal")

    monkeypatch.setattr(health, "check_database", too_slow)
    response = Client().get(reverse("health"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "the database did not answer within 2000 ms"}
