"""What a page says about itself to search engines and link previews."""

import html
import re

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

DESCRIPTION_LENGTH = 200


# The end of a block (or a line break) separates words even where no space follows it.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|dt|dd|div|blockquote|pre|td|th|figcaption)>|<br\s*/?>)")


def _text(html_fragment):
    return strip_tags(_BLOCK_END.sub(r"\1 ", html_fragment)).strip()


def describe(excerpt, excerpt_html, body_html, length=DESCRIPTION_LENGTH):
    """A post's meta description as plain text: its excerpt, else its teaser, else its
    text, cut at a word boundary. Computed on save (see `Post.render`)."""
    source = excerpt.strip() or _text(excerpt_html) or _text(body_html)
    text = " ".join(html.unescape(source).split()) if source else ""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return re.sub(r"\s+\S*$", "", cut).rstrip(" ,.;:–—-") + "…"


def blog_posting(post, request, image=None):
    """The schema.org `BlogPosting` of a post page, for its JSON-LD block."""
    url = request.build_absolute_uri(post.get_absolute_url())
    author = post.author
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.description,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.last_revised_at.isoformat(),
        "author": {
            "@type": "Person",
            "name": author.public_name,
            "url": request.build_absolute_uri(
                reverse("blog:author_detail", kwargs={"username": author.username})
            ),
        },
        "publisher": {"@type": "Organization", "name": settings.HOGSHEAD["TITLE"]},
        "keywords": [tag.name for tag in post.sorted_tags()],
        "wordCount": post.word_count,
    }
    if image is not None:
        data["image"] = request.build_absolute_uri(image.file.url)
    return data
