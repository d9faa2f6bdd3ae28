"""Reading a rendered page the way a browser would: its landmarks, links and the files it loads."""

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


class PageResources(HTMLParser):
    """Every stylesheet, script, image, frame and media source a page asks the browser for."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.stylesheets, self.scripts, self.others = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag in {"img", "iframe", "video", "audio", "source", "embed"} and attrs.get("src"):
            self.others.append(attrs["src"])

    @property
    def all(self):
        return self.stylesheets + self.scripts + self.others


def static_file(url):
    """The file behind a /static/ URL, found the way `collectstatic` would find it."""
    assert url.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, f"no static file for {url}"
    return Path(found)
