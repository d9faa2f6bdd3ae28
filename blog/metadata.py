"""What a page says about itself to search engines and link previews."""

import html
import re

from django.utils.html import strip_tags

DESCRIPTION_LENGTH = 200


def describe(excerpt, excerpt_html, body_html, length=DESCRIPTION_LENGTH):
    """A post's meta description as plain text: its excerpt, else its teaser, else its
    text, cut at a word boundary. Computed on save (see `Post.render`)."""
    source = excerpt.strip() or strip_tags(excerpt_html) or strip_tags(body_html)
    text = " ".join(html.unescape(source).split()) if source else ""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return re.sub(r"\s+\S*$", "", cut).rstrip(" ,.;:–—-") + "…"
