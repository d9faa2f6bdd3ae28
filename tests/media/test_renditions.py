"""Responsive pictures: renditions written once at upload, in WebP and the original format,
turned upright and without location data; pages get srcset, sizes, width and height."""

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import ExifTags, Image

from blog.models import Attachment
from tests.support.factories import AttachmentFactory, PostFactory
from tests.support.html import attributes
from tests.support.uploads import png_bytes

pytestmark = pytest.mark.django_db


def photo_bytes(width, height, orientation=None, gps=False):
    image = Image.new("RGB", (width, height), (180, 90, 30))
    image.paste((20, 40, 200), (0, 0, width // 4, height // 4))  # a blue top-left corner
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position.update({1: "N", 2: (55.0, 25.0, 12.0), 3: "W", 4: (5.0, 36.0, 20.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def opened(storage_name):
    attachment_storage = Attachment._meta.get_field("file").storage
    with attachment_storage.open(storage_name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def test_a_photo_gets_three_widths_in_webp_and_jpeg_at_upload():
    attachment = AttachmentFactory(file=ContentFile(photo_bytes(2048, 1365), name="yard.jpg"))

    stored = [(r["width"], r["height"], r["type"]) for r in attachment.renditions]
    assert stored == [
        (480, 320, "image/webp"),
        (480, 320, "image/jpeg"),
        (960, 640, "image/webp"),
        (960, 640, "image/jpeg"),
        (1600, 1066, "image/webp"),
        (1600, 1066, "image/jpeg"),
    ]
    for rendition in attachment.renditions:
        folder = f"posts/{attachment.post_id}/renditions/yard.jpg"
        extension = {"image/webp": "webp", "image/jpeg": "jpg"}[rendition["type"]]
        image = opened(f"{folder}/{rendition['width']}.{extension}")
        assert image.size == (rendition["width"], rendition["height"])
        assert image.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition["type"]]
        assert rendition["bytes"] > 0


def test_a_small_picture_is_never_enlarged():
    attachment = AttachmentFactory(file=ContentFile(photo_bytes(300, 200), name="small.jpg"))

    assert {(r["width"], r["height"]) for r in attachment.renditions} == {(300, 200)}


def test_exif_orientation_is_applied_to_renditions_and_sizes():
    # Stored 60 wide and 40 high, with "rotate 90° clockwise to display".
    attachment = AttachmentFactory(
        file=ContentFile(photo_bytes(60, 40, orientation=6), name="upright.jpg")
    )

    assert (attachment.width, attachment.height) == (40, 60)
    image = opened(f"posts/{attachment.post_id}/renditions/upright.jpg/40.jpg")
    assert image.size == (40, 60)
    assert image.getexif().get(ExifTags.Base.Orientation) in (None, 1)
    # The blue corner, top-left in the stored pixels, is top-right once upright.
    red, _, blue = image.getpixel((35, 3))
    assert blue > 150 and red < 100


def test_location_data_is_stripped_from_renditions():
    original = photo_bytes(800, 600, gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    attachment = AttachmentFactory(file=ContentFile(original, name="where.jpg"))

    for rendition in attachment.reference().renditions:
        name = rendition.url.removeprefix("/media/")
        image = opened(name)
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert b"GPS" not in image.info.get("exif", b"")


def test_png_renditions_keep_transparency():
    attachment = AttachmentFactory(file=ContentFile(png_bytes(40, 30), name="logo.png"))

    assert [r["type"] for r in attachment.renditions] == ["image/webp", "image/png"]
    assert opened(f"posts/{attachment.post_id}/renditions/logo.png/40.png").mode == "RGBA"
    assert opened(f"posts/{attachment.post_id}/renditions/logo.png/40.webp").mode == "RGBA"


def test_animated_gif_is_shown_as_uploaded():
    frames = [Image.new("RGB", (20, 20), c) for c in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], loop=0)
    post = PostFactory(body="![Spinning](spin.gif)")
    attachment = AttachmentFactory(post=post, file=ContentFile(buffer.getvalue(), name="spin.gif"))
    post.refresh_from_db()

    assert attachment.renditions == []
    (img,) = attributes(post.body_html, "img")
    assert img["src"] == attachment.file.url
    assert (img["width"], img["height"]) == ("20", "20")


def test_page_offers_webp_and_jpeg_at_every_width_with_sizes_and_dimensions(client):
    post = PostFactory(body="Intro.\n\n![Yard](yard.jpg)\n\n![Yard again](yard.jpg)")
    AttachmentFactory(post=post, file=ContentFile(photo_bytes(2048, 1365), name="yard.jpg"))
    base = f"/media/posts/{post.pk}/renditions/yard.jpg"

    html = client.get(post.get_absolute_url()).text

    source = attributes(html, "source")[0]
    assert source["type"] == "image/webp"
    assert source["srcset"] == f"{base}/480.webp 480w, {base}/960.webp 960w, {base}/1600.webp 1600w"
    first, second = attributes(html, "img")
    assert first["srcset"] == f"{base}/480.jpg 480w, {base}/960.jpg 960w, {base}/1600.jpg 1600w"
    assert first["src"] == f"{base}/960.jpg"
    assert first["sizes"] == source["sizes"] == "(min-width: 44rem) 40rem, 100vw"
    assert (first["width"], first["height"]) == ("2048", "1365")
    assert "loading" not in first and "decoding" not in first
    assert (second["loading"], second["decoding"]) == ("lazy", "async")


def test_renditions_are_served_as_pictures(client):
    attachment = AttachmentFactory()

    for rendition in attachment.reference().renditions:
        response = client.get(rendition.url)
        assert response.status_code == 200
        assert response["Content-Type"] == rendition.content_type


def test_reader_requests_never_open_or_resize_pictures(client, monkeypatch):
    post = PostFactory(body="![Yard](yard.jpg)", tags=["photos"])
    AttachmentFactory(post=post, file__filename="yard.jpg")

    def fail(*args, **kwargs):
        raise AssertionError("a picture was processed during a reader's request")

    monkeypatch.setattr(Image, "open", fail)
    monkeypatch.setattr(Image.Image, "resize", fail)

    for url in ("/", post.get_absolute_url(), "/tags/photos/"):
        assert "renditions/yard.jpg/64.jpg" in client.get(url).text


def test_sanitiser_refuses_srcset_pointing_at_scripts():
    post = PostFactory(
        body='<img src="/x.jpg" srcset="javascript:alert(1) 1x"> '
        '<picture><source srcset="data:image/svg+xml,<svg> 1x"></picture>'
    )

    assert "javascript" not in post.body_html
    assert "data:" not in post.body_html


def test_refresh_attachments_writes_renditions_for_files_stored_without_them(client):
    post = PostFactory(body="![Yard](yard.jpg)")
    attachment = AttachmentFactory(
        post=post, file=ContentFile(photo_bytes(1000, 600), name="yard.jpg")
    )
    # As stored before renditions existed (migration 0004): no renditions, no content type.
    Attachment.objects.filter(pk=attachment.pk).update(renditions=[], content_type="")
    post.rerender()
    post.refresh_from_db()
    assert "srcset" not in post.body_html

    out = StringIO()
    call_command("refresh_attachments", stdout=out)

    attachment.refresh_from_db()
    post.refresh_from_db()
    assert "Refreshed 1 attachment(s)." in out.getvalue()
    assert attachment.content_type == "image/jpeg"
    assert [r["width"] for r in attachment.renditions] == [480, 480, 960, 960, 1000, 1000]
    assert "1000.webp 1000w" in post.body_html
    assert client.get(attachment.reference().renditions[-1].url).status_code == 200


def test_refresh_attachments_removes_renditions_of_widths_no_longer_wanted(settings):
    attachment = AttachmentFactory(file=ContentFile(photo_bytes(1000, 600), name="yard.jpg"))
    folder = Path(settings.MEDIA_ROOT, f"posts/{attachment.post_id}/renditions/yard.jpg")
    settings.HOGSHEAD = {**settings.HOGSHEAD, "RENDITION_WIDTHS": (320, 1600)}

    call_command("refresh_attachments", "--post", str(attachment.post_id), stdout=StringIO())

    assert sorted(p.name for p in folder.iterdir()) == [
        "1000.jpg",
        "1000.webp",
        "320.jpg",
        "320.webp",
    ]
