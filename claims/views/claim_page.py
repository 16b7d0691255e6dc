"""The claim page: one template whose panels (workflow, verdict, evidence, comments, timeline) are
partials. An htmx write answers 204 with a `claimChanged` event, on which every panel fetches itself
again; a plain form post redirects back to the page. Invalid input re-renders its panel with the
errors, status 422 (htmx is configured in base.html to swap 422)."""

import contextlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.forms import AssignForm, CommentForm, EvidenceForm, TransitionForm, VerdictForm, conflict_message
from claims.history import changes_since
from claims.models import Claim, Evidence, IllegalTransition
from claims.timeline import claim_timeline, name
from claims.versioning import StaleEdit
from claims.views.common import claim_changed, desk_member_required, get_claim, render_page_or_partial

TEMPLATE = "claims/claim_detail.html"
PANELS = {"workflow", "verdict", "evidence", "comments", "timeline"}


def require(user, permission: str, action: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role does not allow you to %(action)s.") % {"action": action})


def verdict_initial(verdict) -> dict:
    """A draft not yet proposed is revised in place; otherwise the form starts empty."""
    initial = {"based_on_id": getattr(verdict, "pk", None), "based_on_version": getattr(verdict, "version", None)}
    if verdict and verdict.proposed_at is None:
        initial.update(rating=verdict.rating_id, headline=verdict.headline, explanation=verdict.explanation)
    return initial


def claim_context(request, claim: Claim, **overrides) -> dict:
    verdict = claim.current_verdict
    context = {
        "claim": claim,
        "verdict": verdict,
        "transitions": claim.available_transitions(request.user),
        "assign_form": AssignForm(initial={"assignee": claim.assignee_id}),
        "can_assign_others": request.user.has_perm("claims.assign_claim"),
        "verdict_form": VerdictForm(initial=verdict_initial(verdict)),
        "can_draft": claim.status in (Claim.Status.NEW, Claim.Status.IN_RESEARCH)
        and request.user.has_perm("claims.add_verdict"),
        "older_verdicts": claim.verdicts.filter(is_current=False).select_related("rating", "author"),
        "evidence": claim.evidence.select_related("source", "added_by"),
        "evidence_form": EvidenceForm(),
        "comments": claim.comments.select_related("author"),
        "comment_form": CommentForm(),
        "timeline": lambda: claim_timeline(claim),  # templates call it, and only the panel that shows it
        "following": lambda: claim.is_followed_by(request.user),  # likewise: the workflow panel only
        "transition_error": "",
        "verdict_conflict": None,
    }
    context.update(overrides)
    return context


@require_GET
@desk_member_required
def claim_detail(request, pk: int):
    claim = get_claim(pk)
    return render(request, TEMPLATE, claim_context(request, claim))


@require_GET
@desk_member_required
def claim_panel(request, pk: int, panel: str):
    if panel not in PANELS:
        raise Http404("No such panel")
    claim = get_claim(pk)
    return render(request, f"{TEMPLATE}#{panel}", claim_context(request, claim))


def invalid(request, claim: Claim, panel: str, status: int = 422, **overrides):
    """The panel again with the errors: 422 for bad input, 409 when someone else's save came first."""
    context = claim_context(request, claim, **overrides)
    return render_page_or_partial(request, TEMPLATE, panel, context, status=status)


@require_POST
@desk_member_required
def claim_transition(request, pk: int):
    if not any(request.user.has_perm(step.permission) for step in Claim.WORKFLOW):
        raise PermissionDenied(_("Your role does not allow you to move claims through the workflow."))
    claim = get_claim(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        errors = " ".join(error for errors in form.errors.values() for error in errors)
        return invalid(request, claim, "workflow", transition_error=errors)
    target = Claim.Status(form.cleaned_data["target"])
    try:
        claim.transition(
            target, by=request.user, note=form.cleaned_data["note"], duplicate_of=form.cleaned_data["duplicate_of"]
        )
    except IllegalTransition as error:
        return invalid(request, claim, "workflow", transition_error=str(error))
    return claim_changed(request, claim, _("Moved to %(status)s.") % {"status": target.label})


@require_POST
@desk_member_required
def claim_assign(request, pk: int):
    require(request.user, "claims.research_claim", _("take or assign claims"))
    claim = get_claim(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return invalid(request, claim, "workflow", assign_form=form)
    assignee = form.cleaned_data["assignee"]
    claim.assign(assignee, by=request.user)
    return claim_changed(
        request, claim, _("Assigned to %(person)s.") % {"person": name(assignee)} if assignee else _("Unassigned.")
    )


@require_POST
@desk_member_required
def verdict_save(request, pk: int):
    require(request.user, "claims.add_verdict", _("draft verdicts"))
    claim = get_claim(pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return invalid(request, claim, "verdict", verdict_form=form)
    data = form.cleaned_data
    try:
        claim.draft_verdict(
            rating=data["rating"],
            headline=data["headline"],
            explanation=data["explanation"],
            by=request.user,
            based_on=(data["based_on_id"], data["based_on_version"]),
        )
    except IllegalTransition as error:
        form.add_error(None, str(error))
        return invalid(request, claim, "verdict", verdict_form=form)
    except StaleEdit as stale:
        conflict = changes_since(stale.instance, stale.expected_version) if stale.instance.pk else []
        form.add_error(None, conflict_message("verdict", conflict))
        return invalid(request, claim, "verdict", verdict_form=form, verdict_conflict=conflict, status=409)
    return claim_changed(request, claim, _("Verdict draft saved."))


@require_POST
@desk_member_required
def evidence_add(request, pk: int):
    require(request.user, "claims.add_evidence", _("add evidence"))
    claim = get_claim(pk)
    claim.check_editable_by(request.user)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return invalid(request, claim, "evidence", evidence_form=form)
    form.add_to(claim, by=request.user)
    return claim_changed(request, claim, _("Evidence added."))


def get_evidence(pk: int, evidence_pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("claim", "source", "added_by")
    return get_object_or_404(evidence, pk=evidence_pk, claim_id=pk)


@require_http_methods(["GET", "POST"])
@desk_member_required
def evidence_edit(request, pk: int, evidence_pk: int):
    require(request.user, "claims.change_evidence", _("edit evidence"))
    item = get_evidence(pk, evidence_pk)
    item.claim.check_editable_by(request.user)
    form = EvidenceForm(request.POST or None, instance=item, prefix=f"evidence-{item.pk}")
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(StaleEdit):
            form.save()
            return claim_changed(request, item.claim, _("Evidence updated."))
    status = (409 if form.conflict is not None else 422) if request.method == "POST" else 200
    context = {"claim": item.claim, "item": item, "form": form}
    return render_page_or_partial(request, "claims/evidence_edit.html", "evidence-form", context, status=status)


@require_POST
@desk_member_required
def evidence_delete(request, pk: int, evidence_pk: int):
    require(request.user, "claims.delete_evidence", _("remove evidence"))
    item = get_evidence(pk, evidence_pk)
    item.claim.check_editable_by(request.user)
    item.delete()
    return claim_changed(request, item.claim, _("Evidence removed."))


@require_POST
@desk_member_required
def comment_add(request, pk: int):
    require(request.user, "claims.add_comment", _("comment"))
    claim = get_claim(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return invalid(request, claim, "comments", comment_form=form)
    form.instance.claim, form.instance.author = claim, request.user
    form.save()
    return claim_changed(request, claim, _("Comment added."))


@require_POST
@desk_member_required
def claim_follow(request, pk: int):
    """Follow (`follow=on`) or unfollow a claim: followers hear when it is published."""
    claim = get_claim(pk)
    if request.POST.get("follow") == "on":
        claim.follow(request.user)
        return claim_changed(request, claim, _("You follow this claim: you will hear when it is published."))
    claim.unfollow(request.user)
    return claim_changed(request, claim, _("You no longer follow this claim."))


@require_GET
@desk_member_required
def claim_similar(request, pk: int):
    """Claims worded like this one, with a button to mark this one their duplicate."""
    claim = get_claim(pk)
    similar = Claim.objects.for_list().exclude(pk=claim.pk).similar_to_text(claim.text, language=claim.language)
    can_mark = any(step.needs_original for step in claim.available_transitions(request.user))
    context = {"similar": similar, "for_claim": claim, "can_mark_duplicate": can_mark}
    return render(request, "claims/_similar_claims.html", context)
