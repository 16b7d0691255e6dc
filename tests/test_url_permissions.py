"""Every URL the project serves, found by walking the URL configuration, checked on the server with forged
requests: anonymous users are sent to a login page, roles without the permission get 403 and change nothing,
writes need a CSRF token, and the public pages answer everyone.

A URL the tables below do not know fails test_every_url_is_classified: a new page or endpoint cannot slip past.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse

from claims.models import Candidate, Claim, Claimant, Comment, Evidence, Job, Notification, Source
from claims.roles import Role
from claims.views.claim_page import PANELS
from tests.factories import (
    bring_to,
    default_rating,
    make_claim,
    make_claimant,
    make_evidence,
    make_source,
    make_user,
)
from tests.web import logged_in

# The URL configuration, walked


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"; None for an unnamed pattern
    route: str  # the patterns joined, e.g. "claims/<int:pk>/panel/<slug:panel>/"
    kwargs: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.partition(":")[0] if self.name and ":" in self.name else ""

    @property
    def label(self) -> str:
        return self.name or self.route


def pattern_kwargs(pattern) -> list[str]:
    return list(pattern.regex.groupindex)  # a route's converters are named groups of its regex too


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "", kwargs: tuple = ()):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        names = (*kwargs, *pattern_kwargs(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk(pattern, route, inner, names)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(name, route, names)


ROUTES = list(walk(get_resolver()))
BY_NAME = {route.name: route for route in ROUTES if route.name}


def is_admin(route: Route) -> bool:
    return route.route.startswith("admin/") or route.namespace == "admin"


def is_api(route: Route) -> bool:
    """The JSON API: keys, not sessions (tests/test_api.py); its schema and docs need a login."""
    return route.namespace == "api"


def is_public(route: Route) -> bool:
    return route.namespace == "checks" or route.name in PUBLIC


# Who may do what

ROLES = ["stranger", "reviewer", "editor", "admin"]  # the stranger is logged in, with no role
DESK = frozenset({"reviewer", "editor", "admin"})
EDITORS = frozenset({"editor", "admin"})

# With every checks:* URL; admin:* is tested against the admin login. set_language: the readers' language form.
PUBLIC = {"login", "logout", "health", "set_language"}
# Public forms anyone may post (no login; CSRF still required): a reader's tip.
PUBLIC_WRITES = {"checks:suggest"}

# GET-only pages and htmx fragments, with the roles that may see them. The stranger sees none: the roles
# are given the claims app's view_* permissions, a user without a role has none.
READS = {
    "claims:dashboard": DESK,
    "claims:claim-list": DESK,
    "claims:claim-detail": DESK,
    "claims:claim-panel": DESK,
    "claims:claim-similar": DESK,
    "claims:review-queue": EDITORS,
    "claims:export": EDITORS,
    "claims:claimant-list": DESK,
    "claims:claimant-suggest": DESK,
    "claims:claimant-detail": DESK,
    "claims:source-list": DESK,
    "claims:source-detail": DESK,
    "claims:candidate-review": DESK,
    "claims:candidate-similar": DESK,
    "claims:notification-list": DESK,
    "claims:notification-bell": DESK,
}

# Pages of one person's background job: its owner reads them, anyone else is told there is no such job.
OWN_READS = {"claims:job-detail", "claims:job-download"}

# A person's own notification: its recipient marks it read, anyone else is told there is no such notification.
OWN_WRITES = {"claims:notification-read"}

# Endpoints that accept POST, each with the roles that may open its form by GET (None: POST only).
WRITES = {
    "claims:claim-create": DESK,
    "claims:claim-edit": DESK,
    "claims:claim-bulk": None,
    "claims:claim-transition": None,
    "claims:claim-assign": None,
    "claims:verdict-save": None,
    "claims:evidence-add": None,
    "claims:evidence-edit": DESK,
    "claims:evidence-delete": None,
    "claims:evidence-archive": None,
    "claims:source-archive": None,
    "claims:comment-add": None,
    "claims:import": DESK,
    "claims:import-claimreview": EDITORS,
    "claims:candidate-accept": DESK,
    "claims:candidate-dismiss": None,
    "claims:candidates-accept": None,
    "claims:export-start": None,
    "claims:claim-follow": None,
    "claims:notification-read-all": None,
    "claims:notification-settings": None,
    "claims:language-settings": None,
}


# The objects the URLs point at


@dataclass
class World:
    users: dict  # by role name
    claimant: Claimant
    source: Source
    candidate: Candidate
    claim_new: Claim
    claim_research: Claim
    claim_review: Claim  # the default claim of claim URLs: a verdict, evidence, a comment, an assignee
    claim_approved: Claim
    claim_published: Claim
    claim_not_checkable: Claim
    claim_duplicate: Claim
    evidence: Evidence
    job: Job  # the editor's
    notification: Notification  # the editor's; each role has an unread one

    def fresh(self, attribute: str) -> Claim:
        return Claim.objects.get(pk=getattr(self, attribute).pk)


SOURCE_TEXT = "The minister said unemployment fell to 4.1 percent last year. Critics disagree."
CANDIDATE_TEXT = SOURCE_TEXT.partition(" Critics")[0]


def build_world() -> World:
    # Users of the roles, as the conftest fixtures make them; without a password (none is hashed).
    users = {
        "stranger": make_user(None, username="sam", password=None),
        "reviewer": make_user(Role.REVIEWER, username="rita", password=None),
        "editor": make_user(Role.EDITOR, username="ed", password=None),
        "admin": make_user(Role.ADMIN, username="ada", password=None),
    }
    author = make_user(Role.REVIEWER, username="ron", password=None)
    approver = make_user(Role.EDITOR, username="eve", password=None)
    claimant = make_claimant(name="Minister of Labour")
    source = make_source(title="Labour market speech", url="https://example.org/speech", full_text=SOURCE_TEXT)

    def claim(status: Claim.Status, text: str) -> Claim:
        made = make_claim(text=text, claimant=claimant, source=source)
        return bring_to(made, status, author=author, approver=approver)

    S = Claim.Status
    research = claim(S.IN_RESEARCH, "Youth unemployment halved since 2020.")
    research.draft_verdict(rating=default_rating(), headline="Wrong", explanation="It fell by a third.", by=author)
    review = claim(S.IN_REVIEW, "Unemployment fell to 4.1 percent last year.")
    review.assign(author, by=approver)
    Comment.objects.create(claim=review, author=author, body="The statistics office agrees.")
    return World(
        users=users,
        claimant=claimant,
        source=source,
        candidate=Candidate.objects.create(
            source=source, kind=Claim.Kind.QUANTITY, text=CANDIDATE_TEXT, start=0, end=len(CANDIDATE_TEXT), score=0.9
        ),
        claim_new=claim(S.NEW, "Wages rose faster than prices in every month."),
        claim_research=research,
        claim_review=review,
        claim_approved=claim(S.APPROVED, "The pension age was raised twice."),
        claim_published=claim(S.PUBLISHED, "Two million jobs were created this decade."),
        claim_not_checkable=claim(S.NOT_CHECKABLE, "This is the best government ever."),
        claim_duplicate=claim(S.DUPLICATE, "Unemployment fell to 4.1 percent, the lowest ever."),
        evidence=make_evidence(review, author, url="https://example.org/statistics"),
        job=Job.objects.create(kind=Job.Kind.EXPORT, label="CSV of 2 claims", requested_by=users["editor"]),
        notification={role: notify(user, review) for role, user in users.items()}["editor"],
    )


def notify(user, claim: Claim) -> Notification:
    text = f"Someone assigned you claim {claim.pk}."
    return Notification.objects.create(recipient=user, claim=claim, kind=Notification.Kind.ASSIGNED, text=text)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Made once for the module, in a transaction rolled back at its end. Each test runs in a savepoint
    inside it (pytest-django's `db` nests its atomic block), so what one test writes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db) -> World:
    return shared_world


# Filling a route's kwargs from the world

PK_OF = {  # the first segment of a route says what its pk is
    "claims": "claim_review",
    "claimants": "claimant",
    "sources": "source",
    "candidates": "candidate",
    "checks": "claim_published",
    "jobs": "job",
    "notifications": "notification",
}
ADMIN_KWARGS = {"object_id": "1", "content_type_id": "1", "id": "1", "app_label": "auth", "url": "no-such-page/"}


def admin_kwargs(route: Route) -> dict:
    unknown = set(route.kwargs) - set(ADMIN_KWARGS)
    if unknown:
        pytest.fail(f"{route.label} ({route.route}): the test does not know how to fill {unknown}")
    return {name: ADMIN_KWARGS[name] for name in route.kwargs}


def kwargs_for(route: Route, world: World, panel: str | None = None, pk_of: str | None = None) -> dict:
    target = pk_of or PK_OF.get(route.route.split("/")[0])
    values = {
        "pk": getattr(world, target).pk if target else None,
        "evidence_pk": world.evidence.pk,
        "panel": panel,
        "slug": world.claim_published.public_slug,
    }
    unknown = [name for name in route.kwargs if values.get(name) is None]
    if unknown:
        pytest.fail(f"{route.label} ({route.route}): the test does not know how to fill {unknown}")
    return {name: values[name] for name in route.kwargs}


def path_of(route: Route, kwargs: dict) -> str:
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    if route.route.endswith("(?P<url>.*)$"):  # admin's catch-all
        return "/" + route.route.removesuffix("(?P<url>.*)$") + kwargs["url"]
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match[1]]), route.route)


def url_for(route: Route, world: World, panel: str | None = None) -> str:
    return path_of(route, kwargs_for(route, world, panel))


def with_panels(routes) -> list:
    """One pytest param per route, and per panel for the claim panel route."""
    params = []
    for route in routes:
        panels = sorted(PANELS) if "panel" in route.kwargs else [None]
        for panel in panels:
            label = f"{route.label}/{panel}" if panel else route.label
            params.append(pytest.param(route, panel, id=label))
    return params


DESK_ROUTES = [route for route in ROUTES if not is_public(route) and not is_admin(route) and not is_api(route)]
ADMIN_ROUTES = [route for route in ROUTES if is_admin(route)]
PUBLIC_ROUTES = [route for route in ROUTES if route.namespace == "checks" or route.name == "health"]


# The database, before and after


def snapshot() -> dict:
    """Every row of the claims app (its audit event tables included) and of pghistory's contexts."""
    models = [*apps.get_app_config("claims").get_models(), apps.get_model("pghistory", "Context")]
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models}


