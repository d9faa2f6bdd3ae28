"""The markup readers get for each kind of attachment: a picture with its renditions, a video
with its poster, a download with its size."""

import xml.etree.ElementTree as etree

from django.template.defaultfilters import filesizeformat

# Widths the browser should pick a rendition for, matching static/css/hogshead.css.
FIGURE_SIZES = "(min-width: 44rem) 40rem, 100vw"
THUMBNAIL_SIZES = "(min-width: 44rem) 13rem, 45vw"
THUMBNAIL_WIDTH = 480
FIGURE_WIDTH = 960


def picture(ref, src, alt, sizes, width):
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


def video(ref):
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


def append_download(parent, ref, text):
    link = etree.SubElement(
        parent, "a", {"href": ref.url, "download": ref.name, "class": "download"}
    )
    link.text = text or ref.name
    link.tail = " "
    parent.append(file_meta(ref, link.text))


def file_meta(ref, text):
    meta = etree.Element("span", {"class": "file-meta"})
    size = filesizeformat(ref.size or 0)
    meta.text = f"({size})" if text.strip() == ref.name else f"({ref.name}, {size})"
    return meta
