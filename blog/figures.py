"""Attachments placed from Markdown: figures, galleries, videos and downloads.

`![Our hogshead](hogshead-2003.jpg "Hogshead 2003")` names an attachment of the post by
its file name. The tree processor here replaces such references with the markup readers
get (docs/writing.md shows each form); the result still goes through the sanitiser.
A reference to a file that is not attached never reaches readers as a broken image: it
is dropped (its alt text kept) and reported in `md.missing_attachments`.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.template.defaultfilters import filesizeformat
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .uploads import normalise_filename

GALLERY_MARK = "\u0002hogshead-gallery\u0003"
# Widths the browser should pick a rendition for, matching static/css/hogshead.css.
FIGURE_SIZES = "(min-width: 44rem) 40rem, 100vw"
THUMBNAIL_SIZES = "(min-width: 44rem) 13rem, 45vw"
THUMBNAIL_WIDTH = 480
FIGURE_WIDTH = 960


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    content_type: str


@dataclass(frozen=True)
class AttachmentRef:
    """What the Markdown pipeline knows about one attachment; built from its database row."""

    url: str
    name: str = ""
    kind: str = ""  # "image", "video", "file"; empty for a bare URL
    caption: str = ""
    size: int | None = None
    width: int | None = None
    height: int | None = None
    content_type: str = ""
    renditions: tuple[Rendition, ...] = ()
    poster: "AttachmentRef | None" = None

    @property
    def fallback_type(self):
        """The format of the renditions given to browsers that do not take WebP."""
        types = [r.content_type for r in self.renditions if r.content_type != "image/webp"]
        return types[0] if types else "image/webp"

    def srcset(self, content_type):
        return ", ".join(
            f"{r.url} {r.width}w" for r in self.renditions if r.content_type == content_type
        )

    def rendition_url(self, width):
        """The smallest fallback rendition at least `width` wide, else the largest one."""
        candidates = sorted(
            (r for r in self.renditions if r.content_type == self.fallback_type),
            key=lambda r: r.width,
        )
        for rendition in candidates:
            if rendition.width >= width:
                return rendition.url
        return candidates[-1].url if candidates else self.url

    @property
    def full_url(self):
        """The whole picture: the largest rendition (no location data), else the file."""
        return self.rendition_url(10**9)


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
            self.replace(parent, paragraph, self.gallery(list(paragraph.iter("img"))))
            return
        children = list(paragraph)
        if text or not children:
            return
        if any(child.tag != "img" or not _is_blank(child.tail) for child in children):
            return
        if len(children) > 1:
            self.replace(parent, paragraph, self.gallery(children))
        else:
            self.replace(parent, paragraph, self.lone_picture(children[0]))

    def replace(self, parent, old, new):
        if new is None:
            parent.remove(old)
            return
        new.tail = old.tail
        parent[list(parent).index(old)] = new

    def lone_picture(self, img):
        src, alt, title = img.get("src", ""), img.get("alt", ""), img.get("title", "")
        ref, name = self.lookup(src)
        if name is not None and ref is None:
            return self.missing(alt)
        alt = alt or (ref.caption if ref else "")
        caption = title or alt
        if ref is not None and ref.kind == "file":
            paragraph = etree.Element("p", {"class": "download"})
            self.append_download(paragraph, ref, alt)
            return paragraph
        is_video = ref is not None and ref.kind == "video"
        media = (
            self.video(ref) if is_video else self.picture(ref, src, alt, FIGURE_SIZES, FIGURE_WIDTH)
        )
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
            link.append(self.picture(ref, src, alt, THUMBNAIL_SIZES, THUMBNAIL_WIDTH))
            if title or alt:
                etree.SubElement(figure, "figcaption").text = title or alt
        return gallery if len(gallery) else None

    # Element level: pictures and links inside text.

    def place_inline_image(self, parent, img):
        src, alt = img.get("src", ""), img.get("alt", "")
        ref, name = self.lookup(src)
        if name is not None and ref is None:
            self.replace_with_text(parent, img, alt)
            return
        if ref is not None and ref.kind == "file":
            link = etree.Element("span")
            self.append_download(link, ref, alt)
            self.replace_inline(parent, img, link)
            return
        if ref is not None and ref.kind == "video":
            self.replace_inline(parent, img, self.video(ref))
            return
        self.replace_inline(parent, img, self.picture(ref, src, alt, FIGURE_SIZES, FIGURE_WIDTH))

    def place_link(self, parent, link):
        ref, name = self.lookup(link.get("href", ""), link=True)
        if name is None:
            return
        if ref is None:
            # A link to nothing: keep its words, drop the dead link.
            self.unwrap(parent, link)
            return
        # A picture's largest rendition, not the upload: only renditions are free of GPS data.
        link.set("href", ref.full_url if ref.kind == "image" else ref.url)
        if ref.kind == "file":
            link.set("download", ref.name)
            link.set("class", "download")
            index = list(parent).index(link)
            meta = self.file_meta(ref, "".join(link.itertext()))
            meta.tail, link.tail = link.tail, None
            parent.insert(index + 1, meta)
            link.tail = " "

    def replace_inline(self, parent, old, new):
        new.tail, old.tail = old.tail, None
        parent[list(parent).index(old)] = new

    def replace_with_text(self, parent, element, text):
        text = (text or "") + (element.tail or "")
        index = list(parent).index(element)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(element)

    def unwrap(self, parent, element):
        index = list(parent).index(element)
        children = list(element)
        head = element.text or ""
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + head
        else:
            parent.text = (parent.text or "") + head
        parent.remove(element)
        for offset, child in enumerate(children):
            parent.insert(index + offset, child)
        tail = element.tail or ""
        if children:
            children[-1].tail = (children[-1].tail or "") + tail
        elif index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail

    # The markup for each kind of attachment.

    def picture(self, ref, src, alt, sizes, width):
        """An <img> with a srcset of the renditions, inside a <picture> offering WebP."""
        attributes = {"alt": alt, "loading": "lazy", "decoding": "async"}
        if ref is None or not ref.renditions:
            attributes["src"] = ref.url if ref else src
            if ref is not None and ref.width:
                attributes.update(width=str(ref.width), height=str(ref.height))
            return etree.Element("img", attributes)
        attributes.update(
            src=ref.rendition_url(width),
            width=str(ref.width),
            height=str(ref.height),
            srcset=ref.srcset(ref.fallback_type),
            sizes=sizes,
        )
        if ref.fallback_type == "image/webp":
            return etree.Element("img", attributes)
        picture = etree.Element("picture")
        etree.SubElement(
            picture,
            "source",
            {"type": "image/webp", "srcset": ref.srcset("image/webp"), "sizes": sizes},
        )
        etree.SubElement(picture, "img", attributes)
        return picture

    def video(self, ref):
        attributes = {"controls": "controls", "preload": "metadata"}
        poster = ref.poster
        if poster is not None:
            attributes["poster"] = poster.rendition_url(FIGURE_WIDTH)
            if poster.width:
                attributes.update(width=str(poster.width), height=str(poster.height))
        video = etree.Element("video", attributes)
        etree.SubElement(video, "source", {"src": ref.url, "type": ref.content_type})
        link = etree.SubElement(video, "a", {"href": ref.url, "download": ref.name})
        link.text = f"Download the video ({ref.name}, {filesizeformat(ref.size or 0)})"
        return video

    def append_download(self, parent, ref, text):
        link = etree.SubElement(
            parent, "a", {"href": ref.url, "download": ref.name, "class": "download"}
        )
        link.text = text or ref.name
        link.tail = " "
        parent.append(self.file_meta(ref, link.text))

    def file_meta(self, ref, text):
        meta = etree.Element("span", {"class": "file-meta"})
        size = filesizeformat(ref.size or 0)
        meta.text = f"({size})" if text.strip() == ref.name else f"({ref.name}, {size})"
        return meta


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