HTMX = {"HX-Request": "true"}


# The walk itself


def test_every_url_is_classified():
    unknown = [
        route.label
        for route in ROUTES
        if not is_admin(route)
        and not is_api(route)
        and not is_public(route)
        and route.name not in READS
        and route.name not in WRITES
        and route.name not in OWN_READS
        and route.name not in OWN_WRITES
    ]
    assert not unknown, f"URLs this test does not know: add them to READS, OWN_READS or WRITES: {unknown}"
    assert not [route.route for route in ROUTES if route.name is None and not is_admin(route) and not is_api(route)], (
        "unnamed URL"
    )
    assert not set(READS) & set(WRITES)
    named = set(READS) | set(WRITES) | OWN_READS | OWN_WRITES
    assert not named - set(BY_NAME), "tables name URLs that no longer exist"


def test_the_walk_finds_every_part_of_the_site():
    namespaces = {route.namespace for route in ROUTES}
    assert {"claims", "checks", "admin"} <= namespaces
    assert {"login", "logout", "health", "claims:claim-panel", "checks:detail", "admin:index"} <= set(BY_NAME)


@pytest.mark.parametrize(("route", "panel"), with_panels(DESK_ROUTES + PUBLIC_ROUTES))
def test_every_url_can_be_filled_from_real_objects(world, route, panel):
    assert resolve(url_for(route, world, panel)).view_name == route.name


