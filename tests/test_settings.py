"""Production settings: the deploy checklist passes, and the app refuses to start without a secret."""

import os
import subprocess
import sys

from django.conf import settings

from factcheck.settings import mailer_config

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "factcheck.example.org",
    # A deployment sends its notification emails through a mail server: Django's checks call the console
    # backend, the default, development-only (mail.E001).
    "EMAIL_BACKEND": "smtp",
    "EMAIL_HOST": "smtp.example.org",
}
# The checks read the database's features (generated columns), so they run against the embedded server.


def manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is for the browser tests only (see conftest); a deployment never sets it.
    skipped = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {key: value for key, value in os.environ.items() if key not in skipped}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environ, capture_output=True, text=True
    )


def test_deploy_checklist_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checklist_asks_for_a_mail_server():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "EMAIL_BACKEND": ""})
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_smtp_is_configured_from_the_environment():
    environ = {
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "465",
        "EMAIL_HOST_USER": "desk",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": "false",
    }
    assert mailer_config(environ) == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example.org",
            "port": 465,
            "username": "desk",
            "password": "secret",
            "use_tls": False,
            "timeout": 10,
        },
    }
    assert mailer_config({}) == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert mailer_config({"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}) == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend"
    }


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_is_reported_by_name():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_production_cookies_are_secure_and_https_is_enforced():
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
    ]
    script = f"from django.conf import settings; print([getattr(settings, n) for n in {names!r}])"
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str([True, True, "Lax", True, True, 31536000, "DENY", "same-origin"])
