"""Reader pages run a fixed number of queries, however many posts, tags and pictures they show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.factories import AttachmentFactory, PostFactory

pytestmark = pytest.mark.django_db

# The footer's month list with counts, when it is not cached.
FOOTER_QUERIES = 1
FRONT_PAGE_QUERIES = 3 + FOOTER_QUERIES  # count, page of posts with authors, their tags
TAG_PAGE_QUERIES = 4 + FOOTER_QUERIES  # the tag, count, page of posts with authors, their tags
# The post with its author, its tags, previous, next, related posts, first picture.
POST_PAGE_QUERIES = 6 + FOOTER_QUERIES


def make_posts(count, tags_per_post, pictures_per_post):
    now = timezone.now()
    for i in range(count):
        post = PostFactory(
            published_at=now - timedelta(hours=i + 1),
            tags=["shared", *(f"tag-{i}-{t}" for t in range(tags_per_post))],
        )
        for _ in range(pictures_per_post):
            AttachmentFactory(post=post)


@pytest.mark.parametrize(("posts", "tags", "pictures"), [(1, 1, 0), (12, 3, 1), (30, 8, 4)])
def test_front_page_query_count_is_constant(
    client, django_assert_max_num_queries, posts, tags, pictures
):
    make_posts(posts, tags, pictures)

    with django_assert_max_num_queries(FRONT_PAGE_QUERIES):
        response = client.get("/")

    assert response.status_code == 200


@pytest.mark.parametrize(("posts", "tags", "pictures"), [(1, 1, 0), (12, 3, 1), (30, 8, 4)])
def test_tag_page_query_count_is_constant(
    client, django_assert_max_num_queries, posts, tags, pictures
):
    make_posts(posts, tags, pictures)

    with django_assert_max_num_queries(TAG_PAGE_QUERIES):
        response = client.get("/tags/shared/page/2/" if posts > 10 else "/tags/shared/")

    assert response.status_code == 200


@pytest.mark.parametrize(("tags", "pictures"), [(1, 0), (5, 3), (20, 12)])
def test_post_page_query_count_is_constant(client, django_assert_max_num_queries, tags, pictures):
    make_posts(3, tags, pictures)
    middle = PostFactory(
        published_at=timezone.now() - timedelta(minutes=150),
        tags=[f"own-{t}" for t in range(tags)],
    )
    for _ in range(pictures):
        AttachmentFactory(post=middle)

    with django_assert_max_num_queries(POST_PAGE_QUERIES):
        response = client.get(middle.get_absolute_url())

    assert response.status_code == 200
    assert response.context["previous_post"] is not None
    assert response.context["next_post"] is not None


def test_tag_index_is_one_query(client, django_assert_max_num_queries):
    make_posts(15, 4, 0)

    with django_assert_max_num_queries(1 + FOOTER_QUERIES):
        response = client.get("/tags/")

    assert len(response.context["tags"]) == 1 + 15 * 4
