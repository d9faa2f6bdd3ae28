import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Bleach quotes every attribute value with double quotes, so a quoted value may hold ">".
_LAZY_IMAGE = re.compile(r'<img\b(?:[^>"]|"[^"]*")*\bloading="lazy"(?:[^>"]|"[^"]*")*>')


@register.filter
def eager_first_picture(html):
    """Sanitised post HTML with its first picture loading at once: it is probably on screen,
    and a lazy first picture delays the page's largest paint. Only removes attributes."""
    match = _LAZY_IMAGE.search(html)
    if match is None:
        return mark_safe(html)  # noqa: S308 - body_html/excerpt_html, sanitised on save
    tag = match.group(0).replace(' loading="lazy"', "").replace(' decoding="async"', "")
    return mark_safe(html[: match.start()] + tag + html[match.end() :])  # noqa: S308


@register.filter
def has_gallery(html):
    """Whether sanitised post HTML (or a list of articles) shows a gallery: only such pages
    load the lightbox script."""
    parts = [html] if isinstance(html, str) else html
    return any('class="gallery-link"' in part for part in parts)
