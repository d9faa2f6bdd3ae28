"""Pictures and links in an old engine's HTML, turned into the Markdown our pipeline reads.

The Markdown contracts (see docs/migrating.md): a paragraph holding one image with alt text
or a title is a figure (caption: the title, else the alt text); a fenced block with the info
string `gallery` holds one image per line; an attachment is referred to by its bare file name.
Raw HTML is left to the sanitiser, but pictures inside it would not find their attachment, so
they are rewritten as Markdown.
"""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from django.utils.html import strip_tags

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif")

PICTURE_RE = re.compile(
    r"<figure\b[^>]*>.*?</figure>"
    r"|<a\b[^>]*>\s*<img\b[^>]*>\s*</a>"
    r"|<img\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
A_OPEN_RE = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
ANCHOR_RE = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
FIGCAPTION_RE = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
WRAPPING_P_RE = re.compile(r"^\s*<p\b[^>]*>(.*)</p>\s*$", re.IGNORECASE | re.DOTALL)


class _AttributeParser(HTMLParser):
    def handle_starttag(self, tag, attrs):
        self.attributes = {name: value or "" for name, value in attrs}


def attributes(tag):
    """The attributes of one start tag, entities decoded."""
    parser = _AttributeParser()
    parser.attributes = {}
    parser.feed(tag)
    parser.close()
    return parser.attributes


def text_of(html):
    return " ".join(unescape(strip_tags(html)).split())


@dataclass
class Picture:
    reference: str
    alt: str = ""
    title: str = ""

    def markdown(self):
        alt = self.alt.replace("[", r"\[").replace("]", r"\]")
        title = self.title.replace('"', "&quot;")
        suffix = f' "{title}"' if title else ""
        return f"![{alt}]({self.reference}{suffix})"


def gallery(pictures):
    lines = "\n".join(picture.markdown() for picture in pictures)
    return f"```gallery\n{lines}\n```"


def is_image(reference):
    return reference.lower().split("?")[0].endswith(IMAGE_SUFFIXES)


def picture_from_html(html, resolve):
    """A Picture from `<img>`, `<a><img></a>` or `<figure>…</figure>`, and whether its file
    is one `resolve` knows (an attachment). A link around a thumbnail wins when it points
    at a picture: it is the full-size file. HTML without an `<img>` (a block-editor figure
    holding an embed, a video or only a caption) is no picture: (None, False)."""
    tag = IMG_RE.search(html)
    if tag is None:
        return None, False
    img = attributes(tag.group(0))
    source = img.get("src", "")
    anchor = A_OPEN_RE.search(html)
    href = attributes(anchor.group(0)).get("href", "") if anchor else ""
    reference = resolve(href) if is_image(href) else None
    if reference is None:
        reference = resolve(source)
    caption = FIGCAPTION_RE.search(html)
    title = text_of(caption.group(1)) if caption else img.get("title", "")
    picture = Picture(reference or source, alt=img.get("alt", ""), title=title)
    return picture, reference is not None


def convert_pictures(chunk, resolve):
    """Rewrite the pictures (and links to files) of one block of text.

    Returns the new text and whether raw HTML was left that still refers to our files.
    A block that is nothing but pictures becomes a figure (one) or a gallery (several).
    """
    found = [(m, *picture_from_html(m.group(0), resolve)) for m in PICTURE_RE.finditer(chunk)]
    found = [(m, picture, ours) for m, picture, ours in found if picture is not None]
    if any(ours for _, _, ours in found):
        leftover = text_of(PICTURE_RE.sub("", chunk))
        if not leftover and chunk.lstrip().startswith("<"):
            pictures = [picture for _, picture, _ in found]
            return (pictures[0].markdown() if len(pictures) == 1 else gallery(pictures)), False
        chunk = PICTURE_RE.sub(
            lambda m: (
                picture_from_html(m.group(0), resolve)[0].markdown()
                if IMG_RE.search(m.group(0))
                else m.group(0)
            ),
            chunk,
        )
    chunk = ANCHOR_RE.sub(lambda m: _markdown_link(m, resolve), chunk)
    wrapped = WRAPPING_P_RE.match(chunk)
    if wrapped and "<" not in wrapped.group(1).replace("<!--", ""):
        chunk = wrapped.group(1).strip()
    leftover_raw = chunk.lstrip().startswith("<") and bool(
        re.search(r"\]\(|<img\b", chunk) and any(ours for _, _, ours in found)
    )
    return chunk, leftover_raw


def _markdown_link(match, resolve):
    href = attributes(A_OPEN_RE.match(match.group(0)).group(0)).get("href", "")
    reference = resolve(href)
    if reference is None:
        return match.group(0)
    label = text_of(match.group(1)).replace("[", r"\[").replace("]", r"\]") or reference
    return f"[{label}]({reference})"


def blocks(text):
    """Split Markdown into (block, is_code) at blank lines, keeping fenced code whole."""
    result, current, fence = [], [], None
    for line in text.split("\n"):
        opening = FENCE_RE.match(line)
        if fence is None and opening:
            if current:
                result.append(("\n".join(current), False))
            current, fence = [line], opening.group(1)
            continue
        if fence is not None:
            current.append(line)
            if _closes(line, fence):
                result.append(("\n".join(current), True))
                current, fence = [], None
            continue
        if not line.strip():
            if current:
                result.append(("\n".join(current), False))
            current = []
            result.append(("", False))
            continue
        current.append(line)
    if current:
        result.append(("\n".join(current), fence is not None))
    return result


def _closes(line, fence):
    closing = FENCE_RE.match(line)
    return bool(
        closing
        and closing.group(1)[0] == fence[0]
        and len(closing.group(1)) >= len(fence)
        and line.strip() == closing.group(1)
    )


def join_blocks(parts):
    """The inverse of `blocks`: its empty entries stand for the blank lines."""
    return "\n".join(block for block, _ in parts)


def convert_text(text, resolve, rewrite=None):
    """Pictures and file links of every non-code block rewritten; `rewrite(block)` may change
    a block further. Returns the text and the number of raw-HTML blocks left referring to
    our files (reported: their pictures may not show)."""
    parts, left_raw = [], 0
    for block, is_code in blocks(text):
        if not is_code and block:
            block, raw = convert_pictures(block, resolve)
            left_raw += raw
            if rewrite:
                block = rewrite(block)
        parts.append((block, is_code))
    return join_blocks(parts), left_raw
