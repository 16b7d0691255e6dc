"""What readers see, without logging in: published fact checks, with ClaimReview markup, and a feed;
and the form on which they suggest a claim to check."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from claims import claimreview
from claims.forms import TipForm
from claims.models import Claim, Rating, ReaderTip, TooManyTips
from claims.pagination import CappedPaginator
from factcheck.client_ip import client_ip

PAGE_SIZE = 30
FEED_SIZE = 500


def organisation() -> claimreview.Organisation:
    return claimreview.Organisation(settings.ORGANISATION_NAME, settings.ORGANISATION_URL, settings.ORGANISATION_LOGO)


def published_checks():
    return Claim.objects.public().order_by("-published_at", "-id")


def review_of(request, claim: Claim, scale) -> dict:
    url = request.build_absolute_uri(claim.get_public_url())
    return claimreview.claim_review(claim, claim.published_verdicts[0], scale, url=url, publisher=organisation())


def corrections(claim: Claim) -> list[dict]:
    """Each earlier published verdict, with the reason it was reopened and when the correction came out."""
    reasons = claim.status_changes.filter(from_status=Claim.Status.PUBLISHED).order_by("changed_at")
    earlier = list(reversed(claim.published_verdicts[1:]))
    later = list(reversed(claim.published_verdicts[:-1]))
    return [
        {"previous": old, "corrected_at": new.published_at, "reason": reason.note}
        for old, new, reason in zip(earlier, later, reasons, strict=False)
    ]


@require_safe
def check_list(request):
    page = CappedPaginator(published_checks(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/check_list.html", {"page": page, "organisation": organisation()})


@require_safe
def check_detail(request, pk: int, slug: str):
    claim = get_object_or_404(published_checks(), pk=pk)
    if slug != claim.public_slug:
        return redirect(claim.get_public_url(), permanent=True)
    verdict = claim.published_verdicts[0]
    scale = list(Rating.objects.filter(scale_id=verdict.rating.scale_id))
    context = {
        "claim": claim,
        "verdict": verdict,
        "scale": scale,
        "corrections": corrections(claim),
        "evidence": claim.evidence.select_related("source"),
        "json_ld": claimreview.script_safe(review_of(request, claim, scale)),
        "organisation": organisation(),
    }
    return render(request, "claims/check_detail.html", context)


@require_safe
def check_feed(request):
    feed = feed_of(request, published_checks()[:FEED_SIZE])
    return JsonResponse(feed, json_dumps_params={"ensure_ascii": False}, content_type="application/ld+json")


def site_request():
    """A request for the site's own address (SITE_URL), for absolute links made outside a request."""
    site = urlsplit(settings.SITE_URL)
    return RequestFactory().get("/", HTTP_HOST=site.netloc, secure=site.scheme == "https")


def feed_of(request, claims) -> dict:
    """A DataFeed of the ClaimReviews of `claims` (from published_checks())."""
    publisher, ratings, reviews = organisation(), {}, []
    for claim in claims:
        verdict = claim.published_verdicts[0]
        scale_id = verdict.rating.scale_id
        if scale_id not in ratings:
            ratings[scale_id] = list(Rating.objects.filter(scale_id=scale_id))
        url = request.build_absolute_uri(claim.get_public_url())
        reviews.append(claimreview.claim_review(claim, verdict, ratings[scale_id], url=url, publisher=publisher))
    return claimreview.data_feed(reviews, publisher=publisher, url=request.build_absolute_uri(reverse("checks:feed")))


@require_safe
def rating_styles(request):
    """The rating colours admins choose, as classes: the CSP allows no inline style attributes.
    A database constraint keeps every colour to #rrggbb, so nothing else can reach the stylesheet."""
    rules = [
        f".rating-{pk} {{ --rating-colour: {colour}; --bar-colour: {colour}; }}"
        for pk, colour in Rating.objects.order_by("pk").values_list("pk", "colour")
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    """A reader's tip becomes a new claim in the desk's intake queue. Invalid input comes back on the
    form (422), a full hour's quota too (429), both with what was typed; a filled honeypot is thanked
    like anyone, and nothing is saved."""
    if request.method != "POST":
        return render(request, "claims/tip_form.html", {"form": TipForm()})
    form = TipForm(request.POST)
    if not form.is_valid():
        return render(request, "claims/tip_form.html", {"form": form}, status=422)
    if not form.from_a_bot:
        try:
            data = form.cleaned_data
            ReaderTip.submit(
                text=data["text"], where=data["where"], who=data["who"], email=data["email"], address=client_ip(request)
            )
        except TooManyTips:
            context = {"form": form, "too_many": settings.TIPS_PER_HOUR}
            response = render(request, "claims/tip_form.html", context, status=429)
            response["Retry-After"] = "3600"
            return response
    return redirect("checks:suggest-thanks")


@require_safe
def suggest_thanks(request):
    return render(request, "claims/tip_thanks.html", {"organisation": organisation()})