# Anonymous users


def assert_sent_to_login(response, next_path: str, login: str):
    assert response.status_code == 302, f"{next_path}: {response.status_code} instead of a redirect to {login}"
    location = urlsplit(response["Location"])
    assert (location.path, parse_qs(location.query).get("next")) == (login, [next_path])


def assert_htmx_sent_to_login(response, page: str, login: str):
    """htmx gets the whole browser sent to the login page (HX-Redirect), to come back to the page it was
    on: a redirect would swap the login form into a panel."""
    assert response.status_code == 200 and "HX-Redirect" in response, f"{response.status_code}, no HX-Redirect"
    assert not response.content
    location = urlsplit(response["HX-Redirect"])
    assert (location.path, parse_qs(location.query).get("next")) == (login, [page])


def allowed_methods(name: str) -> set[str]:
    if name in READS or name in OWN_READS:
        return {"GET"}
    if name in OWN_WRITES:
        return {"POST"}
    return {"POST", "GET"} if WRITES.get(name) else {"POST"}


@pytest.mark.parametrize(("route", "panel"), with_panels(DESK_ROUTES))
def test_anonymous_users_are_sent_to_login(world, route, panel):
    path, login, page = url_for(route, world, panel), reverse("login"), reverse("claims:claim-list")
    htmx = HTMX | {"HX-Current-URL": f"http://testserver{page}"}
    before = snapshot()
    for method in ("GET", "POST"):
        send = getattr(Client(), method.lower())
        plain, from_htmx = send(path), send(path, headers=htmx)
        if method not in allowed_methods(route.name):
            assert (plain.status_code, from_htmx.status_code) == (405, 405), f"{method} {path}"
            continue
        assert_sent_to_login(plain, path, login)
        assert_htmx_sent_to_login(from_htmx, page, login)
    assert snapshot() == before


