"""Django admin on real PostgreSQL, as a user of the Admin role (staff, not superuser)."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims import apikeys, intake
from claims.claimreview_import import import_reviews
from claims.documents import read_text
from claims.models import Claim, Rating, RatingMapping, StatusChange
from tests.factories import bring_to, make_claim
from tests.test_claimreview_import import MALDITA
from tests.web import admin_url

pytestmark = pytest.mark.django_db

# The audit tables have admin pages of their own, tested with the audit record (test_audit.py).
MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"claims", "auth"} and not model.__name__.endswith("Event")
]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-42")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    intake.import_document(read_text(b"Officials said 4,000 troops arrived in Minsk, the ministry said."))
    # Records the demo has none of: a review from elsewhere, a rating mapping, an API key.
    import_reviews(json.dumps(MALDITA))
    RatingMapping.objects.create(text="Falso", rating=Rating.objects.get(label="False", scale__is_default=True))
    apikeys.issue(User.objects.get(username="reviewer"), "Belarus monitoring")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_search_render(model, admin_client, demo):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "Belarus"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_renders(model, admin_client, demo):
    obj = model.objects.order_by("pk").first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_claim_search_finds_by_text_and_by_claimant(admin_client, demo):
    response = admin_client.get(admin_url(Claim, "changelist"), {"q": "Muzyka"})
    assert "10,000 to 15,000 soldiers" in response.content.decode()
    response = admin_client.get(admin_url(Claim, "changelist"), {"q": "governs"})
    assert "except us, governs Belarus" in response.content.decode()


def test_claim_filters_by_status_and_rating(admin_client, demo):
    response = admin_client.get(admin_url(Claim, "changelist"), {"status": "published"})
    assert response.context["cl"].result_count == 1
    true_rating = Rating.objects.get(label="True", scale__is_default=True)
    response = admin_client.get(admin_url(Claim, "changelist"), {"rating": true_rating.pk})
    assert {c.text for c in response.context["cl"].result_list} == {
        "Kyiv is only around 55 miles from the Belarusian border.",
        "Mr. Lukashenko has held power for 28 years.",
    }


def test_adding_a_claim_in_admin_starts_it_as_new(admin_client, admin_user):
    response = admin_client.post(
        admin_url(Claim, "add"),
        {
            "text": "Belarus imports all its gas from Russia.",
            "kind": "quantity",
            "priority": "2",
            "origin": "desk",
            "language": "en",
            "quantity_low": "100",
            "quantity_unit": "percent",
            **inline_management_forms(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    claim = Claim.objects.get(text="Belarus imports all its gas from Russia.")
    assert (claim.status, claim.created_by) == (Claim.Status.NEW, admin_user)


def test_admin_form_reports_a_reversed_range(admin_client):
    response = admin_client.post(
        admin_url(Claim, "add"),
        {
            "text": "Reversed range",
            "kind": "quantity",
            "priority": "2",
            "quantity_low": "15,000",
            "quantity_high": "10000",
            **inline_management_forms(),
        },
    )
    assert response.status_code == 200
    assert not Claim.objects.filter(text="Reversed range").exists()


def inline_management_forms():
    forms = {}
    for prefix in ("evidence", "verdicts", "status_changes"):
        forms.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return forms


def test_bulk_action_moves_what_it_may_and_reports_what_it_skipped(admin_client, admin_user, reviewer, editor):
    fresh = make_claim()
    published = bring_to(make_claim(), Claim.Status.PUBLISHED, author=reviewer, approver=editor)

    response = admin_client.post(
        admin_url(Claim, "changelist"),
        {"action": "move_to_not_checkable", "_selected_action": [fresh.pk, published.pk]},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert "Moved 1 claim(s) to Not checkable." in messages
    assert any(f"#{published.pk}: A claim that is Published cannot move to Not checkable" in m for m in messages)
    fresh.refresh_from_db()
    published.refresh_from_db()
    assert (fresh.status, published.status) == (Claim.Status.NOT_CHECKABLE, Claim.Status.PUBLISHED)
    assert StatusChange.objects.filter(claim=fresh, changed_by=admin_user).exists()


def test_reviewer_cannot_enter_admin(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
