from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_posts_in_the_past():
    public = PostFactory()
    PostFactory(status=Post.Status.DRAFT)
    PostFactory(published_at=timezone.now() + timedelta(minutes=5))

    assert list(Post.objects.published()) == [public]


def test_draft_is_not_on_the_front_page(client):
    PostFactory(title="Visible post")
    PostFactory(title="Secret draft", status=Post.Status.DRAFT)

    response = client.get("/")

    assert b"Visible post" in response.content
    assert b"Secret draft" not in response.content


def test_future_post_is_not_on_the_front_page(client):
    PostFactory(title="Tomorrow's post", published_at=timezone.now() + timedelta(days=1))

    assert b"Tomorrow" not in client.get("/").content


def test_draft_page_is_404_for_readers(client):
    draft = PostFactory(status=Post.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_future_post_page_is_404_for_readers(client):
    scheduled = PostFactory(published_at=timezone.now() + timedelta(hours=2))

    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_staff_see_a_draft_with_a_draft_marker(staff_client):
    draft = PostFactory(title="Work in progress", status=Post.Status.DRAFT)

    response = staff_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft — not visible to readers" in response.text


def test_staff_see_a_scheduled_post_marked_as_scheduled(staff_client):
    scheduled = PostFactory(published_at=timezone.now() + timedelta(days=3))

    response = staff_client.get(scheduled.get_absolute_url())

    assert "Scheduled — not visible to readers" in response.text


def test_tag_used_only_by_drafts_is_404_and_not_listed(client):
    PostFactory(status=Post.Status.DRAFT, tags=["unreleased"])
    PostFactory(tags=["public"])

    assert client.get("/tags/unreleased/").status_code == 404
    index = client.get("/tags/").text
    assert "public" in index
    assert "unreleased" not in index


def test_tag_counts_ignore_drafts_and_future_posts(client):
    PostFactory(tags=["linux"])
    PostFactory(tags=["linux"], status=Post.Status.DRAFT)
    PostFactory(tags=["linux"], published_at=timezone.now() + timedelta(days=1))

    response = client.get("/tags/")

    assert response.context["tags"][0].post_count == 1


def test_previous_and_next_links_skip_drafts(client):
    older = PostFactory(title="Older", published_at=timezone.now() - timedelta(days=3))
    PostFactory(
        title="Hidden draft",
        status=Post.Status.DRAFT,
        published_at=timezone.now() - timedelta(days=2),
    )
    newer = PostFactory(title="Newer", published_at=timezone.now() - timedelta(days=1))

    response = client.get(older.get_absolute_url())

    assert response.context["next_post"] == newer
    assert "Hidden draft" not in response.text


def test_post_becomes_visible_when_its_time_comes(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    post = PostFactory(title="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    assert client.get(post.get_absolute_url()).status_code == 404

    time_machine.shift(timedelta(hours=1, seconds=1))

    assert client.get(post.get_absolute_url()).status_code == 200
    assert b"Scheduled" in client.get("/").content
