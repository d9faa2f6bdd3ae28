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
            path = urlsplit(attrs.get("src") or "").path
            name = unquote(posixpath.basename(path)) or "(a picture without an address)"
            if name not in self.undescribed:
                self.undescribed.append(name)


def images_without_alt_text(html):
    """File names of the pictures in `html` whose alt text is missing or blank, in order."""
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.undescribed
