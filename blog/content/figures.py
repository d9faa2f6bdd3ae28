"""Attachments placed from Markdown: figures, galleries, videos and downloads.

`![Our hogshead](hogshead-2003.jpg "Hogshead 2003")` names an attachment of the post by
its file name. The tree processor here replaces such references with the markup readers
get (docs/writing.md shows each form); the result still goes through the sanitiser.
A reference to a file that is not attached never reaches readers as a broken image: it
is dropped (its alt text kept) and reported in `md.missing_attachments`.
"""

import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote, urlsplit

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from blog.media.filenames import normalise_filename

from .figure_markup import (
    FIGURE_SIZES,
    FIGURE_WIDTH,
    THUMBNAIL_SIZES,
    THUMBNAIL_WIDTH,
    append_download,
    file_meta,
    picture,
    video,
)
from .references import AttachmentRef
from .tree_edits import replace_block, replace_inline, replace_with_text, unwrap

GALLERY_MARK = "\u0002hogshead-gallery\u0003"


class GalleryFencePreprocessor(Preprocessor):
    """Turns a ```gallery fenced block into one paragraph the tree processor recognises.

    Runs before fenced_code, so it also skips over other fenced blocks: a gallery shown
    as an example inside a code block stays code.
    """

    FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")

    def run(self, lines):
        output, index = [], 0
        while index < len(lines):
            match = self.FENCE.match(lines[index])
            if not match:
                output.append(lines[index])
                index += 1
                continue
            fence = match["fence"]
            end = index + 1
            while end < len(lines) and not re.match(
                rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", lines[end]
            ):
                end += 1
            block = lines[index : end + 1]
            if match["info"].lower() == "gallery":
                images = [line for line in block[1:-1] if line.strip()]
                if end == len(lines):
                    images = [line for line in block[1:] if line.strip()]
                output += ["", GALLERY_MARK, *images, ""]
            else:
                output += block
            index = end + 1
        return output


def _is_blank(text):
    return not (text or "").strip()


def _local_reference(target, *, link=False):
    """The attachment name an `src`/`href` names, or None for a URL or an anchor."""
    if not target or target.startswith(("/", "#", "?")):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:  # not a well-formed URL, and no file name either
        return None
    if parts.scheme or parts.netloc or parts.query or parts.fragment:
        return None
    name = unquote(parts.path)
    if link and ("/" in name or "." not in name.strip(".")):
        return None  # a relative link to a page, not a file
    return name


