"""The Markdown pipeline: Markdown to HTML, attachment names to URLs, then the sanitiser.

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

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "var",
    }
)  # fmt: skip
_HEADING_ATTRIBUTES = ["id", "class"]
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "class", "id", "rel"],
    "abbr": ["title"],
    "code": ["class"],
    "div": ["class", "id"],
    "h1": _HEADING_ATTRIBUTES,
    "h2": _HEADING_ATTRIBUTES,
    "h3": _HEADING_ATTRIBUTES,
    "h4": _HEADING_ATTRIBUTES,
    "h5": _HEADING_ATTRIBUTES,
    "h6": _HEADING_ATTRIBUTES,
    "img": ["src", "alt", "title", "width", "height"],
    "li": ["id"],
    "ol": ["start"],
    "pre": ["class"],
    "span": ["class"],
    "sup": ["id"],
    "td": ["align", "colspan", "rowspan"],
    "th": ["align", "colspan", "rowspan", "scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


class _AttachmentReferences(Treeprocessor):
    """Points `![alt](name.jpg)` and `[text](name.patch)` at the post's attachment URLs."""

    def __init__(self, md, urls):
        super().__init__(md)
        self.urls = urls

    def run(self, root):
        for element in root.iter():
            attribute = {"img": "src", "a": "href"}.get(element.tag)
            if attribute is None:
                continue
            url = self.urls.get(element.get(attribute, ""))
            if url:
                element.set(attribute, url)


class AttachmentReferenceExtension(Extension):
    def __init__(self, urls):
        super().__init__()
        self.urls = urls

    def extendMarkdown(self, md):
        md.treeprocessors.register(_AttachmentReferences(md, self.urls), "hogshead_attachments", 5)


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


def _markdown_converter(attachment_urls, footnote_prefix):
    return markdown.Markdown(
        extensions=[
            "fenced_code",
            "codehilite",
            "tables",
            "footnotes",
            "toc",
            "sane_lists",
            AttachmentReferenceExtension(attachment_urls),
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

    `attachment_urls` maps a file name as the author writes it (`hogshead.jpg`)
    to the URL the reader's browser should load; `footnote_prefix` (the post's
    slug) keeps footnote anchors unique on a page showing several posts.
    """
    html = _markdown_converter(attachment_urls or {}, footnote_prefix).convert(text)
    return sanitize(html)


def render_post(body, excerpt="", attachment_urls=None, footnote_prefix=""):
    """Everything a post derives from its text, as the fields to store.

    The excerpt is the author's own (plain text), else the Markdown before a
    `<!-- more -->` line, else the first paragraph; it is empty when it would be
    the whole post, so listings know there is nothing more to read.
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
    return {
        "body_html": body_html,
        "excerpt_html": excerpt_html,
        "word_count": len(strip_tags(body_html).split()),
    }
