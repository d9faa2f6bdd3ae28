"""Pictures a screen-reader user would miss: images in a post's HTML without a description."""

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class _Images(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.undescribed = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and not (attrs.get("alt") or "").strip():
            self.undescribed.append(attrs.get("src") or "")


def images_without_alt_text(html, names_by_url=None):
    """Names of the pictures in `html` whose alt text is missing or blank, in order.

    `names_by_url` maps the URLs of a post's files (renditions included) to the names the
    author knows them by; any other picture is named by the last part of its address.
    """
    parser = _Images()
    parser.feed(html)
    parser.close()
    names = []
    for src in parser.undescribed:
        name = (names_by_url or {}).get(src) or unquote(posixpath.basename(urlsplit(src).path))
        name = name or "a picture without an address"
        if name not in names:
            names.append(name)
    return names
