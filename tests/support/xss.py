"""The XSS corpus and a checker that finds anything a browser could execute in a page."""

import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"


def load_payloads():
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace(r"\n", "\n") for line in lines if line and not line.startswith("#")]


PAYLOADS = load_payloads()

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data",
    "srcdoc", "codebase", "dynsrc", "lowsrc",
}  # fmt: skip
NEVER_ALLOWED_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
SAFE_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Control characters and whitespace browsers ignore inside a URL scheme.
SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def dangerous_url(value, tag):
    url = SCHEME_NOISE.sub("", value).lower()
    if url.startswith(("javascript:", "vbscript:")):
        return True
    if url.startswith("data:"):
        return not (tag == "img" and re.match(r"data:image/(png|gif|jpeg|webp);", url))
    return False


class ExecutableMarkupFinder(HTMLParser):
    """Collects every element or attribute in a page that could run script or leave the site."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = self.getpos()
        if tag in NEVER_ALLOWED_TAGS:
            self.problems.append((where, f"<{tag}>"))
        if tag == "script":
            src = attributes.get("src") or ""
            script_type = (attributes.get("type") or "").lower()
            same_origin = src.startswith("/") and not src.startswith("//")
            if not (same_origin or script_type in SAFE_SCRIPT_TYPES):
                self.problems.append((where, f"<script {attrs}>"))
        if tag == "style":
            self.problems.append((where, "<style> element"))
        stylesheet = tag == "link" and "stylesheet" in (attributes.get("rel") or "")
        if stylesheet and not (attributes.get("href") or "").startswith("/static/"):
            self.problems.append((where, f"foreign stylesheet {attributes.get('href')}"))
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append((where, "<meta http-equiv=refresh>"))
        if tag == "form":
            action = attributes.get("action") or ""
            if action and not action.startswith(("/", "?", "http://testserver/")):
                self.problems.append((where, f"form posting to {action}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((where, f"event handler {name}={value!r} on <{tag}>"))
            if name in URL_ATTRIBUTES and value and dangerous_url(value, tag):
                self.problems.append((where, f"{name}={value!r} on <{tag}>"))
            if name == "style" and value and re.search(r"url\(|expression\(|javascript:", value):
                self.problems.append((where, f"style={value!r} on <{tag}>"))


def executable_markup(html):
    finder = ExecutableMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
