"""Speed: pages do not query per picture, and rendition URLs come from the database row,
never from the file system, while a reader waits."""

from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from tests.reading.test_queries import FRONT_PAGE_QUERIES, POST_PAGE_QUERIES
from tests.support.factories import AttachmentFactory, PostFactory
from tests.support.html import attributes

pytestmark = pytest.mark.django_db


def post_with_pictures(count, **kwargs):
    lines = [f"![Picture {n}](picture-{n}.jpg)" for n in range(count)]
    gallery = "\n".join(lines[count // 2 :])
    post = PostFactory(
        body="\n\n".join([*lines[: count // 2], f"```gallery\n{gallery}\n```"]), **kwargs
    )
    for n in range(count):
        AttachmentFactory(post=post, file__filename=f"picture-{n}.jpg")
    post.refresh_from_db()
    return post


@pytest.mark.parametrize("pictures", [1, 10, 50])
def test_post_page_queries_do_not_grow_with_pictures(
    client, django_assert_max_num_queries, pictures
):
    PostFactory(published_at=timezone.now() - timedelta(days=3))
    post = post_with_pictures(pictures, published_at=timezone.now() - timedelta(days=2))
    PostFactory(published_at=timezone.now() - timedelta(days=1))

    with django_assert_max_num_queries(POST_PAGE_QUERIES):
        response = client.get(post.get_absolute_url())

    assert len(attributes(response.text, "img")) == pictures


@pytest.mark.parametrize("pictures", [1, 10, 50])
def test_front_page_queries_do_not_grow_with_pictures(
    client, django_assert_max_num_queries, pictures
):
    post_with_pictures(pictures)
    post_with_pictures(pictures)

    with django_assert_max_num_queries(FRONT_PAGE_QUERIES):
        response = client.get("/")

    assert len(attributes(response.text, "img")) == 2 * pictures


def test_pages_never_ask_the_file_system_about_pictures(client, monkeypatch):
    post = post_with_pictures(4, tags=["photos"])

    def fail(*args, **kwargs):
        raise AssertionError("the file system was asked during a reader's request")

    for method in ("exists", "size", "open", "listdir", "path", "get_modified_time"):
        monkeypatch.setattr(storages["default"], method, fail)

    for url in ("/", post.get_absolute_url(), "/tags/photos/"):
        assert "/renditions/picture-3.jpg/64.webp 64w" in client.get(url).text
