"""The address a request came from, for login throttling."""

from django.conf import settings


def client_ip(request) -> str:
    """Behind our TLS proxy, the address the proxy appended to X-Forwarded-For: the rightmost entry
    (entries to its left come from the client, who can write anything there). Otherwise the peer."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
