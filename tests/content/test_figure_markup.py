"""Files and video: downloads show their name and a human size; MP4/WebM play in a
<video> with a poster when one is attached; non-media files are served as downloads."""

import pytest
from django.core.files.base import ContentFile

from tests.support.factories import AttachmentFactory, PostFactory, jpeg_bytes
from tests.support.html import attributes
from tests.support.uploads import MP4_HEAD, WEBM_HEAD

pytestmark = pytest.mark.django_db

PATCH = b"--- a/cask.py\n+++ b/cask.py\n" + b"+ fill()\n" * 300


def post_with(body, *files):
    post = PostFactory(body=body)
    for name, data in files:
        AttachmentFactory(post=post, file=ContentFile(data, name=name), caption="")
    post.refresh_from_db()
    return post


def test_file_on_its_own_line_is_a_download_with_name_and_size():
    post = post_with("![The fix for the leaking tap](fix.patch)", ("fix.patch", PATCH))
    url = f"/media/posts/{post.pk}/fix.patch"

    assert post.body_html == (
        f'<p class="download"><a class="download" download="fix.patch" href="{url}">'
        "The fix for the leaking tap</a> "
        '<span class="file-meta">(fix.patch, 2.7\xa0KB)</span></p>'
    )


def test_link_to_a_file_inside_a_sentence_is_a_download_with_its_size():
    post = post_with("Apply [fix.patch](fix.patch) and rebuild.", ("fix.patch", PATCH))

    assert attributes(post.body_html, "a")[0]["download"] == "fix.patch"
    assert '<span class="file-meta">(2.7\xa0KB)</span> and rebuild.' in post.body_html


@pytest.mark.parametrize("name", ["notes.pdf", "release.tar.gz", "drawing.svg", "page.html"])
def test_any_other_file_is_a_download_never_an_image(name):
    post = post_with(f"![Get it]({name})", (name, b"%PDF-1.4 or anything else"))

    assert "<img" not in post.body_html
    assert f'download="{name}"' in post.body_html


def test_mp4_is_a_video_with_controls_and_the_same_named_picture_as_poster():
    post = post_with(
        '![The cask rolling](rolling.mp4 "Delivery day")',
        ("rolling.mp4", MP4_HEAD),
        ("rolling.jpg", jpeg_bytes()),
    )
    base = f"/media/posts/{post.pk}"

    (video,) = attributes(post.body_html, "video")
    (source,) = attributes(post.body_html, "source")
    assert video["poster"] == f"{base}/renditions/rolling.jpg/64.jpg"
    assert "controls" in video
    assert (video["width"], video["height"]) == ("64", "48")
    assert source == {"src": f"{base}/rolling.mp4", "type": "video/mp4"}
    assert "<figcaption>Delivery day</figcaption>" in post.body_html
    assert "Download the video (rolling.mp4," in post.body_html


def test_webm_without_a_poster_is_a_video_too():
    post = post_with("![](loop.webm)", ("loop.webm", WEBM_HEAD))

    (video,) = attributes(post.body_html, "video")
    assert "poster" not in video
    assert attributes(post.body_html, "source")[0]["type"] == "video/webm"


@pytest.mark.parametrize(
    ("name", "data"),
    [("fix.patch", PATCH), ("notes.pdf", b"%PDF-1.4"), ("release.tar.gz", b"\x1f\x8b\x08")],
)
def test_files_are_served_as_downloads_that_browsers_do_not_sniff(client, name, data):
    attachment = AttachmentFactory(file=ContentFile(data, name=name))

    response = client.get(attachment.file.url)

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("rolling.mp4", MP4_HEAD, "video/mp4"),
    ("loop.webm", WEBM_HEAD, "video/webm"),
])  # fmt: skip
def test_videos_are_served_inline_to_play_in_the_page(client, name, data, content_type):
    attachment = AttachmentFactory(file=ContentFile(data, name=name))

    response = client.get(attachment.file.url)

    assert response["Content-Type"] == content_type
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
