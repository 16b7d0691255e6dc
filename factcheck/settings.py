"""Django settings for Factcheck. Every deployment value comes from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from factcheck import embedded_postgres

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool, environ=os.environ) -> bool:
    value = environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, environ=os.environ) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_config(environ) -> dict:
    """DATABASE_URL when it is set, else the embedded PostgreSQL server (EMBEDDED_POSTGRES_DIR)."""
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        pooled = env_bool("DATABASE_POOL", False, environ)
        config = dj_database_url.parse(
            url, conn_max_age=0 if pooled else env_int("CONN_MAX_AGE", 60, environ), conn_health_checks=not pooled
        )
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL: Factcheck runs on PostgreSQL only")
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, environ))
        if pooled:
            options["pool"] = pool_options(environ)
        return config
    return {
        "ENGINE": "factcheck.db_backend",
        "NAME": embedded_postgres.DATABASE_NAME,
        "USER": embedded_postgres.SUPERUSER,
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "CONN_MAX_AGE": 0,
    }


def pool_options(environ) -> dict:
    """psycopg's connection pool, one per process: each process holds min_size to max_size connections,
    and a request waits up to timeout seconds for one when all are busy."""
    min_size = env_int("DATABASE_POOL_MIN_SIZE", 2, environ)
    max_size = env_int("DATABASE_POOL_MAX_SIZE", 4, environ)
    if not 0 <= min_size <= max_size or max_size < 1:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MIN_SIZE and _MAX_SIZE must be 0 <= min <= max and max >= 1, not {min_size} and {max_size}"
        )
    return {"min_size": min_size, "max_size": max_size, "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, environ)}


def dev_secret_key(path: Path) -> str:
    """A per-checkout key for local runs, kept so that sessions survive a restart."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off")
    SECRET_KEY = dev_secret_key(BASE_DIR / ".dev-secret-key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_tasks_db",
    "ninja",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),  # runserver serves static files in DEBUG
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the browser's language (Accept-Language, or the cookie)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "claims.user_language.UserLanguageMiddleware",  # the language a person chose, over the browser's
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "claims.middleware.HtmxLoginRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

EMBEDDED_POSTGRES_DIR = BASE_DIR / ".pgdata"
DATABASES = {"default": database_config(os.environ)}
# A read replica for reports and exports (see factcheck/routers.py): everything else uses default.
if os.environ.get("REPLICA_DATABASE_URL", "").strip():
    DATABASES["replica"] = database_config({**os.environ, "DATABASE_URL": os.environ["REPLICA_DATABASE_URL"]})
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
REPORT_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["factcheck.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The interface's languages (README, "Languages"): a person chooses one on the notifications page, a
# reader of the public pages in its footer; otherwise the browser's. Catalogues in locale/, .mo committed.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Files the app writes (background reports). Served only through views that check who asks, never
# as public media; several app servers and workers need one shared place (a shared volume, or an
# object-storage backend in STORAGES["default"]).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # a load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (rating colours, which admins edit, come from /checks/ratings.css).
# JSON-LD blocks are data, not script, and CSP leaves them be.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The audit record (django-pghistory): admin lists events with the user and URL of their request.
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"  # the moment of the change, not of its transaction
# Who and where are attached to the writes of requests that write; a GET writes nothing on the record, and
# attaching the context to every query of a page doubles its statements.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Triggers on tables of other apps (auth's user-group table) have no migration of ours: install every
# trigger after each migrate (idempotent).
PGTRIGGER_INSTALL_ON_MIGRATE = True

# Login throttling: after AXES_FAILURE_LIMIT failed logins for one username from one address, that
# pair is locked out for AXES_COOLOFF_MINUTES (an admin can lift it sooner: `manage.py axes_reset`).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factcheck.client_ip.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Claim intake: documents brought in by paste, upload or URL.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5_000_000)
IMPORT_FETCH_TIMEOUT = env_int("IMPORT_FETCH_TIMEOUT", 15)
# Fetching private and loopback addresses is refused unless this is on (the tests' local server needs it).
IMPORT_ALLOW_PRIVATE_URLS = env_bool("IMPORT_ALLOW_PRIVATE_URLS", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1_000_000

# Link archiving (claims/archiving.py): evidence and source addresses sent to a web archive's "save" endpoint,
# the page's address appended (the Wayback Machine's Save Page Now by default), in the background.
ARCHIVE_ENABLED = env_bool("ARCHIVE_ENABLED", True)
ARCHIVE_SAVE_URL = os.environ.get("ARCHIVE_SAVE_URL", "").strip() or "https://web.archive.org/save/"
ARCHIVE_TIMEOUT = env_int("ARCHIVE_TIMEOUT", 60)
# Evidence with a link is sent to the archive as soon as it is added.
ARCHIVE_ON_ADD = env_bool("ARCHIVE_ON_ADD", False)
# An archive on a private or loopback address (a self-hosted one, the tests' local server), and pages on
# such addresses, are refused unless this is on.
ARCHIVE_ALLOW_PRIVATE_URLS = env_bool("ARCHIVE_ALLOW_PRIVATE_URLS", False)

# The dashboard's counts over every claim are worked out at most this often (seconds, per process).
DESK_FIGURES_SECONDS = env_int("DESK_FIGURES_SECONDS", 30)

# The JSON API (/api/): requests each key may make a minute.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)

# Long work runs as tasks (django.tasks) stored in PostgreSQL and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Exports of more claims than this, and every PDF report, are prepared in the background.
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 5_000)
# Documents with more text than this (characters) are imported in the background.
IMPORT_BACKGROUND_CHARS = env_int("IMPORT_BACKGROUND_CHARS", 100_000)

# Readers' tips (/checks/suggest/): at most this many from one address (IPv6: one /64) in an hour,
# counted in PostgreSQL so the limit holds across workers and servers.
TIPS_PER_HOUR = env_int("TIPS_PER_HOUR", 5)

# The organisation that publishes the fact checks (ClaimReview author, public pages).
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Factcheck Desk")
ORGANISATION_URL = os.environ.get("ORGANISATION_URL", "https://factcheck.example.org/")
ORGANISATION_LOGO = os.environ.get("ORGANISATION_LOGO", "")
# Where the app is served, for absolute links written outside a request (command-line exports, emails).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Notification emails (claims.notifications) go through Django's default mailer: printed on the console
# unless a mail server is set up (EMAIL_BACKEND=smtp with EMAIL_HOST and the rest, or a backend's path).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailer_config(environ) -> dict:
    backend = environ.get("EMAIL_BACKEND", "").strip() or "console"
    backend = {"console": "django.core.mail.backends.console.EmailBackend", "smtp": SMTP_BACKEND}.get(backend, backend)
    if backend != SMTP_BACKEND:
        return {"BACKEND": backend}
    options = {
        "host": environ.get("EMAIL_HOST", "").strip() or "localhost",
        "port": env_int("EMAIL_PORT", 587, environ),
        "username": environ.get("EMAIL_HOST_USER", ""),
        "password": environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True, environ),
        "timeout": env_int("EMAIL_TIMEOUT", 10, environ),  # a mail server that hangs must not hold a request long
    }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_config(os.environ)}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "factcheck@localhost"
