"""The interface's language: the one a person chose (NotificationSettings.language), else the browser's.

Django's LocaleMiddleware picks the browser's language (the `django_language` cookie set by the public
pages' language form, else Accept-Language). UserLanguageMiddleware then puts the chosen language of a
logged-in person over it. The choice is copied into the session at login, so a page costs no query for it.
"""

from django.conf import settings
from django.utils import translation

SESSION_KEY = "user_language"


def chosen_language(user) -> str:
    """The language the person chose, or "" for the browser's."""
    from claims.models import NotificationSettings

    row = NotificationSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return row or ""


def remember_language(sender, request, user, **kwargs):
    """At login (the user_logged_in signal): the person's choice, kept in the session."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = chosen_language(user)


def set_language(request, language: str) -> None:
    """A new choice, for the rest of this request and the session."""
    request.session[SESSION_KEY] = language
    activate(request, language or translation.get_language_from_request(request))


def activate(request, language: str) -> None:
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UserLanguageMiddleware:
    """After AuthenticationMiddleware: a logged-in person's chosen language, over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if SESSION_KEY not in request.session:  # a session opened before languages could be chosen
                request.session[SESSION_KEY] = chosen_language(request.user)
            activate(request, request.session[SESSION_KEY])
        return self.get_response(request)
