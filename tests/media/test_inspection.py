"""Safe uploads: the type comes from the bytes, bad files are refused with a clear form
error, names are made safe, and a refused file changes nothing."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.media.filenames import normalise_filename
from blog.models import Attachment, Post
from tests.support.factories import AttachmentFactory, PostFactory, jpeg_bytes
from tests.support.forms import submit_admin_form
from tests.support.uploads import (
    HTML_PAGE,
    MP4_HEAD,
    SVG_WITH_SCRIPT,
    WEBM_HEAD,
    jpeg_with_script,
    png_bytes,
    png_header_declaring,
)

pytestmark = pytest.mark.django_db


def upload_in_admin(client, post, name, data):
    """Add one file to an existing post through its admin change form."""
    return submit_admin_form(
        client,
        f"/admin/blog/post/{post.pk}/change/",
        **{"attachments-1-file": SimpleUploadedFile(name, data)},
    )


def media_files():
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def form_errors(response):
    errors = [str(e) for e in response.context["errors"]]
    return " ".join(errors)


@pytest.fixture
def post_with_a_picture(staff_client):
    post = PostFactory(body="![The cask](cask.jpg)")
    AttachmentFactory(post=post, file__filename="cask.jpg")
    post.refresh_from_db()
    return post


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.png", png_header_declaring(50_000, 50_000), "too large a picture"),
        ("empty.pdf", b"", "empty"),
        ("cat.jpg", HTML_PAGE, "named like a picture but is not"),
        ("clip.mp4", b"not a video at all", "named like a video but is not"),
        ("broken.jpg", jpeg_bytes()[:200], "damaged or truncated"),
    ],
)
def test_bad_upload_is_a_form_error_and_changes_nothing(
    staff_client, post_with_a_picture, name, data, message
):
    post = post_with_a_picture
    before = (post.body_html, list(post.attachments.values_list("file", "renditions")))
    files_before = media_files()

    response = submit_admin_form(
        staff_client,
        f"/admin/blog/post/{post.pk}/change/",
        body="Changed text",
        **{"attachments-1-file": SimpleUploadedFile(name, data)},
    )

    assert response.status_code == 200
    assert message in form_errors(response) or (
        name == "empty.pdf" and "The submitted file is empty." in response.text
    )
    post.refresh_from_db()
    assert post.body == "![The cask](cask.jpg)"
    assert (post.body_html, list(post.attachments.values_list("file", "renditions"))) == before
    assert media_files() == files_before


def test_too_big_upload_is_refused_with_the_limit(staff_client, post_with_a_picture, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "MAX_UPLOAD_BYTES": 1000}

    response = upload_in_admin(staff_client, post_with_a_picture, "big.tar.gz", b"x" * 1001)

    assert response.status_code == 200
    assert "“big.tar.gz” is 1001\xa0bytes; files may be at most 1000\xa0bytes." in form_errors(
        response
    )
    assert post_with_a_picture.attachments.count() == 1


def test_upload_limit_comes_from_the_environment(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("HOGSHEAD_MAX_UPLOAD_MB", "7")
    try:
        assert importlib.reload(base).HOGSHEAD["MAX_UPLOAD_BYTES"] == 7 * 1024 * 1024
    finally:
        monkeypatch.delenv("HOGSHEAD_MAX_UPLOAD_MB")
        importlib.reload(base)
    assert base.HOGSHEAD["MAX_UPLOAD_BYTES"] == 20 * 1024 * 1024


def test_decompression_bomb_is_refused_without_the_form_too():
    with pytest.raises(ValidationError, match="too large a picture"):
        AttachmentFactory(file=ContentFile(png_header_declaring(50_000, 50_000), name="b.png"))

    assert not Attachment.objects.exists()


def test_jpeg_with_a_script_appended_is_a_picture_served_as_one(client):
    attachment = AttachmentFactory(file=ContentFile(jpeg_with_script(), name="photo.jpg"))

    response = client.get(attachment.file.url)

    assert attachment.kind == Attachment.Kind.IMAGE
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    for rendition in attachment.reference().renditions:
        assert b"<script" not in client.get(rendition.url).getvalue()


def test_svg_with_a_script_is_only_ever_a_download(client):
    post = PostFactory(body="![Drawing](drawing.svg)")
    attachment = AttachmentFactory(post=post, file=ContentFile(SVG_WITH_SCRIPT, name="drawing.svg"))
    post.refresh_from_db()

    response = client.get(attachment.file.url)

    assert attachment.kind == Attachment.Kind.FILE
    assert "<img" not in post.body_html
    assert 'download="drawing.svg"' in post.body_html
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="drawing.svg"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_file_is_only_ever_a_download(client):
    attachment = AttachmentFactory(file=ContentFile(HTML_PAGE, name="page.html"))

    response = client.get(attachment.file.url)

    assert attachment.kind == Attachment.Kind.FILE
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("photo.jpg", jpeg_bytes(), "image", "image/jpeg"),
        ("photo-without-extension", jpeg_bytes(), "image", "image/jpeg"),
        ("drawing.png", png_bytes(), "image", "image/png"),
        ("clip.mp4", MP4_HEAD, "video", "video/mp4"),
        ("clip.webm", WEBM_HEAD, "video", "video/webm"),
        ("fix.patch", b"--- a\n+++ b\n", "file", "application/octet-stream"),
        ("notes.txt", MP4_HEAD, "video", "video/mp4"),
    ],
)
def test_type_is_detected_from_the_bytes_not_the_name(name, data, kind, content_type):
    attachment = AttachmentFactory(file=ContentFile(data, name=name))

    assert (attachment.kind, attachment.content_type) == (kind, content_type)


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("..\\..\\windows\\evil.jpg", "evil.jpg"),
        ("Ünïcode café.JPG", "Ünïcode-café.jpg"),
        ("🥃 cask 🥃.jpg", "cask.jpg"),
        ("🥃.jpg", "file.jpg"),
        (".htaccess", "file.htaccess"),
        ("a\x00b\nc.jpg", "a-b-c.jpg"),
        ("Our   Hogshead (2003).jpeg", "Our-Hogshead-2003.jpeg"),
    ],
)
def test_file_names_are_normalised(uploaded, stored):
    assert normalise_filename(uploaded) == stored


def test_uploaded_names_with_traversal_and_emoji_are_stored_safely_in_the_post_folder(
    staff_client, post_with_a_picture
):
    post = post_with_a_picture
    upload_in_admin(staff_client, post, "../../../cask 🥃.jpg", jpeg_bytes())

    names = sorted(a.file.name for a in post.attachments.all())

    assert names == [f"posts/{post.pk}/cask-2.jpg", f"posts/{post.pk}/cask.jpg"]


def test_same_name_in_one_post_gets_a_number_and_both_are_referable():
    post = PostFactory(body="![One](cask.jpg)\n\n![Two](cask-2.jpg)")
    first = AttachmentFactory(post=post, file__filename="cask.jpg", file__color="red")
    second = AttachmentFactory(post=post, file__filename="cask.jpg", file__color="blue")
    other_post = AttachmentFactory(file__filename="cask.jpg")
    post.refresh_from_db()

    assert (first.filename, second.filename, other_post.filename) == (
        "cask.jpg",
        "cask-2.jpg",
        "cask.jpg",
    )
    assert f"renditions/{first.filename}/" in post.body_html
    assert f"renditions/{second.filename}/" in post.body_html
    post.render()
    assert post.missing_attachments == []


def test_a_good_upload_in_the_same_form_as_a_bad_one_is_not_saved_either(
    staff_client, post_with_a_picture
):
    post = post_with_a_picture
    response = submit_admin_form(
        staff_client,
        f"/admin/blog/post/{post.pk}/change/",
        **{
            "attachments-TOTAL_FORMS": "3",
            "attachments-1-file": SimpleUploadedFile("good.jpg", jpeg_bytes()),
            "attachments-1-order": "1",
            "attachments-2-file": SimpleUploadedFile("cat.jpg", HTML_PAGE),
            "attachments-2-order": "2",
        },
    )

    assert response.status_code == 200
    assert [a.filename for a in Post.objects.get(pk=post.pk).attachments.all()] == ["cask.jpg"]


def test_zero_byte_file_is_refused_without_the_form_too():
    with pytest.raises(ValidationError, match="is empty"):
        AttachmentFactory(file=ContentFile(b"", name="empty.jpg"))

    assert not Attachment.objects.exists()
