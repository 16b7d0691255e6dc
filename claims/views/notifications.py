"""A person's notifications: the bell in the nav (its count polled by htmx), the list with "mark read"
and "mark all read", and the choice to mute email. Each person sees and marks only their own."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from claims import user_language
from claims.models import Notification, NotificationSettings
from claims.pagination import CappedPaginator
from claims.views.common import desk_member_required

TEMPLATE = "claims/notification_list.html"
PER_PAGE = 50
CHANGED = "notificationsChanged"  # the bell fetches its count again


def own_notifications(request):
    return Notification.objects.filter(recipient=request.user)


def email_muted(user) -> bool:
    return NotificationSettings.objects.filter(user=user, email_muted=True).exists()


def list_context(request) -> dict:
    notifications = own_notifications(request).select_related("claim", "actor").defer("claim__search_vector")
    page = CappedPaginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "notifications": page.object_list,
        "email_muted": email_muted(request.user),
        "language": request.session.get(user_language.SESSION_KEY, ""),
    }


@require_GET
@desk_member_required
def notification_list(request):
    return render(request, TEMPLATE, list_context(request))


@require_GET
@desk_member_required
def notification_bell(request):
    response = render(request, "claims/_bell.html")
    response.headers["Cache-Control"] = "no-store"
    return response


def changed(request, partial: str, context: dict, message: str):
    """htmx gets the partial again and an event for the bell; a plain post goes back to the list."""
    if request.htmx:
        return trigger_client_event(render(request, f"{TEMPLATE}#{partial}", context), CHANGED)
    messages.success(request, message)
    return redirect("claims:notification-list")


@require_POST
@desk_member_required
def notification_read(request, pk: int):
    notification = get_object_or_404(own_notifications(request).select_related("claim", "actor"), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return changed(request, "notification", {"notification": notification}, _("Marked as read."))


@require_POST
@desk_member_required
def notification_read_all(request):
    own_notifications(request).mark_read()
    return changed(request, "notifications", list_context(request), _("All notifications marked as read."))


@require_POST
@desk_member_required
def notification_settings(request):
    muted = request.POST.get("email_muted") == "on"
    NotificationSettings.objects.update_or_create(user=request.user, defaults={"email_muted": muted})
    message = _("You get notifications here only, no email.") if muted else _("You get notifications by email too.")
    return changed(request, "email-settings", {"email_muted": muted}, message)


@require_POST
@desk_member_required
def language_settings(request):
    """The interface's language for this person (empty: the browser's). The whole page changes, so a
    plain post and a redirect, under htmx too."""
    language = request.POST.get("language", "")
    if language and language not in dict(settings.LANGUAGES):
        language = ""
    NotificationSettings.objects.update_or_create(user=request.user, defaults={"language": language})
    user_language.set_language(request, language)
    messages.success(request, _("Your language is saved."))
    return redirect("claims:notification-list")
