from datetime import UTC, datetime
from io import StringIO
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import Post, Tag
from blog.models.former_urls import feed_url
from blog.transfer.html_to_markdown import convert_text
from blog.transfer.wxr import WXRReader
from tests.support.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

SITE = "http://old.example.com"


def item(
    post_id,
    title,
    content="Some text.",
    *,
    slug=None,
    status="publish",
    post_type="post",
    date_gmt="2019-06-02 10:20:00",
    creator="ada",
    tags=(),
    categories=(),
    comments=0,
    extra="",
):
    slug = slug if slug is not None else title.lower().replace(" ", "-")
    terms = "".join(
        f'<category domain="post_tag" nicename="{name.lower()}"><![CDATA[{name}]]></category>'
        for name in tags
    ) + "".join(
        f'<category domain="category" nicename="{name.lower()}"><![CDATA[{name}]]></category>'
        for name in categories
    )
    comment_xml = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        "<wp:comment_content><![CDATA[Nice]]></wp:comment_content></wp:comment>"
        for n in range(comments)
    )
    return f"""
    <item>
      <title>{escape(title)}</title>
      <link>{SITE}/2019/06/02/{slug}/</link>
      <dc:creator><![CDATA[{creator}]]></dc:creator>
      <content:encoded><![CDATA[{content}]]></content:encoded>
      <excerpt:encoded><![CDATA[]]></excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date><![CDATA[2019-06-02 12:20:00]]></wp:post_date>
      <wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
      <wp:post_name><![CDATA[{slug}]]></wp:post_name>
      <wp:status><![CDATA[{status}]]></wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
      {terms}{comment_xml}{extra}
    </item>"""


def attachment(post_id, parent, relative, caption=""):
    return f"""
    <item>
      <title>{relative}</title>
      <excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_parent>{parent}</wp:post_parent>
      <wp:post_type><![CDATA[attachment]]></wp:post_type>
      <wp:status><![CDATA[inherit]]></wp:status>
      <wp:attachment_url><![CDATA[{SITE}/wp-content/uploads/{relative}]]></wp:attachment_url>
      <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
        <wp:meta_value><![CDATA[{relative}]]></wp:meta_value></wp:postmeta>
    </item>"""


