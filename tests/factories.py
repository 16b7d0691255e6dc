"""Plain factory helpers: make_x(**kwargs) with sensible defaults."""

import itertools

from django.contrib.auth.models import Group, User

from claims.models import Claim, Claimant, Evidence, Rating, RatingScale, Source
from claims.roles import Role

_counter = itertools.count(1)


def make_user(role: Role | None = None, **kwargs) -> User:
    kwargs.setdefault("username", f"user{next(_counter)}")
    kwargs.setdefault("is_staff", role == Role.ADMIN)
    user = User.objects.create_user(password=kwargs.pop("password", "correct horse battery"), **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # fresh, without a cached permission set


def make_source(**kwargs) -> Source:
    kwargs.setdefault("title", f"Source {next(_counter)}")
    return Source.objects.create(**kwargs)


def make_claimant(**kwargs) -> Claimant:
    kwargs.setdefault("name", f"Claimant {next(_counter)}")
    return Claimant.objects.create(**kwargs)


def make_claim(**kwargs) -> Claim:
    kwargs.setdefault("text", f"Claim number {next(_counter)} says something checkable.")
    return Claim.objects.create(**kwargs)


def default_rating(label: str = "False") -> Rating:
    return Rating.objects.get(scale=RatingScale.objects.get(is_default=True), label=label)


def make_evidence(claim: Claim, added_by: User, **kwargs) -> Evidence:
    kwargs.setdefault("url", "https://example.org/evidence")
    kwargs.setdefault("stance", Evidence.Stance.SUPPORTS)
    return Evidence.objects.create(claim=claim, added_by=added_by, **kwargs)


def bring_to(claim: Claim, status: Claim.Status, *, author: User, approver: User) -> Claim:
    """Walk a claim through the workflow to `status`: `author` researches and drafts the verdict,
    `approver` approves and publishes."""
    S = Claim.Status
    if status == S.NEW:
        return claim
    if status == S.NOT_CHECKABLE:
        claim.transition(S.NOT_CHECKABLE, by=author, note="An opinion, not a fact.")
        return claim
    if status == S.DUPLICATE:
        claim.transition(S.DUPLICATE, by=author, duplicate_of=make_claim())
        return claim
    claim.transition(S.IN_RESEARCH, by=author)
    if status == S.IN_RESEARCH:
        return claim
    claim.draft_verdict(rating=default_rating(), headline="Wrong", explanation="Because.", by=author)
    for step, actor in [(S.IN_REVIEW, author), (S.APPROVED, approver), (S.PUBLISHED, approver)]:
        claim.transition(step, by=actor)
        if step == status:
            break
    return claim
