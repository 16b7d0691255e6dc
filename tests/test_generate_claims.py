import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from claims.generation import CLAIMANT_SURNAME, CLAIMANT_TYPO, COMMON_TERM
from claims.models import AssignmentChange, Claim, Claimant, Comment, Evidence, Source, Verdict
from tests.web import logged_in

S = Claim.Status


def generate(count=300, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_claims", count=count, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def generated(db):
    generate()
    return Claim.objects.all()


def test_it_makes_the_claims_with_their_people_sources_evidence_and_history(generated):
    assert generated.count() == 300
    assert Claimant.objects.count() == 40
    assert Source.objects.count() == 30
    assert 300 < Evidence.objects.count() < 700
    assert 0.2 < Comment.objects.values("claim").distinct().count() / 300 < 0.4
    assert AssignmentChange.objects.exists()
    statuses = dict(generated.values_list("status").annotate(n=Count("id")))
    assert statuses[S.NEW] + statuses[S.IN_RESEARCH] > statuses[S.IN_REVIEW] + statuses[S.APPROVED]
    assert set(statuses) == set(S.values)
    assert set(generated.values_list("kind", flat=True)) >= {"quote", "quantity", "event", "prediction"}
    assert generated.values("text").distinct().count() > 270
    assert generated.filter(assignee__username__startswith="reviewer-").exists()


def test_every_claim_is_valid_by_the_models_rules(generated):
    for claim in generated.order_by("id")[::10]:
        claim.full_clean()
        assert claim.updated_at >= claim.created_at
    for model in (Evidence, Verdict, Comment, Source, Claimant):
        for row in model.objects.order_by("id")[::15]:
            row.full_clean()
    assert generated.exclude(quantity_unit="").filter(kind="quantity").exists()


def test_each_status_history_follows_the_workflow_to_the_claims_status(generated):
    for claim in generated.prefetch_related("status_changes"):
        steps = list(claim.status_changes.all())
        status = S.NEW
        for step in steps:
            Claim.find_transition(step.from_status, step.to_status)  # raises on an illegal step
            assert step.from_status == status
            assert claim.created_at <= step.changed_at <= claim.updated_at
            status = step.to_status
        assert status == claim.status, claim.pk


def test_published_claims_have_a_published_current_verdict_approved_by_someone_else(generated):
    published = generated.filter(status=S.PUBLISHED)
    assert published.count() > 30
    for claim in published:
        verdict = claim.verdicts.get(is_current=True)
        assert verdict.published_at and verdict.approved_at and verdict.proposed_at
        assert verdict.approved_by_id != verdict.author_id
    corrected = Verdict.objects.filter(is_current=False, published_at__isnull=False)
    assert corrected.exists(), "some published claims keep the verdict their correction replaced"
    assert not generated.filter(status__in=[S.IN_REVIEW, S.APPROVED], verdicts__isnull=True).exists()


def test_duplicates_point_at_another_claim(generated):
    duplicates = generated.filter(status=S.DUPLICATE)
    assert duplicates.exists()
    for claim in duplicates:
        assert claim.duplicate_of_id not in (None, claim.pk)
    assert not generated.exclude(status=S.DUPLICATE).filter(duplicate_of__isnull=False).exists()


def test_the_claim_list_and_a_claim_page_show_generated_claims_to_a_reviewer(generated, reviewer):
    client = logged_in(reviewer)
    listing = client.get(reverse("claims:claim-list"))
    assert listing.status_code == 200
    claim = generated.filter(status=S.PUBLISHED, evidence__isnull=False).first()
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert claim.text.split()[2] in page.text


def test_search_finds_the_documented_terms(generated):
    found = Claim.objects.search(COMMON_TERM)
    assert 0.02 * 300 < found.count() < 0.1 * 300
    assert Claim.objects.search(CLAIMANT_SURNAME).exists()
    assert not Claim.objects.search(CLAIMANT_TYPO).exists()
    assert Claim.objects.similar_to(CLAIMANT_TYPO).filter(claimant__name__contains=CLAIMANT_SURNAME).exists()


def test_a_second_run_appends_and_the_same_seed_gives_the_same_texts(generated):
    first = list(generated.order_by("id").values_list("text", flat=True))
    generate()
    assert Claim.objects.count() == 600
    assert Claimant.objects.count() == 40, "claimants are found again by name"
    second = list(Claim.objects.order_by("id").values_list("text", flat=True))[300:]
    assert second == first
    generate(count=20, seed=7)
    assert list(Claim.objects.order_by("id").values_list("text", flat=True))[600:] != first[:20]
    claim = Claim.objects.create(text="Typed in by hand after the generator ran.")
    assert claim.pk > max(Claim.objects.exclude(pk=claim.pk).values_list("pk", flat=True))


def test_the_generator_skips_the_audit_triggers_on_the_embedded_superuser(generated):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claimevent")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin", "the setting is restored afterwards"


@pytest.mark.parametrize("count", ["0", "-5", "many"])
def test_a_count_that_is_not_a_positive_number_is_refused_with_one_line(db, count):
    with pytest.raises(CommandError) as refused:
        call_command("generate_claims", count=count)
    assert "--count" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not Claim.objects.exists()


def test_progress_goes_to_standard_error(db):
    out, err = generate(count=30)
    assert "Claims [##############################] 100% 30/30" in err
    assert "30 claim," in out


def test_a_large_load_rebuilds_the_search_indexes_exactly_as_they_were(db, monkeypatch):
    monkeypatch.setattr("claims.generation.DROP_INDEXES_FROM", 10)
    query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claim' ORDER BY 1"
    with connection.cursor() as cursor:
        cursor.execute(query)
        before = cursor.fetchall()
        _, err = generate(count=40)
        cursor.execute(query)
        assert cursor.fetchall() == before
    assert "Search indexes [##############################] 100% 2/2" in err
    assert Claim.objects.search(CLAIMANT_SURNAME).exists()
