"""What tests that talk to the app over HTTP share: logged-in clients, admin addresses, form fields."""

import re

from django.test import Client
from django.urls import reverse

HTMX = {"HX-Request": "true"}


def logged_in(user, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def hidden_inputs(page: str) -> dict:
    """The hidden fields a page's forms carry (CSRF token, versions, management forms)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
