"""Galleries: a fenced `gallery` block (or several pictures in one paragraph) is a grid of
thumbnails linking to the whole picture, with captions, working without JavaScript."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.media.test_renditions import photo_bytes
from tests.support.factories import AttachmentFactory, PostFactory
from tests.support.html import attributes, elements

pytestmark = pytest.mark.django_db

SPRINGBANK = """Springbank, 2007:

```gallery
![Caption one](springbank-1.jpg)
![Caption two](springbank-2.jpg "Title two")

![Caption three](springbank-3.jpg)
```

After the gallery.
"""


def post_with_pictures(body, names):
    post = PostFactory(body=body)
    for name in names:
        AttachmentFactory(post=post, file__filename=name, caption="")
    post.refresh_from_db()
    return post


def gallery_items(html):
    """(link, thumbnail src, caption) of each gallery item."""
    links = [a["href"] for a in attributes(html, "a") if a.get("class") == "gallery-link"]
    thumbnails = [img["src"] for img in attributes(html, "img")]
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html)
    return list(zip(links, thumbnails, captions, strict=True))


def test_fenced_gallery_is_a_grid_of_linked_thumbnails_with_captions():
    post = post_with_pictures(SPRINGBANK, [f"springbank-{n}.jpg" for n in (1, 2, 3)])
    base = f"/media/posts/{post.pk}/renditions"

    items = gallery_items(post.body_html)

    assert items == [
        (f"{base}/springbank-1.jpg/64.jpg", f"{base}/springbank-1.jpg/64.jpg", "Caption one"),
        (f"{base}/springbank-2.jpg/64.jpg", f"{base}/springbank-2.jpg/64.jpg", "Title two"),
        (f"{base}/springbank-3.jpg/64.jpg", f"{base}/springbank-3.jpg/64.jpg", "Caption three"),
    ]
    tags = [tag for tag, _ in elements(post.body_html)]
    assert tags[:3] == ["p", "ul", "li"]
    assert attributes(post.body_html, "ul") == [{"class": "gallery"}]
    assert post.body_html.rstrip().endswith("<p>After the gallery.</p>")
    assert all(img["alt"] for img in attributes(post.body_html, "img"))


def test_gallery_links_to_the_largest_rendition_and_thumbnails_use_the_smallest():
    post = PostFactory(body="```gallery\n![Yard](yard.jpg)\n```")
    AttachmentFactory(post=post, file=ContentFile(photo_bytes(2048, 1365), name="yard.jpg"))
    post.refresh_from_db()
    base = f"/media/posts/{post.pk}/renditions/yard.jpg"

    ((link, thumbnail, caption),) = gallery_items(post.body_html)

    assert (link, thumbnail, caption) == (f"{base}/1600.jpg", f"{base}/480.jpg", "Yard")
    (img,) = attributes(post.body_html, "img")
    assert img["sizes"] == "(min-width: 44rem) 13rem, 45vw"


def test_several_pictures_in_one_paragraph_are_a_gallery():
    post = post_with_pictures(
        "![Delivery one](d1.jpg)\n![Delivery two](d2.jpg) ![Delivery three](d3.jpg)",
        ["d1.jpg", "d2.jpg", "d3.jpg"],
    )

    assert [caption for _, _, caption in gallery_items(post.body_html)] == [
        "Delivery one",
        "Delivery two",
        "Delivery three",
    ]


def test_two_galleries_in_one_post():
    post = post_with_pictures(
        "```gallery\n![A](a.jpg)\n![B](b.jpg)\n```\n\nBetween.\n\n~~~gallery\n![C](c.jpg)\n~~~",
        ["a.jpg", "b.jpg", "c.jpg"],
    )

    assert post.body_html.count('<ul class="gallery">') == 2
    assert len(gallery_items(post.body_html)) == 3


def test_missing_picture_is_left_out_of_the_gallery_and_reported():
    post = post_with_pictures("```gallery\n![A](a.jpg)\n![Gone](gone.jpg)\n```", ["a.jpg"])

    assert [caption for _, _, caption in gallery_items(post.body_html)] == ["A"]
    post.render()
    assert post.missing_attachments == ["gone.jpg"]


def test_gallery_shown_as_an_example_inside_code_stays_code():
    post = PostFactory(body="````markdown\n```gallery\n![A](a.jpg)\n```\n````")

    assert "<ul" not in post.body_html
    assert "<img" not in post.body_html
    assert "```gallery" in post.body_html


def test_gallery_page_works_without_inline_script_or_style(client):
    post = post_with_pictures(SPRINGBANK, [f"springbank-{n}.jpg" for n in (1, 2, 3)])

    html = client.get(post.get_absolute_url()).text

    scripts = attributes(html, "script")
    assert {"src": "/static/js/lightbox.js", "defer": None} in scripts
    # JSON-LD is data, never executed: a strict CSP does not apply to it.
    assert all(
        script.get("src") or script.get("type") == "application/ld+json" for script in scripts
    )
    assert not [attrs for _, attrs in elements(html) if "style" in attrs]
    assert "<style" not in html
    for link, _, _ in gallery_items(html):
        assert client.get(link)["Content-Type"] == "image/jpeg"


def test_lightbox_script_is_small_and_closes_on_escape():
    script = Path(settings.BASE_DIR, "static/js/lightbox.js").read_text()

    assert len(script.encode()) < 3 * 1024
    # A modal <dialog> closes on Escape by itself and keeps focus inside while open.
    assert "showModal()" in script
    assert 'addEventListener("close"' in script


def test_gallery_of_missing_pictures_leaves_nothing_behind():
    post = PostFactory(body="Before.\n\n```gallery\n![A](a.jpg)\n![B](b.jpg)\n```\n\nAfter.")

    assert post.body_html == "<p>Before.</p>\n<p>After.</p>"


def test_only_pages_showing_a_gallery_load_the_lightbox(client):
    plain = PostFactory(body="Just words.", published_at=timezone.now() - timedelta(days=3))
    gallery_post = post_with_pictures(SPRINGBANK, [f"springbank-{n}.jpg" for n in (1, 2, 3)])
    lightbox = {"src": "/static/js/lightbox.js", "defer": None}

    assert lightbox not in attributes(client.get(plain.get_absolute_url()).text, "script")
    assert lightbox in attributes(client.get(gallery_post.get_absolute_url()).text, "script")
    assert lightbox in attributes(client.get("/").text, "script")  # the gallery post is listed

    gallery_post.delete()
    assert lightbox not in attributes(client.get("/").text, "script")
