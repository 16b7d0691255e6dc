from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has ended would swap the login page into a panel. Send the
    whole browser to the login page instead, to come back to the page the person was on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.htmx and response.status_code == 302 and response.url.startswith(login_url + "?"):
            back_to = request.htmx.current_url_abs_path or "/"
            return HttpResponseClientRedirect(f"{login_url}?{urlencode({'next': back_to})}")
        return response
