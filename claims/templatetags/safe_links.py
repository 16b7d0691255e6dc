"""Links to addresses that people typed or imported."""

from django import template

from claims.claimreview import web_url

register = template.Library()


@register.filter
def safe_href(url) -> str:
    """For `href="{{ source.url|safe_href }}"`: the address when it is a web address, else "#". A
    `javascript:` or `data:` URL stored by the admin, an import or the shell never becomes a link
    that runs; the page still shows the address as text, so that someone can correct it."""
    return web_url(str(url or "")) or "#"
