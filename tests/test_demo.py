"""`manage.py load_demo`: the seed article's claims, in every state, and one user per role."""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims import demo
from claims.models import Claim, Comment, Evidence, Source, StatusChange, Verdict
from claims.roles import Role

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    models = [User, Source, Claim, Evidence, Verdict, Comment, StatusChange]
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    rows["passwords"] = list(User.objects.order_by("pk").values_list("password", flat=True))
    return rows


def test_loading_twice_changes_nothing(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-42")
    load()
    first = snapshot()

    output = load()

    assert snapshot() == first
    assert "Demo claims created: 0" in output


def test_demo_has_the_lukashenko_quote_with_its_speaker():
    load()
    quote = Claim.objects.get(text__icontains="governs Belarus")
    assert quote.kind == Claim.Kind.QUOTE
    assert quote.claimant.name == "Aleksandr G. Lukashenko"
    assert quote.claimant.description == "President of Belarus"
    assert "no one, except us, governs Belarus" in quote.excerpt
    assert quote.excerpt in quote.source.full_text


def test_demo_has_the_troop_range_with_its_unit_and_analyst():
    load()
    troops = Claim.objects.get(claimant__name="Konrad Muzyka", kind=Claim.Kind.QUANTITY)
    assert (troops.quantity_low, troops.quantity_high, troops.quantity_unit) == (
        Decimal(10000),
        Decimal(15000),
        "soldiers",
    )
    assert troops.quantity_display == "10,000–15,000 soldiers"


def test_demo_covers_distances_durations_counts_and_the_workflow():
    load()
    claims = Claim.objects.all()
    assert claims.count() >= 8
    units = set(claims.exclude(quantity_unit="").values_list("quantity_unit", flat=True))
    assert {"miles", "years", "meetings", "soldiers"} <= units
    assert {S for S in claims.values_list("status", flat=True)} >= {
        Claim.Status.NEW,
        Claim.Status.IN_RESEARCH,
        Claim.Status.IN_REVIEW,
        Claim.Status.APPROVED,
        Claim.Status.PUBLISHED,
        Claim.Status.NOT_CHECKABLE,
    }
    published = claims.published().get()
    assert published.current_verdict.published_at is not None
    assert published.current_verdict.approved_by.username == "editor"
    assert published.evidence.exists()


def logs_in(client, username: str, password: str) -> bool:
    """Through the login form, as a person would (and as login throttling sees it)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    client.logout()
    return response.status_code == 302


def test_demo_users_have_one_role_each_and_the_given_password(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-42")
    output = load()

    assert "demo-password-42" in output
    for username, role in [("reviewer", Role.REVIEWER), ("editor", Role.EDITOR), ("admin", Role.ADMIN)]:
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert logs_in(client, username, "demo-password-42")
    assert User.objects.get(username="admin").is_staff


def test_without_demo_password_a_generated_one_is_printed_and_works(client, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = load()

    password = output.rsplit("password: ", 1)[1].strip()
    assert len(password) >= 12
    assert logs_in(client, "editor", password)
    assert "password is unchanged" in load()
    assert logs_in(client, "editor", password)


def test_the_seed_article_ships_inside_the_project():
    assert demo.ARTICLE_PATH.is_relative_to(settings.BASE_DIR / "claims")
    assert "no one, except us, governs Belarus" in demo.ARTICLE_PATH.read_text(encoding="utf-8")
