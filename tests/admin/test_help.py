"""The writing screen: the blog's name, a Markdown box made for writing, help where needed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Post
from tests.support.factories import jpeg_bytes
from tests.support.forms import submit_admin_form

pytestmark = pytest.mark.django_db


def test_admin_is_titled_with_the_blogs_name(staff_client, settings):
    html = staff_client.get("/admin/").text

    assert f"<title>Site administration | {settings.HOGSHEAD['TITLE']}</title>" in html
    assert f"{settings.HOGSHEAD['TITLE']} administration" in html


def test_post_form_loads_the_writing_stylesheet(staff_client):
    html = staff_client.get("/admin/blog/post/add/").text

    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html


def test_post_form_explains_tags_status_and_attachments(staff_client):
    html = staff_client.get("/admin/blog/post/add/").text

    assert "put a tag of several words in quotes" in html
    assert "a date in the future schedules it" in html
    assert "Use it in the text by its file name" in html
    assert "A line &lt;!-- more --&gt; ends the excerpt" in html


def saved_post_warnings(client, body, caption=""):
    response = submit_admin_form(
        client,
        "/admin/blog/post/add/",
        button="_continue",
        title="Casks",
        slug="casks",
        body=body,
        **{
            "attachments-0-file": SimpleUploadedFile("casks.jpg", jpeg_bytes()),
            "attachments-0-caption": caption,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"] if m.level_tag == "warning"]


def test_saving_a_picture_without_a_description_warns_but_saves(staff_client):
    warnings = saved_post_warnings(staff_client, "Look:\n\n![](casks.jpg)")

    assert len(warnings) == 1
    assert "“Casks” has pictures without a description: “casks.jpg”" in warnings[0]
    assert Post.objects.get(slug="casks").attachments.count() == 1


def test_a_caption_describes_a_picture_with_empty_brackets(staff_client):
    assert saved_post_warnings(staff_client, "![](casks.jpg)", caption="Casks in a shed") == []


def test_described_picture_raises_no_warning(staff_client):
    assert saved_post_warnings(staff_client, "![Two casks in a shed](casks.jpg)") == []