def export(tmp_path, *items):
    xml = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old blog</title>
  <link>{SITE}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ada]]></wp:author_login>
    <wp:author_email><![CDATA[ada@example.com]]></wp:author_email>
    <wp:author_display_name><![CDATA[Ada Lovelace]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>notes</wp:category_nicename>
    <wp:cat_name><![CDATA[Notes]]></wp:cat_name></wp:category>
  {"".join(items)}
</channel>
</rss>"""
    path = tmp_path / "export.xml"
    path.write_text(xml, encoding="utf-8")
    return path


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    for relative in ("2019/06/photo.jpg", "2019/06/photo-300x200.jpg", "2019/06/b.jpg"):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(jpeg_bytes())
    return folder


def run(*args, fails=False):
    out, err = StringIO(), StringIO()
    args = [*map(str, args), "--no-progress"]
    if fails:
        with pytest.raises(CommandError):
            call_command("import_wxr", *args, stdout=out, stderr=err)
    else:
        call_command("import_wxr", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_published_and_draft_posts_with_dates_slugs_authors_and_tags(tmp_path):
    path = export(
        tmp_path,
        item(1, "First post", tags=["Python", "python"], categories=["Notes", "Uncategorized"]),
        item(2, "A draft", status="draft", date_gmt="0000-00-00 00:00:00", slug=""),
        item(3, "Trashed", status="trash"),
    )

    out, _ = run(path)

    first = Post.objects.get(slug="first-post")
    assert first.status == Post.Status.PUBLISHED
    assert first.published_at == datetime(2019, 6, 2, 10, 20, tzinfo=UTC)
    assert first.author.username == "ada"
    assert first.author.display_name == "Ada Lovelace"
    assert first.author.email == "ada@example.com"
    assert sorted(tag.name for tag in first.tags.all()) == ["Notes", "Python"]
    draft = Post.objects.get(slug="a-draft")
    assert draft.status == Post.Status.DRAFT
    assert not Post.objects.filter(title="Trashed").exists()
    assert "Skipped (trash): 1." in out


def test_pages_only_with_the_option(tmp_path):
    path = export(tmp_path, item(5, "About me", post_type="page"))

    run(path)
    assert not Post.objects.exists()

    run(path, "--pages")
    assert Post.objects.get().slug == "about-me"


def test_more_marker_becomes_our_excerpt_marker(tmp_path):
    path = export(tmp_path, item(1, "Long", "The teaser.<!--more-->\n\nThe rest."))

    run(path)

    post = Post.objects.get()
    assert "<!-- more -->" in post.body
    assert "The teaser." in post.excerpt_html
    assert "The rest." not in post.excerpt_html


def test_caption_and_gallery_shortcodes_with_uploads(tmp_path, uploads):
    content = (
        '[caption id="attachment_10" align="aligncenter" width="300"]'
        f'<a href="{SITE}/wp-content/uploads/2019/06/photo.jpg">'
        f'<img src="{SITE}/wp-content/uploads/2019/06/photo-300x200.jpg" alt="A photo" /></a>'
        " The caption[/caption]\n\n"
        '[gallery ids="10,11"]'
    )
    path = export(
        tmp_path,
        item(1, "Pictures", content),
        attachment(10, 1, "2019/06/photo.jpg", caption="Photo caption"),
        attachment(11, 1, "2019/06/b.jpg"),
    )

    out, _ = run(path, "--uploads", uploads)

    post = Post.objects.get()
    assert '![A photo](photo.jpg "The caption")' in post.body
    assert "```gallery\n![Photo caption](photo.jpg)\n![2019/06/b.jpg](b.jpg)\n```" in post.body
    assert sorted(a.filename for a in post.attachments.all()) == ["b.jpg", "photo.jpg"]
    assert "<figcaption>The caption</figcaption>" in post.body_html
    assert '<ul class="gallery">' in post.body_html
    assert "Attachments copied: 2." in out


def test_pictures_without_uploads_stay_links_and_are_reported(tmp_path):
    content = f'<img src="{SITE}/wp-content/uploads/2019/06/photo.jpg" alt="A photo" />'
    path = export(tmp_path, item(1, "Pictures", content))

    _, err = run(path)

    post = Post.objects.get()
    assert f'src="{SITE}/wp-content/uploads/2019/06/photo.jpg"' in post.body_html
    assert "1 picture(s) or file(s) left as links to the old site" in err


def test_missing_upload_fails_the_post_and_the_rest_imports(tmp_path, uploads):
    content = f'<img src="{SITE}/wp-content/uploads/2019/06/gone.jpg" alt="Gone" />'
    path = export(tmp_path, item(1, "Broken", content), item(2, "Fine"))

    _, err = run(path, "--uploads", uploads, fails=True)

    assert list(Post.objects.values_list("slug", flat=True)) == ["fine"]
    assert "post 1 ('Broken'): missing file: gone.jpg" in err


def test_html_is_sanitised_and_code_shortcodes_become_code_blocks(tmp_path):
    content = (
        "<p onclick=\"alert(1)\">Hello</p><script>alert('x')</script>\n\n"
        '[sourcecode language="python"]\nif a &lt; b:\n    print("x")\n[/sourcecode]'
    )
    path = export(tmp_path, item(1, "Code", content))

    run(path)

    post = Post.objects.get()
    assert "<script" not in post.body_html
    assert "onclick" not in post.body_html
    assert "```python\nif a < b:" in post.body
    assert '<div class="highlight">' in post.body_html


def test_comments_are_skipped_and_counted(tmp_path):
    path = export(tmp_path, item(1, "Talked about", comments=3))

    out, _ = run(path)

    assert "Comments skipped: 3." in out


def test_old_wordpress_addresses_redirect(tmp_path, client):
    path = export(tmp_path, item(42, "Moved here", tags=["Python"], categories=["Notes"]))

    run(path)

    target = "/2019/06/02/moved-here/"
    assert client.get("/?p=42")["Location"] == target
    assert client.get("/2019/06/02/moved-here")["Location"] == target
    assert client.get("/?tag=python")["Location"] == "/tags/python/"
    assert client.get("/tag/python/")["Location"] == "/tags/python/"
    assert client.get("/category/notes/")["Location"] == "/tags/notes/"
    assert client.get("/?cat=7")["Location"] == "/tags/notes/"
    assert client.get("/feed/")["Location"] == feed_url()
    assert client.get("/tag/python/feed/")["Location"] == feed_url(Tag.objects.get(name="Python"))


def test_reimport_updates_in_place_even_after_a_rename(tmp_path):
    path = export(tmp_path, item(1, "First post"))
    run(path)
    post = Post.objects.get()
    post.slug = "renamed-here"
    post.save()

    out, _ = run(export(tmp_path, item(1, "First post", "New text.")))

    assert Post.objects.count() == 1
    assert "1 updated" in out
    assert "New text." in Post.objects.get().body_html


def test_rerun_is_idempotent(tmp_path, uploads):
    content = f'<img src="{SITE}/wp-content/uploads/2019/06/photo.jpg" alt="A photo" />'
    path = export(tmp_path, item(1, "One", content, tags=["x"]), item(2, "Two"))
    run(path, "--uploads", uploads)

    out, _ = run(path, "--uploads", uploads)

    assert "0 created, 0 updated, 2 skipped" in out
    assert Post.objects.count() == 2


def test_not_an_export_is_a_clear_error(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("<rss><channel><item>", encoding="utf-8")

    with pytest.raises(CommandError, match="is not a readable WordPress export"):
        call_command("import_wxr", str(path), "--no-progress")


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel>&a;</channel></rss>',
        encoding="utf-8",
    )

    with pytest.raises(CommandError):
        call_command("import_wxr", str(path), "--no-progress")


def test_block_editor_gallery_and_image_in_raw_html(tmp_path, uploads):
    up = f"{SITE}/wp-content/uploads/2019/06"
    content = (
        '<!-- wp:image {"id":10} -->\n'
        f'<figure class="wp-block-image"><img src="{up}/photo-300x200.jpg" alt="" />'
        "<figcaption>On the quay</figcaption></figure>\n"
        "<!-- /wp:image -->\n\n"
        "<!-- wp:gallery -->\n"
        '<figure class="wp-block-gallery"><ul class="blocks-gallery-grid">'
        f'<li><figure><img src="{up}/photo.jpg" alt="Cask" />'
        "<figcaption>One</figcaption></figure></li>"
        f'<li><figure><img src="{up}/b.jpg" alt="Still" /></figure></li>'
        "</ul></figure>\n"
        "<!-- /wp:gallery -->"
    )
    path = export(tmp_path, item(1, "Blocks", content))

    run(path, "--uploads", uploads)

    body = Post.objects.get().body
    assert '![](photo.jpg "On the quay")' in body
    assert '```gallery\n![Cask](photo.jpg "One")\n![Still](b.jpg)\n```' in body


def test_a_blog_in_a_subfolder_keeps_its_prefix(tmp_path, client):
    path = export(tmp_path, item(9, "Deep", tags=["Python"]))
    path.write_text(
        path.read_text().replace(
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>",
            f"<wp:base_blog_url>{SITE}/blog</wp:base_blog_url>",
        )
    )

    run(path)

    assert client.get("/blog/?p=9")["Location"] == "/2019/06/02/deep/"
    assert client.get("/blog/tag/python/")["Location"] == "/tags/python/"
    assert client.get("/?p=9").status_code == 200  # the front page: not this blog's address


@pytest.mark.parametrize(
    "figure",
    [
        '<figure class="wp-block-image"><figcaption>Only a caption</figcaption></figure>',
        '<figure class="wp-block-embed"><iframe src="https://example.com/v"></iframe></figure>',
        '<figure class="wp-block-video"><video src="/clip.mp4"></video></figure>',
    ],
)
def test_block_editor_figure_without_a_picture_is_kept_and_the_post_imports(tmp_path, figure):
    path = export(tmp_path, item(1, "Figure", f"Before.\n\n{figure}\n\nAfter."))

    out, _ = run(path)

    post = Post.objects.get()
    assert "<figure" in post.body
    assert "Before." in post.body_html
    assert "After." in post.body_html
    assert "Posts: 1 created" in out


def test_an_unexpected_error_in_one_item_fails_that_item_and_the_rest_imports(
    tmp_path, monkeypatch
):
    body = WXRReader.body

    def failing_body(self, html, post_id, *args):
        if post_id == "1":
            raise KeyError("surprise")
        return body(self, html, post_id, *args)

    monkeypatch.setattr(WXRReader, "body", failing_body)
    path = export(tmp_path, item(1, "Broken"), item(2, "Fine"))

    out, err = run(path, fails=True)

    assert Post.objects.get().title == "Fine"
    assert "Posts: 1 created, 0 updated, 0 skipped (unchanged), 1 failed." in out
    assert "post 1 ('Broken'): unexpected error (KeyError: 'surprise')" in err


UP = f"{SITE}/wp-content/uploads/2019/06"
FRAGMENTS = [
    "<figure>",
    "</figure>",
    '<figure class="wp-block-image">',
    f'<img src="{UP}/photo.jpg" alt="A" />',
    f'<img src="{UP}/missing.jpg">',
    "<img>",
    '<img alt="no source">',
    '<img src="">',
    f'<a href="{UP}/photo.jpg">',
    '<a href="https://example.com/">',
    "<a>",
    "</a>",
    "<figcaption>",
    "</figcaption>",
    "<p>",
    "</p>",
    '<iframe src="https://example.com/v">',
    "</iframe>",
    "<video>",
    "<ul><li>",
    "<",
    "< img",
    "<!--",
    "-->",
    "<!-- wp:paragraph -->",
    "<!-- /wp:image -->",
    "<!--more-->",
    '[caption id="a" align="alignnone"]',
    "[/caption]",
    '[gallery ids="10,11,99"]',
    "[gallery]",
    '[code language="python"]',
    "[/code]",
    "[sourcecode]",
    "```",
    "&amp;",
    "&",
    "]",
    "[",
    "text",
    "{static}/x.jpg",
]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(FRAGMENTS),
            st.sampled_from(["", " ", "\n", "\n\n", "\r\n"]),
            st.text(max_size=5),
        ),
        max_size=40,
    ).map("".join)
)
def test_no_mixture_of_html_and_shortcodes_makes_the_conversion_raise(uploads, html):
    reader = WXRReader("export.xml", uploads=uploads, allow_missing_files=True)
    reader.attachments = {"10": {"url": f"{UP}/photo.jpg", "title": "Photo", "caption": ""}}
    reader.attachments_of = {"1": list(reader.attachments.values())}

    convert_text(html, lambda url: "photo.jpg" if url.endswith("photo.jpg") else None)
    for post_id in ("1", "2"):
        body = reader.body(html, post_id, {}, [])
        assert body.endswith("\n")


def test_block_editor_comments_are_stripped_separator_and_more_kept(tmp_path):
    content = (
        "<!-- wp:paragraph -->\n<p>The teaser.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:more {"noTeaser":true} -->\n<!--more-->\n<!--noteaser-->\n<!-- /wp:more -->\n\n'
        "<!-- wp:paragraph -->\n<p>Middle.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:separator {"className":"is-style-wide"} -->\n'
        '<hr class="wp-block-separator is-style-wide"/>\n<!-- /wp:separator -->\n\n'
        '<!-- wp:spacer {"height":20} /-->\n\n'
        "<!-- wp:paragraph -->\n<p>The end.</p>\n<!-- /wp:paragraph -->"
    )
    path = export(tmp_path, item(1, "Blocks", content))

    run(path)

    post = Post.objects.get()
    blocks = [block.strip() for block in post.body.split("\n\n") if block.strip()]
    assert blocks == ["The teaser.", "<!-- more -->", "Middle.", "---", "The end."]
    assert "<hr" in post.body_html
    assert "The teaser." in post.excerpt_html
    assert "Middle." not in post.excerpt_html
