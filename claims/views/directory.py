"""Sources and claimants: who said what, and where it was published."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from claims.models import Claim, Claimant, Rating, Source
from claims.pagination import CappedPaginator
from claims.views.common import desk_member_required

PAGE_SIZE = 50


@require_GET
@desk_member_required
def source_list(request):
    terms = request.GET.get("q", "").strip()
    sources = Source.objects.annotate(claim_count=Count("claims")).order_by("-created_at", "-id")
    if terms:
        sources = sources.filter(Q(title__icontains=terms) | Q(publisher__icontains=terms) | Q(url__icontains=terms))
    page = CappedPaginator(sources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/source_list.html", {"page": page, "q": terms})


@require_GET
@desk_member_required
def source_detail(request, pk: int):
    source = get_object_or_404(Source, pk=pk)
    claims = Claim.objects.for_list().filter(source=source).order_by("-updated_at", "-id")
    return render(request, "claims/source_detail.html", {"source": source, "claims": claims[:200]})


@require_GET
@desk_member_required
def claimant_list(request):
    terms = request.GET.get("q", "").strip()
    claimants = Claimant.objects.annotate(claim_count=Count("claims")).order_by("name", "id")
    if terms:
        claimants = claimants.filter(Q(name__icontains=terms) | Q(description__icontains=terms))
    page = CappedPaginator(claimants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/claimant_list.html", {"page": page, "q": terms})


@require_GET
@desk_member_required
def claimant_detail(request, pk: int):
    claimant = get_object_or_404(Claimant, pk=pk)
    claims = Claim.objects.for_list().filter(claimant=claimant).order_by("-updated_at", "-id")
    ratings = (
        Rating.objects.filter(verdicts__claim__claimant=claimant, verdicts__is_current=True)
        .annotate(count=Count("verdicts"))
        .order_by("-value")
    )
    context = {"claimant": claimant, "claims": claims[:200], "ratings": ratings}
    return render(request, "claims/claimant_detail.html", context)