@pytest.mark.parametrize(("route", "panel"), with_panels(ADMIN_ROUTES))
def test_anonymous_users_are_sent_to_the_admin_login(db, route, panel):
    path = path_of(route, admin_kwargs(route))
    assert resolve(path).namespace == "admin"
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        if route.name == "admin:login":
            assert response.status_code == 200
        elif route.name == "admin:logout":
            assert response.status_code == 302 and response["Location"] == reverse("admin:index")
        else:
            assert_sent_to_login(response, path, reverse("admin:login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_admin_role_enters_django_admin(world, role):
    response = logged_in(world.users[role]).get(reverse("admin:index"))
    if role == "admin":
        assert response.status_code == 200
    else:
        assert_sent_to_login(response, reverse("admin:index"), reverse("admin:login"))


# Reading


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "panel"), with_panels(BY_NAME[name] for name in READS if name in BY_NAME))
def test_pages_answer_only_the_roles_that_may_read_them(world, route, panel, role):
    path = url_for(route, world, panel)
    response = logged_in(world.users[role]).get(path)
    expected = 200 if role in READS[route.name] else 403
    assert response.status_code == expected, f"{role} GET {path}: {response.status_code}, expected {expected}"


@pytest.mark.parametrize("name", sorted(OWN_READS))
def test_a_job_is_seen_by_the_person_who_asked_for_it_only(world, name):
    path, before = reverse(name, args=[world.job.pk]), snapshot()
    owner = logged_in(world.users["editor"])
    assert owner.get(path).status_code == (200 if name == "claims:job-detail" else 404)  # no file yet
    assert owner.post(path).status_code == 405
    for role in ("reviewer", "admin"):
        assert logged_in(world.users[role]).get(path).status_code == 404, role
    assert logged_in(world.users["stranger"]).get(path).status_code == 403
    assert snapshot() == before


def test_a_notification_is_marked_read_by_its_recipient_only(world):
    path, notification = reverse("claims:notification-read", args=[world.notification.pk]), world.notification
    before = snapshot()
    for role in ("reviewer", "admin"):
        assert logged_in(world.users[role]).post(path).status_code == 404, role
    assert logged_in(world.users["stranger"]).post(path).status_code == 403
    assert logged_in(world.users["editor"]).get(path).status_code == 405
    assert logged_in(world.users["editor"], enforce_csrf_checks=True).post(path).status_code == 403
    assert snapshot() == before
    assert logged_in(world.users["editor"]).post(path).status_code == 302
    assert Notification.objects.get(pk=notification.pk).read_at is not None


