"""What tests that talk to the app over HTTP share: logged-in clients, admin addresses, form fields."""

import re
import tempfile

from django.test import Client, override_settings
from django.urls import reverse

HTMX = {"HX-Request": "true"}
# The demo users' password in tests that log in through the login form.
DEMO_PASSWORD = "demo-password-42"


def logged_in(user, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def hidden_inputs(page: str) -> dict:
    """The hidden fields a page's forms carry (CSRF token, versions, management forms)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def exported(client: Client, **params) -> bytes:
    """A verdict report as an editor gets it: downloaded at once, or (a PDF, a large selection) prepared
    in the background, its task run here and now, and downloaded from its job page."""
    response = client.get(reverse("claims:export"), params)
    assert response.status_code == 200, response.content[:300]
    if "Content-Disposition" in response:
        return b"".join(response.streaming_content) if response.streaming else response.content
    assert f'action="{reverse("claims:export-start")}"' in response.text, "neither a file nor an offer to prepare it"
    with tempfile.TemporaryDirectory() as media, override_settings(TASKS=IMMEDIATE_TASKS, MEDIA_ROOT=media):
        started = client.post(reverse("claims:export-start"), params)
        assert started.status_code == 302, started.content[:300]
        job_page = client.get(started.url).text
        link = re.search(r'href="([^"]+/download/)"', job_page)
        assert link, job_page
        return b"".join(client.get(link[1]).streaming_content)
