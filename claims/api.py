"""The JSON API (/api/): what monitoring tools and the CMS need from the desk. Requests carry an API key
(`Authorization: Bearer fc_…`, issued by admins in Django admin) and act as the key's person, with their
role; each key may make API_REQUESTS_PER_MINUTE requests a minute. Errors are JSON with a reason.
The schema is at /api/openapi.json, the interactive docs at /api/docs."""

import datetime
import re
from typing import Annotated, Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import AfterValidator, BeforeValidator

from claims import apikeys, languages
from claims.forms import ClaimForm, EvidenceForm
from claims.models import CLAIM_TEXT_MAX, EXCERPT_MAX, NOTE_MAX, Claim, Evidence, Verdict

MAX_PAGE = 200
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def written_as_a_date(value):
    """Dates and times are ISO 8601 text, as the schema says: not a number read as a Unix time."""
    if isinstance(value, int | float) or (isinstance(value, str) and NUMBER.fullmatch(value.strip())):
        raise ValueError("give an ISO 8601 date or time, e.g. 2026-11-30 or 2026-11-30T09:00:00Z")
    return value


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """Any offset ISO 8601 allows (PostgreSQL takes ±15:59 at most); no offset means UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError("that time is out of range") from None


ClaimId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # a PostgreSQL bigint
Moment = Annotated[datetime.datetime, BeforeValidator(written_as_a_date), AfterValidator(in_utc)]
Day = Annotated[datetime.date, BeforeValidator(written_as_a_date)]


class KeyAuth(HttpBearer):
    def authenticate(self, request, token):
        key = apikeys.authenticate(token)
        if key is None:
            return None
        if apikeys.over_limit(key):
            raise HttpError(429, "Too many requests with this key: wait a minute.")
        request.user = key.user
        return key


api = NinjaAPI(
    title="Factcheck API",
    version="1",
    description=__doc__,
    auth=KeyAuth(),
    urls_namespace="api",
    docs_decorator=login_required,
)


def reason(request, message: str, status: int):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, error):
    return reason(request, "Give a valid API key: Authorization: Bearer fc_…", 401)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return reason(request, str(error) or "Your role does not allow this.", 403)


@api.exception_handler(Http404)
def not_found(request, error):
    return reason(request, str(error) or "Not found.", 404)


@api.exception_handler(ValidationError)
def invalid(request, error):
    problems = [
        f"{'.'.join(str(part) for part in item.get('loc', [])[1:]) or 'body'}: {item.get('msg', 'invalid')}"
        for item in error.errors
    ]
    return api.create_response(request, {"detail": "; ".join(problems), "errors": error.errors}, status=422)


def require(request, permission: str, action: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"Your role does not allow you to {action}.")


# What the API answers with


class Rated(Schema):
    label: str
    value: int


class VerdictOut(Schema):
    id: int
    rating: Rated
    headline: str
    explanation: str
    author: str
    approved_by: str | None
    proposed_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    published_at: datetime.datetime | None
    is_current: bool


class Quantity(Schema):
    low: float | None
    high: float | None
    unit: str
    qualifier: str


class ClaimOut(Schema):
    id: int
    url: str
    text: str
    checkable_sentence: str
    kind: str
    language: str
    status: str
    origin: str
    claimant: str | None
    source_title: str | None
    source_url: str | None
    stated_on: datetime.date | None
    quantity: Quantity | None
    assignee: str | None
    priority: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    verdict: VerdictOut | None = Field(description="The current verdict, if any.")


class EvidenceOut(Schema):
    id: int
    stance: str
    url: str
    source_title: str | None
    excerpt: str
    note: str
    added_by: str
    created_at: datetime.datetime


class ClaimDetail(ClaimOut):
    evidence: list[EvidenceOut]
    verdicts: list[VerdictOut] = Field(description="Every verdict drafted, newest first.")


class ClaimPage(Schema):
    items: list[ClaimOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class PublishedVerdict(Schema):
    claim: ClaimOut
    verdict: VerdictOut


class PublishedPage(Schema):
    items: list[PublishedVerdict]
    next_cursor: str | None


class Problem(Schema):
    detail: str


def name(user) -> str | None:
    return user.username if user else None


def verdict_out(verdict: Verdict) -> dict:
    return {
        "id": verdict.pk,
        "rating": {"label": verdict.rating.label, "value": verdict.rating.value},
        "headline": verdict.headline,
        "explanation": verdict.explanation,
        "author": verdict.author.username,
        "approved_by": name(verdict.approved_by),
        "proposed_at": verdict.proposed_at,
        "approved_at": verdict.approved_at,
        "published_at": verdict.published_at,
        "is_current": verdict.is_current,
    }


def evidence_out(item: Evidence) -> dict:
    return {
        "id": item.pk,
        "stance": item.stance,
        "url": item.url,
        "source_title": item.source.title if item.source_id else None,
        "excerpt": item.excerpt,
        "note": item.note,
        "added_by": item.added_by.username,
        "created_at": item.created_at,
    }


def claim_out(request, claim: Claim) -> dict:
    has_quantity = claim.quantity_low is not None or claim.quantity_high is not None
    verdict = claim.current_verdict
    return {
        "id": claim.pk,
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "text": claim.text,
        "checkable_sentence": claim.normalized_text,
        "kind": claim.kind,
        "language": claim.language,
        "status": claim.status,
        "origin": claim.origin,
        "claimant": claim.claimant.name if claim.claimant_id else None,
        "source_title": claim.source.title if claim.source_id else None,
        "source_url": (claim.source.url or None) if claim.source_id else None,
        "stated_on": claim.stated_on,
        "quantity": {
            "low": claim.quantity_low,
            "high": claim.quantity_high,
            "unit": claim.quantity_unit,
            "qualifier": claim.quantity_qualifier,
        }
        if has_quantity
        else None,
        "assignee": name(claim.assignee),
        "priority": claim.priority,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
        "verdict": verdict_out(verdict) if verdict else None,
    }


def claims_for_api():
    return Claim.objects.for_list().select_related("source").defer("source__full_text", "source__search_vector")


# Cursors: the last row's sort key, "<microseconds since 1970>.<id>". Every string of that shape is a
# valid place to go on from, so the schema can say exactly what a cursor is.

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
CURSOR = r"^\d{1,16}\.\d{1,18}$"


def encode_cursor(moment: datetime.datetime, pk: int) -> str:
    return f"{(moment - EPOCH) // datetime.timedelta(microseconds=1)}.{pk}"


def decode_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    microseconds, pk = cursor.split(".")
    return EPOCH + datetime.timedelta(microseconds=int(microseconds)), int(pk)


# Endpoints

ClaimStatus = Literal[tuple(Claim.Status.values)]
Kind = Literal[tuple(Claim.Kind.values)]
Stance = Literal[tuple(Evidence.Stance.values)]
Origin = Literal[tuple(Claim.Origin.values)]
PROBLEMS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


class ClaimFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words from the claim, its claimant or source.")
    status: ClaimStatus | None = None
    origin: Origin | None = None
    assignee: str | None = Field(None, max_length=150, description="A username.")
    claimant: str | None = Field(None, max_length=200, description="A claimant's name, exactly (any case).")
    updated_since: Moment | None = None
    cursor: str | None = Field(None, pattern=CURSOR, description="The next_cursor of the page before.")
    limit: int = Field(50, ge=1, le=MAX_PAGE)


@api.get("/claims", response={200: ClaimPage, **PROBLEMS}, summary="List and search claims, newest change first")
def list_claims(request, filters: Query[ClaimFilters]):
    require(request, "claims.view_claim", "read claims")
    claims = claims_for_api()
    if filters.q and filters.q.strip():
        claims = claims.search(filters.q)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.origin:
        claims = claims.filter(origin=filters.origin)
    if filters.assignee:
        claims = claims.filter(assignee__username=filters.assignee)
    if filters.claimant:
        claims = claims.filter(claimant__name__iexact=filters.claimant)
    if filters.updated_since:
        claims = claims.filter(updated_at__gte=filters.updated_since)
    if filters.cursor:
        moment, pk = decode_cursor(filters.cursor)
        claims = claims.filter(Q(updated_at__lt=moment) | Q(updated_at=moment, pk__lt=pk))
    page = list(claims.order_by("-updated_at", "-id")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    cursor = encode_cursor(page[-1].updated_at, page[-1].pk) if more else None
    return {"items": [claim_out(request, claim) for claim in page], "next_cursor": cursor}


@api.get(
    "/claims/{claim_id}", response={200: ClaimDetail, **PROBLEMS}, summary="A claim with its evidence and verdicts"
)
def read_claim(request, claim_id: ClaimId):
    require(request, "claims.view_claim", "read claims")
    verdicts = Verdict.objects.select_related("rating", "author", "approved_by").order_by("-created_at", "-id")
    evidence = Evidence.objects.select_related("source", "added_by").order_by("created_at", "id")
    claims = claims_for_api().prefetch_related(
        Prefetch("verdicts", queryset=verdicts, to_attr="all_verdicts"),
        Prefetch("evidence", queryset=evidence, to_attr="all_evidence"),
    )
    claim = claims.filter(pk=claim_id).first()
    if claim is None:
        raise Http404(f"There is no claim {claim_id}.")
    return {
        **claim_out(request, claim),
        "evidence": [evidence_out(item) for item in claim.all_evidence],
        "verdicts": [verdict_out(verdict) for verdict in claim.all_verdicts],
    }


class ClaimIn(Schema):
    text: str = Field(min_length=1, max_length=CLAIM_TEXT_MAX)
    kind: Kind = "other"
    language: Literal[tuple(code for code, _ in languages.CHOICES)] = "en"
    checkable_sentence: str = Field("", max_length=CLAIM_TEXT_MAX)
    claimant: str = Field("", max_length=200, description="A name; a new one creates the claimant.")
    claimant_description: str = Field("", max_length=300)
    source_url: str = Field("", max_length=2000, description="Where it appeared; an address already on file is reused.")
    source_title: str = Field("", max_length=500, description="Needed with a source_url not on file.")
    source_publisher: str = Field("", max_length=200)
    excerpt: str = Field("", max_length=EXCERPT_MAX)
    stated_on: Day | None = None
    quantity_low: str = Field("", max_length=40, description='A number, e.g. "10,000".')
    quantity_high: str = Field("", max_length=40)
    quantity_unit: str = Field("", max_length=60)
    quantity_qualifier: Literal["", *Claim.Qualifier.values] = ""
    priority: int = Field(2, ge=1, le=4)


def form_problem(form) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())


@api.post("/claims", response={201: ClaimOut, **PROBLEMS}, summary="Create a claim (intake from another tool)")
def create_claim(request, payload: ClaimIn):
    require(request, "claims.add_claim", "create claims")
    data = payload.dict()
    form = ClaimForm(
        {
            "text": data["text"],
            "normalized_text": data["checkable_sentence"],
            "kind": data["kind"],
            "language": data["language"],
            "claimant_name": data["claimant"],
            "claimant_description": data["claimant_description"],
            "new_source_url": data["source_url"],
            "new_source_title": data["source_title"],
            "new_source_publisher": data["source_publisher"],
            "excerpt": data["excerpt"],
            "stated_on": data["stated_on"] or "",
            "quantity_low": data["quantity_low"],
            "quantity_high": data["quantity_high"],
            "quantity_unit": data["quantity_unit"],
            "quantity_qualifier": data["quantity_qualifier"],
            "priority": data["priority"],
        }
    )
    if not form.is_valid():
        return Status(422, {"detail": form_problem(form)})
    with transaction.atomic():
        form.instance.created_by = request.user
        claim = form.save()
    return Status(201, claim_out(request, claims_for_api().get(pk=claim.pk)))


class EvidenceIn(Schema):
    stance: Stance
    url: str = Field("", max_length=2000)
    excerpt: str = Field("", max_length=EXCERPT_MAX)
    note: str = Field("", max_length=NOTE_MAX)


@api.post("/claims/{claim_id}/evidence", response={201: EvidenceOut, **PROBLEMS}, summary="Add evidence to a claim")
def add_evidence(request, claim_id: ClaimId, payload: EvidenceIn):
    require(request, "claims.add_evidence", "add evidence")
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:
        raise Http404(f"There is no claim {claim_id}.")
    claim.check_editable_by(request.user)
    form = EvidenceForm(payload.dict())
    if not form.is_valid():
        return Status(422, {"detail": form_problem(form)})
    return Status(201, evidence_out(form.add_to(claim, by=request.user)))


class PublishedFilters(Schema):
    since: Moment | None = Field(None, description="Only verdicts published after this time.")
    cursor: str | None = Field(None, pattern=CURSOR, description="The next_cursor of the page before.")
    limit: int = Field(50, ge=1, le=MAX_PAGE)


@api.get(
    "/verdicts/published",
    response={200: PublishedPage, **PROBLEMS},
    summary="Verdicts published since a time, oldest first",
)
def published_verdicts(request, filters: Query[PublishedFilters]):
    require(request, "claims.view_claim", "read claims")
    verdicts = Verdict.objects.filter(published_at__isnull=False).select_related(
        "rating", "author", "approved_by", "claim", "claim__claimant", "claim__source", "claim__assignee"
    )
    if filters.since:
        verdicts = verdicts.filter(published_at__gt=filters.since)
    if filters.cursor:
        moment, pk = decode_cursor(filters.cursor)
        verdicts = verdicts.filter(Q(published_at__gt=moment) | Q(published_at=moment, pk__gt=pk))
    page = list(verdicts.order_by("published_at", "id")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    items = []
    for verdict in page:
        claim = verdict.claim
        claim.current_verdicts = [verdict] if verdict.is_current else []
        items.append({"claim": claim_out(request, claim), "verdict": verdict_out(verdict)})
    cursor = encode_cursor(page[-1].published_at, page[-1].pk) if more else None
    return {"items": items, "next_cursor": cursor}
