"""Read rendered HTML the way a browser builds it: elements with their attributes."""

from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html, tag=None):
    """[(tag, attributes)] in document order, optionally only those named `tag`."""
    found = _Elements(html).elements
    return [(t, a) for t, a in found if t == tag] if tag else found


def attributes(html, tag):
    return [attrs for _, attrs in elements(html, tag)]
