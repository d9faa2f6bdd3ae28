"""The admin for rich posts: several files at once, rows with thumbnail, size and snippet,
and a live preview rendered by the site's own pipeline, behind login and CSRF."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from blog.models import Post
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory, jpeg_bytes
from tests.support.forms import form_values, submit_admin_form
from tests.support.html import attributes
from tests.support.uploads import HTML_PAGE

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/blog/post/markdown-preview/"


def test_several_files_are_attached_at_once(staff_client):
    response = submit_admin_form(
        staff_client,
        "/admin/blog/post/add/",
        title="Springbank 2007",
        slug="springbank-2007",
        body="```gallery\n![One](springbank-1.jpg)\n![Two](springbank-2.jpg)\n```\n\n"
        "![The patch](fix.patch)",
        new_files=[
            SimpleUploadedFile("springbank-1.jpg", jpeg_bytes()),
            SimpleUploadedFile("springbank-2.jpg", jpeg_bytes()),
            SimpleUploadedFile("fix.patch", b"--- a\n+++ b\n"),
        ],
    )

    assert response.status_code == 302
    post = Post.objects.get(slug="springbank-2007")
    assert [(a.filename, a.kind) for a in post.attachments.all()] == [
        ("springbank-1.jpg", "image"),
        ("springbank-2.jpg", "image"),
        ("fix.patch", "file"),
    ]
    assert post.body_html.count('class="gallery-link"') == 2
    assert 'download="fix.patch"' in post.body_html
    messages = staff_client.get("/admin/").context["messages"]
    assert [m.level_tag for m in messages] == ["success"]


def test_one_bad_file_among_several_saves_nothing(staff_client):
    post = PostFactory(body="Before")
    AttachmentFactory(post=post, file__filename="kept.jpg")

    response = submit_admin_form(
        staff_client,
        f"/admin/blog/post/{post.pk}/change/",
        body="After",
        new_files=[
            SimpleUploadedFile("good.jpg", jpeg_bytes()),
            SimpleUploadedFile("cat.jpg", HTML_PAGE),
        ],
    )

    assert response.status_code == 200
    assert "“cat.jpg” is named like a picture but is not" in response.text
    post.refresh_from_db()
    assert post.body == "Before"
    assert [a.filename for a in post.attachments.all()] == ["kept.jpg"]


def test_new_files_come_after_the_existing_ones(staff_client):
    post = PostFactory()
    AttachmentFactory(post=post, file__filename="first.jpg", order=5)

    submit_admin_form(
        staff_client,
        f"/admin/blog/post/{post.pk}/change/",
        new_files=[SimpleUploadedFile("second.jpg", jpeg_bytes())],
    )

    assert [a.filename for a in post.attachments.all()] == ["first.jpg", "second.jpg"]


def test_attachment_rows_show_thumbnail_size_and_snippet(staff_client):
    post = PostFactory()
    picture = AttachmentFactory(post=post, file__filename="cask.jpg", caption="The [old] cask")
    AttachmentFactory(post=post, file=ContentFile(b"x" * 2800, name="fix.patch"), caption="")

    html = staff_client.get(f"/admin/blog/post/{post.pk}/change/").text

    thumbnails = [
        img for img in attributes(html, "img") if img.get("class") == "attachment-thumbnail"
    ]
    assert thumbnails == [
        {
            "class": "attachment-thumbnail",
            "src": picture.reference().renditions[0].url,
            "width": "64",
            "height": "48",
            "alt": "",
        }
    ]
    snippets = re.findall(r'<code class="attachment-snippet">(.*?)</code>', html)
    assert snippets == ["![The \\[old\\] cask](cask.jpg)", "![fix.patch](fix.patch)"]
    assert "2.7\xa0KB" in html
    assert f"{picture.size}\xa0bytes, 64 × 48" in html


def test_change_form_loads_the_preview_script_and_tells_it_where_to_ask(staff_client):
    post = PostFactory()

    html = staff_client.get(f"/admin/blog/post/{post.pk}/change/").text

    (textarea,) = [t for t in attributes(html, "textarea") if t.get("name") == "body"]
    assert textarea["data-preview-url"] == PREVIEW_URL
    assert textarea["data-post"] == str(post.pk)
    assert "/static/js/admin-preview.js" in [s.get("src") for s in attributes(html, "script")]
    script = Path(settings.BASE_DIR, "static/js/admin-preview.js").read_text()
    assert "X-CSRFToken" in script and "setTimeout" in script


def test_preview_is_what_readers_get_for_the_same_text(staff_client):
    post = PostFactory(body='![Cask](cask.jpg "In the yard")\n\nText.[^1]\n\n[^1]: A note.')
    AttachmentFactory(post=post, file__filename="cask.jpg")
    post.refresh_from_db()

    response = staff_client.post(PREVIEW_URL, {"body": post.body, "post": post.pk})

    assert response.status_code == 200
    assert response.json() == {"html": post.body_html, "missing": []}


def test_preview_reports_files_that_are_not_attached(staff_client):
    response = staff_client.post(PREVIEW_URL, {"body": "![Gone](gone.jpg)", "post": ""})

    assert response.json() == {"html": "<p>Gone</p>", "missing": ["gone.jpg"]}


def test_preview_sanitises_like_the_site(staff_client):
    response = staff_client.post(PREVIEW_URL, {"body": "<script>alert(1)</script>**ok**"})

    assert "<script" not in response.json()["html"]
    assert "<strong>ok</strong>" in response.json()["html"]


def test_preview_needs_csrf_token(admin_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    page = browser.get("/admin/blog/post/add/")
    token = form_values(page.text, "post_form")["csrfmiddlewaretoken"]

    refused = browser.post(PREVIEW_URL, {"body": "*hi*"})
    accepted = browser.post(PREVIEW_URL, {"body": "*hi*"}, headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["html"] == "<p><em>hi</em></p>"


def test_preview_is_for_staff_only_and_by_post(client):
    assert client.post(PREVIEW_URL, {"body": "hi"}).status_code == 302  # to the login page
    assert client.get(PREVIEW_URL).status_code == 302


def test_preview_refuses_get(staff_client):
    assert staff_client.get(PREVIEW_URL).status_code == 405


def test_author_cannot_preview_with_someone_elses_attachments(client):
    author = UserFactory(is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    others = PostFactory(body="x")
    AttachmentFactory(post=others, file__filename="secret.jpg")
    own = PostFactory(author=author)
    client.force_login(author)

    refused = client.post(PREVIEW_URL, {"body": "![s](secret.jpg)", "post": others.pk})
    allowed = client.post(PREVIEW_URL, {"body": "*mine*", "post": own.pk})
    garbage = client.post(PREVIEW_URL, {"body": "x", "post": "1 OR 1=1"})

    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert garbage.status_code == 403


def test_reader_with_no_permission_cannot_preview(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.post(PREVIEW_URL, {"body": "x"}).status_code == 403


def test_change_form_queries_do_not_grow_with_attachments(
    staff_client, django_assert_max_num_queries
):
    post = PostFactory()
    AttachmentFactory(post=post)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(f"/admin/blog/post/{post.pk}/change/")

    for n in range(12):
        AttachmentFactory(post=post, file__filename=f"more-{n}.jpg")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(f"/admin/blog/post/{post.pk}/change/")

    assert response.text.count('class="attachment-thumbnail"') == 13
