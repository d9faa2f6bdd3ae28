from html.parser import HTMLParser

import bleach
import markdown
import pytest
from django.core.files.base import ContentFile

from blog.content.markup import render_markdown
from tests.support.factories import AttachmentFactory, PostFactory


class _Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    return _Elements(html).elements


def test_fenced_code_is_highlighted_with_css_classes():
    html = render_markdown("```python\nimport os\n```")

    assert '<div class="highlight">' in html
    assert '<span class="kn">import</span>' in html


def test_tables_and_footnotes_render():
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n\nText.[^n]\n\n[^n]: The note.")

    assert "<table>" in html
    assert '<td align="right">2</td>' in html
    assert 'class="footnote"' in html
    assert "The note." in html


def test_headings_get_anchors():
    html = render_markdown("## Getting started")

    assert '<h2 id="getting-started">' in html
    assert 'href="#getting-started"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        '<a href="jav&#x09;ascript:alert(1)">click</a>',
        "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<iframe src="https://example.com"></iframe>',
        '<p style="background:url(javascript:alert(1))">styled</p>',
        '<svg onload="alert(1)"><circle r="4"/></svg>',
        "<object data='x.swf'></object><embed src='x.swf'>",
    ],
)
def test_dangerous_html_is_removed(source):
    html = render_markdown(source)

    for tag, attrs in elements(html):
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}
        assert not any(name.startswith("on") for name in attrs)
        assert "style" not in attrs
        for name in ("href", "src"):
            value = (attrs.get(name) or "").replace(" ", "").lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:"))


def test_safe_raw_html_survives():
    html = render_markdown("<kbd>Ctrl</kbd>+<kbd>C</kbd> and <abbr title='HyperText'>HTML</abbr>")

    assert "<kbd>Ctrl</kbd>" in html
    assert '<abbr title="HyperText">HTML</abbr>' in html


def test_ordinary_links_are_kept():
    html = render_markdown("[Django](https://www.djangoproject.com/) and [mail](mailto:a@b.c)")

    assert '<a href="https://www.djangoproject.com/">Django</a>' in html
    assert '<a href="mailto:a@b.c">mail</a>' in html


@pytest.mark.django_db
def test_image_named_after_an_attachment_points_to_its_url():
    post = PostFactory(body="![Our hogshead](hogshead.jpg)")
    attachment = AttachmentFactory(post=post, file__filename="hogshead.jpg")
    post.refresh_from_db()

    rendition = f"/media/posts/{post.pk}/renditions/{attachment.filename}/64.jpg"
    assert f'src="{rendition}"' in post.body_html


@pytest.mark.django_db
def test_link_to_an_attached_file_points_to_its_url():
    post = PostFactory(body="Get [the patch](fix.patch).")
    attachment = AttachmentFactory(post=post, file=ContentFile(b"--- a\n+++ b\n", name="fix.patch"))
    post.refresh_from_db()

    assert f'download="fix.patch" href="{attachment.file.url}">the patch</a>' in post.body_html


@pytest.mark.django_db
def test_body_html_is_stored_on_save():
    post = PostFactory(body="Text with **bold**.")
    assert "<strong>bold</strong>" in post.body_html

    post.body = "Changed *text*."
    post.save()
    post.refresh_from_db()

    assert post.body_html == "<p>Changed <em>text</em>.</p>"


@pytest.mark.django_db
def test_reader_pages_never_run_markdown_or_the_sanitiser(client, monkeypatch):
    post = PostFactory(body="Some **text**.", tags=["linux"])

    def fail(*args, **kwargs):
        raise AssertionError("Markdown or bleach ran during a request")

    monkeypatch.setattr(markdown.Markdown, "convert", fail)
    monkeypatch.setattr(bleach.Cleaner, "clean", fail)

    for url in ("/", post.get_absolute_url(), "/tags/linux/", "/tags/"):
        response = client.get(url)
        assert response.status_code == 200
    assert "<strong>text</strong>" in client.get("/").text


@pytest.mark.django_db
def test_footnotes_of_two_posts_on_one_page_do_not_collide(client):
    PostFactory(slug="first", body="One.[^n]\n\n[^n]: First note.")
    PostFactory(slug="second", body="Two.[^n]\n\n[^n]: Second note.")

    ids = [attrs["id"] for _, attrs in elements(client.get("/").text) if "id" in attrs]

    assert len(ids) == len(set(ids))
    assert "fn:first-n" in ids
    assert "fn:second-n" in ids