class _AttachmentPlacement(Treeprocessor):
    def __init__(self, md, attachments):
        super().__init__(md)
        self.attachments = {
            name: ref if isinstance(ref, AttachmentRef) else AttachmentRef(url=ref, name=name)
            for name, ref in attachments.items()
        }
        self.by_normal_name = {
            normalise_filename(name): ref for name, ref in self.attachments.items()
        }

    def lookup(self, target, *, link=False):
        """(reference, name): a found attachment, or (None, name) for a missing one,
        or (None, None) for a target that is not an attachment name at all."""
        name = _local_reference(target, link=link)
        if name is None:
            return None, None
        ref = self.attachments.get(name) or self.by_normal_name.get(normalise_filename(name))
        if ref is None and name not in self.md.missing_attachments:
            self.md.missing_attachments.append(name)
        return ref, name

    def run(self, root):
        self.md.missing_attachments = []
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "p":
                    self.place_paragraph(parent, child)
        for parent in list(root.iter()):
            for child in reversed(list(parent)):
                if child.tag == "img" and child.get("loading") is None:
                    self.place_inline_image(parent, child)
                elif child.tag == "a" and "download" not in child.attrib:
                    self.place_link(parent, child)

    # Block level: a paragraph that holds only pictures.

    def place_paragraph(self, parent, paragraph):
        text = (paragraph.text or "").strip()
        if text.startswith(GALLERY_MARK):
            replace_block(parent, paragraph, self.gallery(list(paragraph.iter("img"))))
            return
        children = list(paragraph)
        if text or not children:
            return
        if any(child.tag != "img" or not _is_blank(child.tail) for child in children):
            return
        if len(children) > 1:
            replace_block(parent, paragraph, self.gallery(children))
        else:
            replace_block(parent, paragraph, self.lone_picture(children[0]))

    def lone_picture(self, img):
        src, alt, title = img.get("src", ""), img.get("alt", ""), img.get("title", "")
        ref, name = self.lookup(src)
        if name is not None and ref is None:
            return self.missing(alt)
        alt = alt or (ref.caption if ref else "")
        caption = title or alt
        if ref is not None and ref.kind == "file":
            paragraph = etree.Element("p", {"class": "download"})
            append_download(paragraph, ref, alt)
            return paragraph
        is_video = ref is not None and ref.kind == "video"
        media = video(ref) if is_video else picture(ref, src, alt, FIGURE_SIZES, FIGURE_WIDTH)
        if not caption and not is_video:
            paragraph = etree.Element("p")
            paragraph.append(media)
            return paragraph
        figure = etree.Element("figure", {"class": "video"} if is_video else {})
        figure.append(media)
        if caption:
            etree.SubElement(figure, "figcaption").text = caption
        return figure

    def missing(self, alt):
        paragraph = etree.Element("p")
        paragraph.text = alt
        return paragraph

    def gallery(self, images):
        gallery = etree.Element("ul", {"class": "gallery"})
        for img in images:
            src, alt, title = img.get("src", ""), img.get("alt", ""), img.get("title", "")
            ref, name = self.lookup(src)
            if name is not None and ref is None:
                continue
            if ref is not None and ref.kind in {"file", "video"}:
                continue
            alt = alt or (ref.caption if ref else "")
            figure = etree.SubElement(etree.SubElement(gallery, "li"), "figure")
            link = etree.SubElement(
                figure, "a", {"href": ref.full_url if ref else src, "class": "gallery-link"}
            )
            link.append(picture(ref, src, alt, THUMBNAIL_SIZES, THUMBNAIL_WIDTH))
            if title or alt:
                etree.SubElement(figure, "figcaption").text = title or alt
        return gallery if len(gallery) else None

    # Element level: pictures and links inside text.

    def place_inline_image(self, parent, img):
        src, alt = img.get("src", ""), img.get("alt", "")
        ref, name = self.lookup(src)
        if name is not None and ref is None:
            replace_with_text(parent, img, alt)
            return
        if ref is not None and ref.kind == "file":
            link = etree.Element("span")
            append_download(link, ref, alt)
            replace_inline(parent, img, link)
            return
        if ref is not None and ref.kind == "video":
            replace_inline(parent, img, video(ref))
            return
        replace_inline(parent, img, picture(ref, src, alt, FIGURE_SIZES, FIGURE_WIDTH))

    def place_link(self, parent, link):
        ref, name = self.lookup(link.get("href", ""), link=True)
        if name is None:
            return
        if ref is None:
            # A link to nothing: keep its words, drop the dead link.
            unwrap(parent, link)
            return
        # A picture's largest rendition, not the upload: only renditions are free of GPS data.
        link.set("href", ref.full_url if ref.kind == "image" else ref.url)
        if ref.kind == "file":
            link.set("download", ref.name)
            link.set("class", "download")
            index = list(parent).index(link)
            meta = file_meta(ref, "".join(link.itertext()))
            meta.tail, link.tail = link.tail, None
            parent.insert(index + 1, meta)
            link.tail = " "


class AttachmentExtension(Extension):
    """Places the post's attachments; `attachments` maps a file name to an AttachmentRef
    (or, for callers that only know URLs, to a URL string)."""

    def __init__(self, attachments):
        super().__init__()
        self.attachments = attachments

    def extendMarkdown(self, md):
        md.missing_attachments = []
        md.preprocessors.register(GalleryFencePreprocessor(md), "hogshead_gallery", 27)
        md.treeprocessors.register(
            _AttachmentPlacement(md, self.attachments), "hogshead_attachments", 5
        )
