from django import template

from ..archives import archive_months

register = template.Library()

FOOTER_MONTHS = 12


@register.inclusion_tag("blog/partials/archive_months.html")
def archive_months_nav(limit=FOOTER_MONTHS):
    """The latest months with published posts, with counts, and a link to the archive."""
    return {"months": archive_months()[:limit]}
