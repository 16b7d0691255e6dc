"""Roles are groups created by migrations; what each may do is checked on the server."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from claims.roles import Role, has_role
from tests.factories import make_claim

EDITORIAL = [
    "claims.assign_claim",
    "claims.review_verdict",
    "claims.publish_claim",
    "claims.reopen_claim",
    "claims.export_verdicts",
]


def test_every_role_is_a_group_with_permissions(db):
    for role in Role:
        assert Group.objects.get(name=role).permissions.exists()


def test_reviewer_researches_but_does_not_edit(reviewer):
    assert reviewer.has_perms(["claims.research_claim", "claims.propose_verdict", "claims.add_evidence"])
    assert not any(reviewer.has_perm(p) for p in EDITORIAL)
    assert not reviewer.has_perm("claims.change_rating")
    assert has_role(reviewer, Role.REVIEWER) and not has_role(reviewer, Role.EDITOR)


def test_editor_also_assigns_approves_publishes_and_exports(editor):
    assert editor.has_perms(["claims.research_claim", "claims.propose_verdict", *EDITORIAL])
    assert not editor.has_perm("claims.change_rating")
    assert not editor.has_perm("auth.change_user")


def test_admin_manages_users_and_rating_scales(admin_user):
    assert admin_user.has_perms(
        ["auth.add_user", "auth.change_user", "claims.add_ratingscale", "claims.change_rating", *EDITORIAL]
    )
    assert not admin_user.is_superuser


def test_user_without_role_can_do_nothing(stranger):
    assert not stranger.get_all_permissions()


def test_reviewer_can_take_a_claim_but_not_hand_it_to_someone_else(reviewer, second_reviewer):
    claim = make_claim()
    claim.assign(reviewer, by=reviewer)
    assert claim.assignee == reviewer

    with pytest.raises(PermissionDenied):
        claim.assign(second_reviewer, by=reviewer)
    with pytest.raises(PermissionDenied):
        claim.assign(None, by=second_reviewer)

    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_editor_assigns_reviewers_but_not_people_without_a_role(editor, reviewer, stranger):
    claim = make_claim()
    claim.assign(reviewer, by=editor)
    with pytest.raises(PermissionDenied, match="not a reviewer"):
        claim.assign(stranger, by=editor)

    claim.refresh_from_db()
    assert claim.assignee == reviewer
