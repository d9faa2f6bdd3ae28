"""Related posts under a post: by shared tags, most shared first, then newest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - timedelta(days=days)


def related_titles(client, post):
    return [
        related.title for related in client.get(post.get_absolute_url()).context["related_posts"]
    ]


def test_related_posts_share_tags_most_shared_first_then_newest(client):
    post = PostFactory(tags=["whisky", "islay", "peat"], published_at=ago(10))
    PostFactory(title="One tag, new", tags=["whisky"], published_at=ago(1))
    PostFactory(title="Three tags", tags=["whisky", "islay", "peat", "other"], published_at=ago(30))
    PostFactory(title="Two tags", tags=["islay", "peat"], published_at=ago(20))
    PostFactory(title="One tag, old", tags=["peat"], published_at=ago(40))
    PostFactory(title="No shared tag", tags=["gin"], published_at=ago(2))

    assert related_titles(client, post) == [
        "Three tags",
        "Two tags",
        "One tag, new",
        "One tag, old",
    ]


def test_at_most_five_related_posts(client):
    post = PostFactory(tags=["whisky"])
    for day in range(8):
        PostFactory(title=f"Day {day}", tags=["whisky"], published_at=ago(day + 2))

    assert related_titles(client, post) == [f"Day {day}" for day in range(5)]


def test_drafts_and_future_posts_are_not_related(client):
    post = PostFactory(tags=["whisky"])
    PostFactory(title="Public", tags=["whisky"])
    PostFactory(title="Draft", tags=["whisky"], status=Post.Status.DRAFT)
    PostFactory(title="Future", tags=["whisky"], published_at=timezone.now() + timedelta(days=1))

    assert related_titles(client, post) == ["Public"]


def test_a_post_without_tags_has_no_related_posts_and_no_heading(client):
    post = PostFactory()
    PostFactory(tags=["whisky"])

    response = client.get(post.get_absolute_url())

    assert response.context["related_posts"] == []
    assert "Related posts" not in response.text


def test_related_posts_are_shown_as_links_under_the_post(client):
    post = PostFactory(tags=["whisky"])
    other = PostFactory(title="Casks & <barrels>", tags=["whisky"])

    text = client.get(post.get_absolute_url()).text

    assert '<h2 id="related-heading">Related posts</h2>' in text
    assert f'<a href="{other.get_absolute_url()}">Casks &amp; &lt;barrels&gt;</a>' in text


@pytest.mark.parametrize(("others", "tags"), [(2, 1), (40, 8)])
def test_related_posts_are_one_query(client, django_assert_max_num_queries, others, tags):
    names = [f"tag-{t}" for t in range(tags)]
    post = PostFactory(tags=names, published_at=ago(1000))
    for i in range(others):
        PostFactory(tags=names[: 1 + i % tags], published_at=ago(i + 1))
    client.get("/")  # the footer's months are cached from here on

    # The post with its author, its tags, previous, next, related posts, first picture.
    with django_assert_max_num_queries(6):
        assert client.get(post.get_absolute_url()).status_code == 200
