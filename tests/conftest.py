import importlib
import os
import shutil

import pytest
from django.core.management import call_command

from claims.roles import Role
from tests.factories import make_user
from tests.web import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def no_dashboard_figures_kept(settings):
    """The dashboard keeps its desk-wide counts for a while; each test counts afresh."""
    settings.DESK_FIGURES_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 at full strength costs ~0.3 s per user; tests do not test its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer(db):
    return make_user(Role.REVIEWER, username="rita", first_name="Rita")


@pytest.fixture
def second_reviewer(db):
    return make_user(Role.REVIEWER, username="ron", first_name="Ron")


@pytest.fixture
def editor(db):
    return make_user(Role.EDITOR, username="ed", first_name="Ed")


@pytest.fixture
def second_editor(db):
    return make_user(Role.EDITOR, username="eve", first_name="Eve")


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="ada", first_name="Ada")


@pytest.fixture
def stranger(db):
    """Logged in, but with no role at all."""
    return make_user(None, username="sam")


@pytest.fixture
def migration_data(transactional_db):
    """What data migrations create (the default rating scale, the roles), for transactional tests:
    the flush after each of them empties every table. Serialized rollback cannot be used: the browser
    tests run in Playwright's event loop, whose context sees other connection objects than the setup."""
    from django.apps import apps

    importlib.import_module("claims.migrations.0003_default_rating_scale").create_default_scale(apps, None)
    importlib.import_module("claims.migrations.0004_roles").create_roles(apps, None)
    importlib.import_module("claims.migrations.0008_candidate_permissions").grant(apps, None)
    importlib.import_module("claims.migrations.0010_audit_permissions").grant(apps, None)


# Browser tests: Debian's chromium, driven by Playwright. Without it they skip locally; in CI they fail.


@pytest.fixture
def demo(monkeypatch, migration_data):
    """The demo data and users (`make run`'s), with DEMO_PASSWORD."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
