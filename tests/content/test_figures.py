"""Pictures placed from Markdown by file name: figures with captions, and what happens to a
reference to a file that is not attached."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Post
from tests.support.factories import AttachmentFactory, PostFactory, jpeg_bytes
from tests.support.forms import submit_admin_form
from tests.support.html import attributes, elements

pytestmark = pytest.mark.django_db


def post_with_picture(body, name="hogshead-2003.jpg", caption=""):
    post = PostFactory(body=body)
    attachment = AttachmentFactory(post=post, file__filename=name, caption=caption)
    post.refresh_from_db()
    return post, attachment


def test_picture_with_a_title_is_a_figure_captioned_with_the_title():
    post, _ = post_with_picture('![Our hogshead in 2003](hogshead-2003.jpg "Hogshead 2003")')

    assert post.body_html.startswith("<figure>")
    assert "<figcaption>Hogshead 2003</figcaption>" in post.body_html
    (img,) = attributes(post.body_html, "img")
    assert img["alt"] == "Our hogshead in 2003"
    assert img["src"].startswith(f"/media/posts/{post.pk}/renditions/hogshead-2003.jpg/")


def test_picture_with_only_alt_text_is_captioned_with_it():
    post, _ = post_with_picture("![Our hogshead in 2003](hogshead-2003.jpg)")

    assert "<figcaption>Our hogshead in 2003</figcaption>" in post.body_html


def test_attachment_caption_describes_a_picture_the_markdown_does_not():
    post, _ = post_with_picture("![](hogshead-2003.jpg)", caption="The cask")

    assert "<figcaption>The cask</figcaption>" in post.body_html
    assert attributes(post.body_html, "img")[0]["alt"] == "The cask"


def test_picture_without_any_description_is_not_a_figure():
    post, _ = post_with_picture("![](hogshead-2003.jpg)")

    assert "<figure" not in post.body_html
    assert len(attributes(post.body_html, "img")) == 1


def test_picture_inside_a_sentence_stays_inline():
    post, _ = post_with_picture("The cask ![cask](hogshead-2003.jpg) in the yard.")

    assert "<figure" not in post.body_html
    assert post.body_html.startswith("<p>The cask <picture>")


def test_external_picture_with_alt_text_is_a_figure_too():
    post = PostFactory(body="![The distillery](https://example.org/distillery.jpg)")

    assert "<figcaption>The distillery</figcaption>" in post.body_html
    assert attributes(post.body_html, "img")[0]["src"] == "https://example.org/distillery.jpg"


def test_caption_is_escaped():
    post, _ = post_with_picture('![<b>bold</b>](hogshead-2003.jpg "<script>alert(1)</script>")')

    assert "<script>" not in post.body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in post.body_html


def test_name_is_matched_as_stored_even_when_written_as_uploaded():
    post = PostFactory(body="![Cask](<Our Cask.JPG>)")
    attachment = AttachmentFactory(post=post, file__filename="Our Cask.JPG")
    post.refresh_from_db()

    assert attachment.filename == "Our-Cask.jpg"
    assert f"/renditions/{attachment.filename}/" in post.body_html
    post.render()
    assert post.missing_attachments == []


def test_reference_to_a_missing_file_never_renders_a_broken_image():
    post = PostFactory(body="![Our hogshead in 2003](hogshead-2003.jpg)\n\nSee ![x](gone.png).")

    assert "<img" not in post.body_html
    assert "<p>Our hogshead in 2003</p>" in post.body_html
    assert "<p>See x.</p>" in post.body_html


def test_link_to_a_missing_file_keeps_its_words_without_the_dead_link():
    post = PostFactory(body="Get [the patch](fix.patch) or read [the docs](https://example.org).")

    assert post.body_html == (
        '<p>Get the patch or read <a href="https://example.org">the docs</a>.</p>'
    )


def test_missing_files_are_listed_and_urls_are_not():
    post = PostFactory(
        body="![a](gone.jpg) ![b](https://example.org/x.jpg) [c](/about/) [d](#top) [e](old.tar.gz)"
    )

    post.render()

    assert sorted(post.missing_attachments) == ["gone.jpg", "old.tar.gz"]


def test_admin_warns_when_saved_post_refers_to_a_file_that_is_not_attached(client, admin_user):
    client.force_login(admin_user)
    response = submit_admin_form(
        client,
        "/admin/blog/post/add/",
        button="_continue",
        title="Hogshead",
        slug="hogshead",
        body="![Our hogshead in 2003](hogshead-2003.jpg)\n\n![The yard](yard.jpg)",
        **{
            "attachments-0-file": SimpleUploadedFile("yard.jpg", jpeg_bytes()),
            "attachments-0-caption": "",
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    warnings = [str(m) for m in page.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "“hogshead-2003.jpg”" in warnings[0]
    assert "yard.jpg" not in warnings[0]
    post = Post.objects.get(slug="hogshead")
    assert "<figcaption>The yard</figcaption>" in post.body_html


def test_admin_says_nothing_when_every_reference_is_attached(client, admin_user):
    client.force_login(admin_user)
    response = submit_admin_form(
        client,
        "/admin/blog/post/add/",
        title="Hogshead",
        slug="hogshead",
        body="![The yard](yard.jpg)",
        **{"attachments-0-file": SimpleUploadedFile("yard.jpg", jpeg_bytes())},
    )

    page = client.get(response["Location"])
    assert not [m for m in page.context["messages"] if m.level_tag == "warning"]


def test_first_picture_of_the_page_loads_eagerly_and_the_others_lazily(client):
    post = PostFactory(body="![One](one.jpg)\n\n![Two](two.jpg)")
    AttachmentFactory(post=post, file__filename="one.jpg")
    AttachmentFactory(post=post, file__filename="two.jpg")

    images = attributes(client.get(post.get_absolute_url()).text, "img")

    assert [img.get("loading") for img in images] == [None, "lazy"]
    assert [img.get("decoding") for img in images] == [None, "async"]
    assert all(img["width"] == "64" and img["height"] == "48" for img in images)


def test_only_the_first_post_of_a_listing_has_an_eager_picture(client):
    for slug in ("older", "newer"):
        post = PostFactory(slug=slug, body="![One](one.jpg)")
        AttachmentFactory(post=post, file__filename="one.jpg")

    images = attributes(client.get("/").text, "img")

    assert [img.get("loading") for img in images] == [None, "lazy"]


def test_figure_markup_is_kept_by_the_sanitiser():
    post, _ = post_with_picture('![A](hogshead-2003.jpg "B")')

    tags = [tag for tag, _ in elements(post.body_html)]
    assert tags == ["figure", "picture", "source", "img", "figcaption"]


def test_link_to_a_picture_leads_to_its_largest_rendition_not_the_upload():
    post = PostFactory(body="See [the full picture](hogshead-2003.jpg).")
    attachment = AttachmentFactory(post=post, file__filename="hogshead-2003.jpg")
    post.refresh_from_db()

    (link,) = attributes(post.body_html, "a")
    assert link["href"] == f"/media/posts/{post.pk}/renditions/hogshead-2003.jpg/64.jpg"
    assert attachment.file.url not in post.body_html


@pytest.mark.parametrize(
    "body",
    [
        '[a](https://example.com" onmouseover="alert(1))[markdown link](javascript:alert(1))',
        '[a](https://example.com" onmouseover="alert(1))[00',
        "![x](http://[::1/x.jpg) [y](http://[bad/y.patch)",
    ],
)
def test_malformed_urls_are_not_taken_for_file_names(body):
    post = PostFactory(body=body)

    post.render()

    assert post.missing_attachments == []
    assert not [attrs for _, attrs in elements(post.body_html) if "onmouseover" in attrs]
