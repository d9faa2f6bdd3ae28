import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blog.reading.archives import archive_months
from httpcache import content_cache

register = template.Library()

FOOTER_MONTHS = 12


@register.simple_tag
def archive_months_nav(limit=FOOTER_MONTHS):
    """The latest months with published posts, with counts, and a link to the archive.

    Every page's footer shows it and it changes only with the content: rendered once per
    content version (its dozen dates and URLs were a third of a warm front page's time).
    """
    return content_cache.content.get_or_compute(
        f"archive-months-nav:{limit}:{settings.TIME_ZONE}",
        lambda: render_to_string(
            "blog/partials/archive_months.html", {"months": archive_months()[:limit]}
        ),
    )


@register.simple_tag(takes_context=True)
def absolute_uri(context, location=None):
    """`location` (default: this page's path, without its query string) as a full URL."""
    request = context.get("request")
    if request is None:
        return location or ""
    return request.build_absolute_uri(location or request.path)


# As in django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """`data` as a `<script type="application/ld+json">` block (data, never executed)."""
    escaped = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(escaped),  # noqa: S308 - JSON with <, > and & escaped
    )
