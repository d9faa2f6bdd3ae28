"""The writing screen: the blog's name, a Markdown box made for writing, help where needed."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_is_titled_with_the_blogs_name(staff_client, settings):
    html = staff_client.get("/admin/").text

    assert f"<title>Site administration | {settings.HOGSHEAD['TITLE']}</title>" in html
    assert f"{settings.HOGSHEAD['TITLE']} administration" in html


def test_post_form_loads_the_writing_stylesheet(staff_client):
    html = staff_client.get("/admin/blog/post/add/").text

    assert '<link href="/static/css/admin.css" media="all" rel="stylesheet">' in html


def test_post_form_explains_tags_status_and_attachments(staff_client):
    html = staff_client.get("/admin/blog/post/add/").text

    assert "put a tag of several words in quotes" in html
    assert "a date in the future schedules it" in html
    assert "Use it in the text by its file name" in html
    assert "A line &lt;!-- more --&gt; ends the excerpt" in html
