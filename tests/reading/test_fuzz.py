"""Hypothesis throws random path segments, query strings and Markdown at the site: no 500, no
traceback, and whatever the Markdown, the stored HTML is sanitised."""

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.content.markup import ALLOWED_TAGS, render_post
from tests.support.factories import PostFactory
from tests.support.xss import PAYLOADS, executable_markup

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CONVERTER = re.compile(r"<(?:\w+:)?\w+>")


def public_routes(patterns=None, prefix=""):
    """Every route readers can reach, as a template with its converters to fill in."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if route.startswith(("admin/", "^admin")):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route.lstrip("^").rstrip("$")


ROUTES = sorted(set(public_routes()))

segments = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["0", "00", "1", "9999", "2019", "13", "-1", "..", "%", "'", "\\", "é", "🥃"]),
    st.sampled_from(PAYLOADS),
)
queries = st.dictionaries(
    st.sampled_from(["page", "q", "tag", "p", "format", "next"]), segments, max_size=3
)


def fill(route, values):
    values = iter(values)
    return "/" + CONVERTER.sub(lambda _: quote(next(values), safe=""), route)


def test_every_public_route_is_fuzzed():
    assert "" in ROUTES
    assert any("<" in route for route in ROUTES)


@pytest.fixture
def some_content():
    PostFactory(slug="known", tags=["criu"])


@pytest.mark.parametrize("route", ROUTES)
@FUZZ
@given(data=st.data())
def test_random_urls_never_give_a_server_error(some_content, route, data):
    values = data.draw(st.lists(segments, min_size=8, max_size=8))
    query = data.draw(queries)
    url = fill(route, values) + ("?" + urlencode(query) if query else "")
    response = Client(raise_request_exception=True).get(url)
    assert response.status_code < 500, url


markdown_pieces = st.one_of(
    st.text(max_size=30),
    st.sampled_from(PAYLOADS),
    st.sampled_from(
        [
            "\n\n", "# ", "## ", "* ", "1. ", "> ", "```\n", "```python\n", "    ", "[^1]",
            "[^1]: ", "| a | b |\n|---|---|\n", "![alt](pic.jpg)", "[link](", ")", "<", ">",
            "&", "&#", "<!-- more -->", "<div>", "</div>", "`", "*", "_", "\\", "\x00", "\r",
        ]
    ),
)  # fmt: skip


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


@FUZZ
@given(body=st.lists(markdown_pieces, max_size=25).map("".join))
def test_any_markdown_renders_to_sanitised_html(body):
    rendered = render_post(body, excerpt=body, attachment_urls={"pic.jpg": "/media/pic.jpg"})
    for html in (rendered["body_html"], rendered["excerpt_html"]):
        assert not executable_markup(html)
        collector = TagCollector()
        collector.feed(html)
        assert collector.tags <= ALLOWED_TAGS


@pytest.mark.parametrize(
    "path", ["/tags/a%00b/", "/tags/a%00b/feeds/rss/", "/authors/x%00/", "/preview/%00/"]
)
def test_a_nul_byte_in_an_address_is_not_found(some_content, path):
    """PostgreSQL refuses text with a NUL; such an address is a plain 404, on any database."""
    assert Client(raise_request_exception=True).get(path).status_code == 404