@pytest.mark.parametrize(("route", "panel"), with_panels(BY_NAME[name] for name in READS if name in BY_NAME))
def test_pages_refuse_post(world, route, panel):
    path, before = url_for(route, world, panel), snapshot()
    assert logged_in(world.users["admin"]).post(path, {"q": "x"}).status_code == 405
    assert snapshot() == before


# Writing: forged requests, one per thing an endpoint does, with the roles whose permissions allow it


@dataclass(frozen=True)
class Case:
    url: str
    action: str
    allowed: frozenset
    target: str | None = None  # the World attribute the pk points at, when not the route's default
    data: Callable = lambda world, user: {}
    # Bulk actions report refusals claim by claim (a batch may be partly allowed): a desk role gets the
    # list back with the refusal, not a 403. A user without any role is refused outright.
    per_claim: bool = False

    @property
    def id(self) -> str:
        return f"{self.url}:{self.action}"

    def path(self, world: World) -> str:
        return path_of(BY_NAME[self.url], kwargs_for(BY_NAME[self.url], world, pk_of=self.target))


def transition(target: str, note: str = "", duplicate_of: str | None = None) -> Callable:
    def data(world, user):
        original = getattr(world, duplicate_of).pk if duplicate_of else ""
        return {"target": target, "note": note, "duplicate_of": original}

    return data


def claim_data(world, user, **overrides) -> dict:
    data = {"text": "Exports doubled in five years.", "kind": Claim.Kind.OTHER, "priority": Claim.Priority.NORMAL}
    return data | overrides


def evidence_data(world, user) -> dict:
    prefix, evidence = f"evidence-{world.evidence.pk}", Evidence.objects.get(pk=world.evidence.pk)
    fields = {"stance": Evidence.Stance.REFUTES, "url": "https://example.org/forged", "note": "Forged."}
    return {f"{prefix}-{name}": value for name, value in {**fields, "version": evidence.version}.items()}


def bulk(action: str, claim: str, **extra) -> Callable:
    def data(world, user):
        return {"claims": [getattr(world, claim).pk], "action": action, "note": "", "assignee": "", **extra}

    return data


S = Claim.Status
CLAIM_REVIEW = json.dumps(
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checkers.example/reviews/1",
        "claimReviewed": "Forty thousand people attended.",
        "author": {"@type": "Organization", "name": "Checkers"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
).encode()
CASES = [
    Case("claims:claim-create", "create", DESK, data=claim_data),
    Case(
        "claims:claim-edit",
        "edit",
        DESK,
        "claim_new",
        lambda world, user: claim_data(world, user, version=world.fresh("claim_new").version),
    ),
    Case("claims:claim-transition", "start-research", DESK, "claim_new", transition(S.IN_RESEARCH)),
    Case("claims:claim-transition", "not-checkable", DESK, "claim_new", transition(S.NOT_CHECKABLE, "Opinion.")),
    Case("claims:claim-transition", "duplicate", DESK, "claim_new", transition(S.DUPLICATE, "", "claim_research")),
    Case("claims:claim-transition", "propose", DESK, "claim_research", transition(S.IN_REVIEW)),
    Case("claims:claim-transition", "approve", EDITORS, "claim_review", transition(S.APPROVED)),
    Case("claims:claim-transition", "send-back", EDITORS, "claim_review", transition(S.IN_RESEARCH, "Weak.")),
    Case("claims:claim-transition", "publish", EDITORS, "claim_approved", transition(S.PUBLISHED)),
    Case("claims:claim-transition", "unapprove", EDITORS, "claim_approved", transition(S.IN_RESEARCH, "Wait.")),
    Case("claims:claim-transition", "correct", EDITORS, "claim_published", transition(S.IN_RESEARCH, "Typo.")),
    Case("claims:claim-transition", "reopen", EDITORS, "claim_not_checkable", transition(S.NEW)),
    Case("claims:claim-transition", "reopen-duplicate", EDITORS, "claim_duplicate", transition(S.NEW)),
    Case("claims:claim-assign", "take", DESK, "claim_new", lambda world, user: {"assignee": user.pk}),
    Case(
        "claims:claim-assign",
        "assign-other",
        EDITORS,
        "claim_new",
        lambda world, user: {"assignee": world.claim_review.assignee_id},
    ),
    Case("claims:claim-assign", "unassign-other", EDITORS, "claim_review", lambda world, user: {"assignee": ""}),
    Case(
        "claims:verdict-save",
        "draft",
        DESK,
        "claim_new",
        lambda world, user: {"rating": default_rating().pk, "headline": "Wrong", "explanation": "Prices rose more."},
    ),
    Case(
        "claims:evidence-add",
        "add",
        DESK,
        data=lambda world, user: {"stance": Evidence.Stance.SUPPORTS, "url": "https://example.org/forged"},
    ),
    Case("claims:evidence-edit", "edit", DESK, data=evidence_data),
    Case("claims:evidence-delete", "delete", DESK),
    Case("claims:evidence-archive", "archive", DESK),  # queued: the row is marked, no request made here
    Case("claims:source-archive", "archive", DESK),
    Case("claims:comment-add", "comment", DESK, data=lambda world, user: {"body": "Forged comment."}),
    Case("claims:claim-bulk", "start-research", DESK, data=bulk("status:in_research", "claim_new"), per_claim=True),
    Case("claims:claim-bulk", "approve", EDITORS, data=bulk("status:approved", "claim_review"), per_claim=True),
    Case("claims:claim-bulk", "publish", EDITORS, data=bulk("status:published", "claim_approved"), per_claim=True),
    Case(
        "claims:claim-bulk",
        "assign-other",
        EDITORS,
        data=lambda world, user: (
            bulk("assign", "claim_new")(world, user) | {"assignee": world.claim_review.assignee_id}
        ),
        per_claim=True,
    ),
    Case(
        "claims:import",
        "paste",
        DESK,
        data=lambda world, user: {"text": "The mayor said 40,000 people attended.", "kind": "article"},
    ),
    Case(
        "claims:import-claimreview",
        "upload",
        EDITORS,
        data=lambda world, user: {"file": SimpleUploadedFile("review.json", CLAIM_REVIEW)},
    ),
    Case(
        "claims:candidate-accept",
        "accept-corrected",
        DESK,
        data=lambda world, user: {
            f"candidate-{world.candidate.pk}-text": "Unemployment fell to 4.1 percent last year.",
            f"candidate-{world.candidate.pk}-kind": Claim.Kind.QUANTITY,
        },
    ),
    Case("claims:candidate-dismiss", "dismiss", DESK),
    Case("claims:export-start", "background-export", EDITORS, data=lambda world, user: {"format": "pdf"}),
    Case("claims:claim-follow", "follow", DESK, data=lambda world, user: {"follow": "on"}),
    Case("claims:notification-read-all", "read-all", DESK),
    Case("claims:notification-settings", "mute-email", DESK, data=lambda world, user: {"email_muted": "on"}),
    Case("claims:language-settings", "choose-language", DESK, data=lambda world, user: {"language": "es"}),
    Case(
        "claims:candidates-accept",
        "accept-selected",
        DESK,
        data=lambda world, user: {"candidates": [world.candidate.pk]},
    ),
]


def refusals() -> list:
    return [
        pytest.param(case, role, id=f"{case.id}-{role}") for case in CASES for role in ROLES if role not in case.allowed
    ]


def permitted() -> list:
    return [
        pytest.param(case, role, id=f"{case.id}-{role}") for case in CASES for role in ROLES if role in case.allowed
    ]


def test_every_write_endpoint_has_forged_requests():
    assert {case.url for case in CASES} == set(WRITES)
    assert all("stranger" not in case.allowed for case in CASES)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


@pytest.mark.parametrize(("case", "role"), refusals())
def test_roles_without_the_permission_are_refused(world, case, role):
    user = world.users[role]
    client, path, data = logged_in(user), case.path(world), case.data(world, user)
    before = snapshot()
    for headers in ({}, HTMX):
        response = client.post(path, data, headers=headers)
        assert snapshot() == before, f"{role} POST {path} {data} changed the database"
        if case.per_claim and role != "stranger":
            assert response.status_code in (200, 302), f"{role} POST {path} {data}: {response.status_code}"
            assert f"Not changed: #{data['claims'][0]}:" in messages_of(response)
        else:
            assert response.status_code == 403, f"{role} POST {path} {data}: {response.status_code}, expected 403"


@pytest.mark.parametrize("url", sorted(WRITES))
def test_a_user_without_a_role_is_refused_before_the_input_is_read(world, url):
    """Empty or nonsense input from a user without a role is refused as such (403), not answered with
    the form's errors, which render the claim's panel."""
    path, before = next(case for case in CASES if case.url == url).path(world), snapshot()
    client = logged_in(world.users["stranger"])
    for data in ({}, {"target": "nonsense", "assignee": "0", "claims": "0", "action": "nonsense"}):
        response = client.post(path, data)
        assert response.status_code == 403, f"stranger POST {path} {data}: {response.status_code}, expected 403"
    assert snapshot() == before


@pytest.mark.parametrize(("case", "role"), permitted())
def test_the_same_forged_request_goes_through_for_a_role_with_the_permission(world, case, role):
    """The control: the data of the refused requests is valid, so the refusal was the role's."""
    user = world.users[role]
    path, data, before = case.path(world), case.data(world, user), snapshot()
    response = logged_in(user).post(path, data)
    assert response.status_code == 302, f"{role} POST {path} {data}: {response.status_code}"
    assert "Not changed" not in messages_of(response)
    assert snapshot() != before


@pytest.mark.parametrize("url", sorted(WRITES))
def test_get_on_a_write_endpoint_changes_nothing(world, url):
    case = next(case for case in CASES if case.url == url)
    path, before = case.path(world), snapshot()
    for role in ROLES:
        user = world.users[role]
        response = logged_in(user).get(path, case.data(world, user))
        form_roles = WRITES[url]
        expected = 405 if form_roles is None else 200 if role in form_roles else 403
        assert response.status_code == expected, f"{role} GET {path}: {response.status_code}, expected {expected}"
    assert snapshot() == before


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_writes_without_a_csrf_token_are_refused(world, case):
    user = world.users["editor"]
    client, path, data = logged_in(user, enforce_csrf_checks=True), case.path(world), case.data(world, user)
    before = snapshot()
    for headers in ({}, HTMX):
        response = client.post(path, data, headers=headers)
        assert response.status_code == 403, f"POST {path}: {response.status_code}"
        assert b"CSRF verification failed" in response.content
    assert snapshot() == before


# The public site


@pytest.mark.parametrize("route", [pytest.param(route, id=route.label) for route in PUBLIC_ROUTES])
def test_public_pages_answer_anonymous_readers(world, route):
    path, before = url_for(route, world), snapshot()
    response = Client().get(path)
    assert response.status_code == 200, f"GET {path}: {response.status_code}"
    expected = 422 if route.name in PUBLIC_WRITES else 405  # an empty tip is refused on its form
    assert Client().post(path).status_code == expected
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(PUBLIC_WRITES))
def test_public_writes_without_a_csrf_token_are_refused(world, name):
    path, before = reverse(name), snapshot()
    response = Client(enforce_csrf_checks=True).post(path, {"text": "The moon is made of cheese."})
    assert response.status_code == 403 and b"CSRF verification failed" in response.content
    assert snapshot() == before


def test_the_published_check_is_in_the_public_list_and_feed(world):
    published = world.claim_published
    assert published.get_public_url().encode() in Client().get(reverse("checks:list")).content
    assert published.get_public_url() in Client().get(reverse("checks:feed")).content.decode()


@pytest.mark.parametrize("status", ["claim_new", "claim_review", "claim_approved", "claim_not_checkable"])
def test_unpublished_claims_are_not_public(world, status):
    claim = getattr(world, status)
    response = Client().get(reverse("checks:detail", args=[claim.pk, claim.public_slug]))
    assert response.status_code == 404


def test_the_login_page_is_public(db):
    assert Client().get(reverse("login")).status_code == 200
