"""The Markdown pipeline: Markdown to HTML, attachments placed (blog.content.figures), then
the sanitiser.

It runs when a post is saved, never while a reader waits. Its output is the only
HTML the templates mark safe, so everything it returns has been through bleach.
"""

import re

import bleach
import markdown
from django.utils.html import linebreaks, strip_tags
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from .figures import AttachmentExtension

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
        "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul", "var", "video",
    }
)  # fmt: skip
_HEADING_ATTRIBUTES = ["id", "class"]
_SRCSET_URL = re.compile(r"^(?:/(?!/)|https?://)\S+$")
_ENUMERATED = {
    "loading": {"lazy", "eager"},
    "decoding": {"async", "sync", "auto"},
    "preload": {"none", "metadata", "auto"},
    "controls": {"", "controls"},
}


def _safe_srcset(value):
    """Every candidate of a srcset is a site path or an http(s) URL (no javascript:, data:)."""
    candidates = [candidate.strip().split() for candidate in value.split(",")]
    return all(parts and _SRCSET_URL.match(parts[0]) for parts in candidates)


def _media_attribute(allowed):
    def check(tag, name, value):
        if name == "srcset":
            return _safe_srcset(value)
        if name in _ENUMERATED:
            return value in _ENUMERATED[name]
        return name in allowed

    return check


ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "class", "id", "rel", "download"],
    "abbr": ["title"],
    "code": ["class"],
    "div": ["class", "id"],
    "h1": _HEADING_ATTRIBUTES,
    "h2": _HEADING_ATTRIBUTES,
    "h3": _HEADING_ATTRIBUTES,
    "h4": _HEADING_ATTRIBUTES,
    "h5": _HEADING_ATTRIBUTES,
    "h6": _HEADING_ATTRIBUTES,
    "figure": ["class"],
    "img": _media_attribute(
        {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"}
    ),
    "li": ["id"],
    "ol": ["start"],
    "p": ["class"],
    "pre": ["class"],
    "span": ["class"],
    "source": _media_attribute({"src", "srcset", "sizes", "type"}),
    "sup": ["id"],
    "td": ["align", "colspan", "rowspan"],
    "th": ["align", "colspan", "rowspan", "scope"],
    "ul": ["class"],
    "video": _media_attribute({"controls", "preload", "poster", "width", "height"}),
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


class _FirstParagraph(Treeprocessor):
    """Keeps the first top-level paragraph, the teaser of a post without a `<!-- more -->`."""

    def run(self, root):
        self.md.first_paragraph = ""
        for element in root:
            raw_html = len(element) == 0 and HTML_PLACEHOLDER_RE.fullmatch(
                (element.text or "").strip()
            )
            if element.tag == "p" and not raw_html:
                self.md.first_paragraph = self.md.serializer(element)
                return


class FirstParagraphExtension(Extension):
    def extendMarkdown(self, md):
        md.first_paragraph = ""  # Markdown skips the tree processors for an empty text.
        md.treeprocessors.register(_FirstParagraph(md), "hogshead_first_paragraph", 0)


# Markdown passes an HTML comment through untouched, and escapes one inside code.
MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def _markdown_converter(attachments, footnote_prefix):
    return markdown.Markdown(
        extensions=[
            "fenced_code",
            "codehilite",
            "tables",
            "footnotes",
            "toc",
            "sane_lists",
            AttachmentExtension(attachments),
            FirstParagraphExtension(),
        ],
        extension_configs={
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "tables": {"use_align_attribute": True},
            "toc": {"permalink": "#", "permalink_class": "headerlink"},
            # Several posts share the front page; their footnote ids must not collide.
            "footnotes": {"SEPARATOR": f":{footnote_prefix}-" if footnote_prefix else ":"},
        },
        output_format="html",
    )


# Pygments wraps every run of spaces in code in a span of its own; a long shell session gains
# kilobytes of markup that changes nothing a reader sees.
_WHITESPACE_SPAN = re.compile(r'<span class="w">(\s*)</span>')


def sanitize(html):
    return _WHITESPACE_SPAN.sub(r"\1", _cleaner.clean(html))


def render_markdown(text, attachment_urls=None, footnote_prefix=""):
    """Return sanitised HTML for Markdown `text`.

    `attachment_urls` maps a file name as the author writes it (`hogshead.jpg`) to a
    `blog.content.references.AttachmentRef` (or simply to the URL the browser should load);
    `footnote_prefix` (the post's slug) keeps footnote anchors unique on a page
    showing several posts.
    """
    html = _markdown_converter(attachment_urls or {}, footnote_prefix).convert(text)
    return sanitize(html)


class RenderedPost(dict):
    """The fields to store, plus what the author should hear about (not stored)."""

    missing_attachments = ()


def render_post(body, excerpt="", attachment_urls=None, footnote_prefix=""):
    """Everything a post derives from its text, as the fields to store.

    The excerpt is the author's own (plain text), else the Markdown before a
    `<!-- more -->` line, else the first paragraph; it is empty when it would be
    the whole post, so listings know there is nothing more to read.
    `attachment_urls` is as for `render_markdown`; `.missing_attachments` of the
    result lists the file names referred to but not attached.
    """
    converter = _markdown_converter(attachment_urls or {}, footnote_prefix)
    html = converter.convert(body)
    body_html = sanitize(html)
    if excerpt.strip():
        excerpt_html = linebreaks(excerpt, autoescape=True)
    elif MORE_MARKER.search(html):
        excerpt_html = sanitize(MORE_MARKER.split(html, maxsplit=1)[0])
    else:
        teaser = converter.first_paragraph
        for postprocessor in converter.postprocessors:
            teaser = postprocessor.run(teaser)
        excerpt_html = sanitize(teaser)
    if excerpt_html.strip() == body_html.strip():
        excerpt_html = ""
    rendered = RenderedPost(
        body_html=body_html,
        excerpt_html=excerpt_html,
        word_count=len(strip_tags(body_html).split()),
    )
    rendered.missing_attachments = list(converter.missing_attachments)
    return rendered
