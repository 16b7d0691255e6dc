"""Small pieces of markup used on many pages. The claim row is written in Python: a list page shows
fifty of them, and through the template engine they cost more than everything else on the page."""

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from claims.models import Notification
from claims.people import name

register = template.Library()

UNREAD_SHOWN = 99  # the bell says "99+" beyond: counting further costs time and tells nothing

NOTHING = mark_safe('<span class="muted">—</span>')  # noqa: S308 (a constant)


@register.filter
def bar_step(share) -> int:
    """A bar's width in steps of 5% (the `share-N` classes of style.css): no inline style under the CSP."""
    return min(100, max(0, round(int(share) / 5) * 5))


@register.simple_tag
def status_badge(claim):
    return format_html('<span class="status status-{}">{}</span>', claim.status, claim.get_status_display())


@register.simple_tag
def rating_badge(rating):
    """A rating in its colour (the `rating-<id>` classes of /checks/ratings.css), or a dash."""
    if not rating:
        return NOTHING
    return format_html('<span class="rating rating-{}">{}</span>', rating.pk, rating.label)


@register.simple_tag
def claim_row(claim, selectable=False):
    """A claim as a row of the claim tables (claim, claimant, status, rating, assignee, updated)."""
    select = ""
    if selectable:
        select = format_html(
            '<td class="select"><input type="checkbox" name="claims" value="{0}" form="bulk-form"'
            ' aria-label="{1}"></td>',
            claim.pk,
            gettext("Select claim %(number)s") % {"number": claim.pk},
        )
    quantity = claim.quantity_display
    if quantity:
        quantity = format_html('<div class="quantity">{}</div>', quantity)
    if claim.origin == claim.Origin.READER_TIP:
        quantity = format_html('{} <span class="origin-tip">{}</span>', quantity, gettext("Reader tip"))
    claimant = NOTHING
    if claim.claimant_id:
        url = reverse("claims:claimant-detail", args=[claim.claimant_id])
        claimant = format_html('<a href="{}">{}</a>', url, claim.claimant)
    assignee = name(claim.assignee) if claim.assignee_id else "—"
    verdict = claim.current_verdict
    updated = timezone.localtime(claim.updated_at)
    return format_html(
        "<tr>{}"
        '<td><a href="{}">{}</a>{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}"><time datetime="{}">{}</time></td>'
        "</tr>",
        select,
        claim.get_absolute_url(),
        Truncator(claim.text).chars(140),
        quantity,
        gettext("Claimant"),
        claimant,
        gettext("Status"),
        status_badge(claim),
        gettext("Rating"),
        rating_badge(verdict.rating if verdict else None),
        gettext("Assignee"),
        assignee,
        gettext("Updated"),
        updated.isoformat(),
        dateformat.format(updated, "j M Y, H:i"),
    )


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The bell's count, in one query through the partial index of unread notifications."""
    unread = Notification.objects.filter(recipient=context["request"].user).unread()
    return unread.order_by()[: UNREAD_SHOWN + 1].count()
