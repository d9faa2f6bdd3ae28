from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blog.models import Attachment, Post
from tests.support.factories import AttachmentFactory, PostFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def post_form_data(author, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Our hogshead",
        "slug": "our-hogshead",
        "body": "Look:\n\n![The cask](hogshead.jpg)\n\n```python\nprint('hi')\n```",
        "tags": "Whisky, photos",
        "status": "published",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "author": author.pk,
        "excerpt": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-caption": "The cask",
        "attachments-0-order": "0",
    }
    data.update(overrides)
    return data


def test_author_logs_in_and_publishes_a_post_with_a_tag_and_a_picture(client, admin_user):
    PostFactory(title="Yesterday's post", published_at=timezone.now() - timedelta(days=1))
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "password"}
    )
    assert response.status_code == 302

    upload = SimpleUploadedFile("hogshead.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        "/admin/blog/post/add/",
        {**post_form_data(admin_user), "attachments-0-file": upload},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    post = Post.objects.get(slug="our-hogshead")
    attachment = post.attachments.get()
    assert attachment.kind == Attachment.Kind.IMAGE
    assert (attachment.width, attachment.height) == (64, 48)
    assert {tag.name for tag in post.tags.all()} == {"Whisky", "photos"}

    client.logout()
    front = client.get("/")
    assert front.context["posts"][0] == post
    assert "<figcaption>The cask</figcaption>" in front.text
    assert f"/media/posts/{post.pk}/renditions/hogshead.jpg/64.jpg" in front.text
    assert '<span class="nb">print</span>' in front.text
    picture = client.get(attachment.file.url)
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/jpeg"


def test_author_defaults_to_the_logged_in_user(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/blog/post/add/")

    assert response.context["adminform"].form.initial["author"] == admin_user.pk


def test_rendered_html_is_not_editable_in_admin(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/blog/post/add/")

    assert "body_html" not in response.context["adminform"].form.fields


def test_invalid_post_is_not_saved_and_shows_errors(client, admin_user):
    client.force_login(admin_user)

    response = client.post("/admin/blog/post/add/", post_form_data(admin_user, title=""))

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Post.objects.exists()


def test_changelist_queries_do_not_grow_with_rows(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    PostFactory.create_batch(3, tags=["linux", "podman"])
    with django_assert_max_num_queries(20) as few:
        client.get("/admin/blog/post/")

    PostFactory.create_batch(30, tags=["podman", "Linux", "criu"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/blog/post/")

    assert response.status_code == 200
    assert response.text.count("criu, linux, podman") == 30, response.text[-3000:]


def test_changelist_filters_by_tag_and_status(client, admin_user):
    client.force_login(admin_user)
    PostFactory(title="Tagged linux", tags=["linux"])
    PostFactory(title="Tagged other", tags=["other"])
    PostFactory(title="A draft", status=Post.Status.DRAFT)
    linux = Post.objects.get(title="Tagged linux").tags.get()

    by_tag = client.get(f"/admin/blog/post/?tags__id__exact={linux.pk}")
    drafts = client.get("/admin/blog/post/?status__exact=draft")

    assert [post.title for post in by_tag.context["cl"].result_list] == ["Tagged linux"]
    assert [post.title for post in drafts.context["cl"].result_list] == ["A draft"]


def test_view_on_site_link_goes_to_the_post(client, admin_user):
    client.force_login(admin_user)
    post = PostFactory()

    response = client.get(f"/admin/blog/post/{post.pk}/change/")

    assert "View on site" in response.text


def test_attachment_inline_shows_kind_size_and_pixels(client, admin_user):
    client.force_login(admin_user)
    attachment = AttachmentFactory()

    response = client.get(f"/admin/blog/post/{attachment.post.pk}/change/")

    assert "64 × 48" in response.text
    assert "Image" in response.text
