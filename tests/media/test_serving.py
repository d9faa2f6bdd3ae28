"""Uploaded files are served by Django in development and never run as pages of the site."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from blog.models import Attachment
from tests.support.factories import AttachmentFactory

pytestmark = pytest.mark.django_db


def test_image_is_served_inline(client):
    picture = AttachmentFactory()

    response = client.get(picture.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", b"<script>alert(1)</script>"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("fix.patch", b"--- a\n+++ b\n"),
        ("notes.txt", b"plain text"),
    ],
)
def test_other_files_are_downloads(client, name, data):
    attachment = AttachmentFactory(file=ContentFile(data, name=name))

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_html_named_like_a_picture_is_refused_even_without_the_form():
    with pytest.raises(ValidationError, match="named like a picture"):
        AttachmentFactory(file=ContentFile(b"<html><script>x</script>", name="cat.jpg"))

    assert not Attachment.objects.exists()


def test_missing_media_file_is_404(client):
    assert client.get("/media/posts/1/nothing.jpg").status_code == 404


def test_media_path_traversal_is_refused(client):
    response = client.get("/media/../config/settings/base.py")

    assert response.status_code == 400
    assert b"SECRET_KEY" not in response.content
