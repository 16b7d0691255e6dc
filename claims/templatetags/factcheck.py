from django import template

register = template.Library()


@register.filter
def bar_step(share) -> int:
    """A bar's width in steps of 5% (the `share-N` classes of style.css): no inline style under the CSP."""
    return min(100, max(0, round(int(share) / 5) * 5))
