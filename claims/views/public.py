"""What readers see, without logging in: published fact checks, with ClaimReview markup, and a feed."""

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims import claimreview
from claims.models import Claim, Rating, Verdict
from claims.pagination import CappedPaginator

PAGE_SIZE = 30
FEED_SIZE = 500


def organisation() -> claimreview.Organisation:
    return claimreview.Organisation(settings.ORGANISATION_NAME, settings.ORGANISATION_URL, settings.ORGANISATION_LOGO)


def published_checks():
    published_at = Verdict.objects.filter(claim=OuterRef("pk"), is_current=True).values("published_at")[:1]
    checks = Claim.objects.published().annotate(published_at=Subquery(published_at))
    return checks.filter(published_at__isnull=False).order_by("-published_at", "-id")


def review_of(request, claim: Claim) -> dict:
    verdict = claim.current_verdict
    scale = Rating.objects.filter(scale_id=verdict.rating.scale_id)
    url = request.build_absolute_uri(claim.get_public_url())
    return claimreview.claim_review(claim, verdict, scale, url=url, publisher=organisation())


@require_GET
def check_list(request):
    page = CappedPaginator(published_checks().for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/check_list.html", {"page": page, "organisation": organisation()})


@require_GET
def check_detail(request, pk: int, slug: str):
    claim = get_object_or_404(published_checks().for_list(), pk=pk)
    if slug != claim.public_slug:
        return redirect(claim.get_public_url(), permanent=True)
    verdict = claim.current_verdict
    if verdict is None or verdict.published_at is None:
        raise Http404("Not published")
    context = {
        "claim": claim,
        "verdict": verdict,
        "scale": Rating.objects.filter(scale_id=verdict.rating.scale_id),
        "evidence": claim.evidence.select_related("source"),
        "json_ld": claimreview.script_safe(review_of(request, claim)),
        "organisation": organisation(),
    }
    return render(request, "claims/check_detail.html", context)


@require_GET
def check_feed(request):
    claims = published_checks().for_list()[:FEED_SIZE]
    publisher, ratings = organisation(), {}
    reviews = []
    for claim in claims:
        scale_id = claim.current_verdict.rating.scale_id
        if scale_id not in ratings:
            ratings[scale_id] = list(Rating.objects.filter(scale_id=scale_id))
        url = request.build_absolute_uri(claim.get_public_url())
        review = claimreview.claim_review(claim, claim.current_verdict, ratings[scale_id], url=url, publisher=publisher)
        reviews.append(review)
    feed_url = request.build_absolute_uri(reverse("checks:feed"))
    feed = claimreview.data_feed(reviews, publisher=publisher, url=feed_url)
    return JsonResponse(feed, json_dumps_params={"ensure_ascii": False}, content_type="application/ld+json")
