"""What a strict Content-Security-Policy forbids, found in a page's HTML."""

from html.parser import HTMLParser


class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "nonce" in attributes:
            return
        # JSON data blocks (JSON-LD) are never executed, and CSP does not apply to them.
        data_block = (attributes.get("type") or "").lower() in {
            "application/json",
            "application/ld+json",
        }
        if tag == "script" and not attributes.get("src") and not data_block:
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}> at line {self.getpos()[0]}')
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}> at line {self.getpos()[0]}")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}> at line {self.getpos()[0]}")


def inline_code(html):
    """Inline scripts, styles and event handlers without a nonce: a strict CSP blocks them."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives
