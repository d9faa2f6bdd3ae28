"""The reader's theme as the server sends it: header, footer, numbered listing, weight budget."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.support.factories import PostFactory, long_markdown, post_with_code_and_pictures
from tests.support.pages import PageResources, static_file

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
CSS_BUDGET = 30_000
JS_BUDGET = 10_000
FRONT_PAGE_BUDGET = 150_000


class Landmarks(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags, self.nav_labels, self.nav_links, self._in_nav = [], [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "nav":
            self.nav_labels.append(attrs.get("aria-label"))
            self._in_nav = attrs.get("aria-label") == "Main"
        elif tag == "a" and self._in_nav:
            self.nav_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False


def test_every_page_has_skip_link_banner_main_navigation_and_footer(client):
    post = PostFactory(tags=["linux"])
    for path in ["/", post.get_absolute_url(), "/tags/", "/tags/linux/", "/no-such-page/"]:
        html = client.get(path).text
        page = Landmarks(html)

        assert '<a class="skip-link" href="#content">Skip to content</a>' in html, path
        assert '<main id="content"' in html, path
        assert {"header", "main", "footer"} <= set(page.tags), path
        assert "Main" in page.nav_labels, path


def test_main_navigation_links_home_and_tags_and_marks_the_current_page(client):
    html = client.get("/tags/").text

    links = Landmarks(html).nav_links
    assert links[:2] == [reverse("blog:post_list"), reverse("blog:tag_list")]
    assert '<a href="/tags/" aria-current="page">Tags</a>' in html


def test_theme_toggle_is_hidden_until_script_shows_it(client):
    html = client.get("/").text

    assert (
        '<button type="button" class="theme-toggle" aria-pressed="false" hidden>'
        '<span class="theme-toggle-label">Dark theme</span></button>'
    ) in html


class HeadScripts(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.in_head, self.scripts, self.inline, self.styled = False, [], 0, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_head = self.in_head or tag == "head"
        if tag == "body":
            self.in_head = False
        # JSON-LD is data, never executed: a strict CSP does not apply to it.
        if tag == "script" and attrs.get("type") != "application/ld+json":
            if "src" not in attrs:
                self.inline += 1
            elif self.in_head:
                self.scripts.append((attrs["src"], "defer" in attrs or "async" in attrs))
        if tag == "style" or "style" in attrs:
            self.styled.append(tag)


def test_theme_script_runs_in_head_before_first_paint_and_the_rest_is_deferred(client):
    scripts = HeadScripts(client.get("/").text).scripts

    assert scripts[0] == ("/static/js/theme.js", False)
    assert all(deferred for _, deferred in scripts[1:])


def test_pages_have_no_inline_script_or_style_for_a_strict_csp(client):
    post = PostFactory(body=long_markdown(2) + '\n\n<p style="color:red">red</p>', tags=["a"])

    for path in ["/", post.get_absolute_url(), "/tags/", "/tags/a/", "/missing/"]:
        page = HeadScripts(client.get(path).text)
        assert page.inline == 0, path
        assert page.styled == [], path


def test_listing_is_a_numbered_list_that_continues_across_pages(client, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PAGINATE_BY": 3}
    PostFactory.create_batch(5)

    first, second = client.get("/").text, client.get("/page/2/").text

    assert '<ol class="post-list" start="1">' in first
    assert first.count('<li><article class="post">') == 3
    assert '<ol class="post-list" start="4">' in second
    assert second.count('<li><article class="post">') == 2
    assert '<h1 class="visually-hidden">Latest posts</h1>' in first
    assert '<h1 class="visually-hidden">Posts, page 2</h1>' in second


def test_pager_arrows_are_hidden_from_screen_readers_behind_text_labels(client, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PAGINATE_BY": 1}
    PostFactory.create_batch(3)

    html = client.get("/page/2/").text

    assert '<span aria-hidden="true">←</span> Newer posts' in html
    assert 'Older posts <span aria-hidden="true">→</span>' in html
    assert "Page 2 / 3" in html


def test_committed_pygments_stylesheet_is_what_the_command_writes():
    call_command("pygments_css", "--check")


def test_pygments_stylesheet_has_a_dark_variant_for_each_way_of_choosing_dark():
    css = (STATIC / "css" / "pygments.css").read_text()

    assert ':root:not([data-theme="light"]) .highlight { background: #0d1117' in css
    assert ':root[data-theme="dark"] .highlight { background: #0d1117' in css
    assert ".highlight { background: #f8f8f8; }" in css


def test_stylesheets_stay_under_30_kb_and_reader_scripts_under_10_kb(client):
    post = post_with_code_and_pictures()
    scripts = set()
    for path in ["/", post.get_absolute_url()]:
        scripts |= {static_file(url) for url in PageResources(client.get(path).text).scripts}

    css = sum(f.stat().st_size for f in (STATIC / "css").glob("*.css") if f.name != "pygments.css")
    js = sum(script.stat().st_size for script in scripts)

    assert {script.name for script in scripts} >= {"theme.js", "code.js", "lightbox.js"}
    assert css < CSS_BUDGET, f"CSS is {css} bytes"
    assert js < JS_BUDGET, f"JavaScript is {js} bytes"


def test_front_page_with_ten_long_posts_weighs_under_150_kb(client):
    for number in range(10):
        PostFactory(body=long_markdown(number), tags=["linux", "nginx", f"part-{number}"])

    response = client.get("/")
    resources = PageResources(response.text)
    assets = [static_file(url) for url in resources.stylesheets + resources.scripts]
    weight = len(response.content) + sum(asset.stat().st_size for asset in assets)

    assert response.text.count('class="post-body"') == 10
    assert all(post.word_count > 1000 for post in response.context["posts"])
    assert {a.name for a in assets} >= {"hogshead.css", "pygments.css", "theme.js", "code.js"}
    assert weight < FRONT_PAGE_BUDGET, f"front page weighs {weight} bytes"


def test_pages_load_nothing_from_another_site(client):
    post = PostFactory(body=long_markdown(1), tags=["linux"])

    for path in ["/", post.get_absolute_url(), "/tags/linux/", "/tags/"]:
        resources = PageResources(client.get(path).text).all
        assert resources, path
        assert all(url.startswith("/") and not url.startswith("//") for url in resources), path


def test_code_blocks_carry_no_whitespace_spans():
    post = PostFactory(body="```console\n$ ls -l  /srv/blog\n```")

    assert 'class="w"' not in post.body_html
    assert "ls -l  /srv/blog" in post.body_html.replace('<span class="o">-</span>', "-")
