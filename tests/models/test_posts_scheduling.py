from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(time_machine):
    """A published post and one scheduled for tomorrow, by the same author, same tag."""
    time_machine.move_to(timezone.now(), tick=False)
    author = UserFactory(username="ada")
    today = PostFactory(title="Today's post", author=author, tags=["whisky"])
    tomorrow = PostFactory(
        title="Tomorrow's post",
        author=author,
        tags=["whisky", "islay"],
        published_at=timezone.now() + timedelta(days=1),
    )
    return today, tomorrow


def what_readers_see(client, today, tomorrow):
    tag_index = client.get("/tags/")
    return {
        "front page": "Tomorrow's post" in client.get("/").text.replace("&#x27;", "'"),
        "post page": client.get(tomorrow.get_absolute_url()).status_code == 200,
        "tag page": client.get("/tags/whisky/").context["paginator"].count == 2,
        "tag only it has": client.get("/tags/islay/").status_code == 200,
        "tag counts": {tag.slug: tag.post_count for tag in tag_index.context["tags"]}
        == {"whisky": 2, "islay": 1},
        "author page": client.get("/authors/ada/").context["paginator"].count == 2,
        "next link": client.get(today.get_absolute_url()).context.get("next_post") == tomorrow,
    }


def test_scheduled_post_is_nowhere_before_its_time(client, blog):
    assert not any(what_readers_see(client, *blog).values())


def test_scheduled_post_is_everywhere_once_its_time_comes(client, blog, time_machine):
    time_machine.shift(timedelta(days=1))

    assert all(what_readers_see(client, *blog).values())


def test_scheduled_post_is_still_hidden_a_second_before(client, blog, time_machine):
    time_machine.shift(timedelta(days=1) - timedelta(seconds=1))

    assert not any(what_readers_see(client, *blog).values())


def test_admin_lists_scheduled_posts_distinctly(staff_client, settings):
    settings.TIME_ZONE = "UTC"
    PostFactory(title="Already out", published_at=timezone.make_aware(datetime(2020, 1, 2)))
    PostFactory(title="Not yet", published_at=timezone.make_aware(datetime(2031, 3, 4, 15)))
    PostFactory(title="Unfinished", status=Post.Status.DRAFT)

    text = staff_client.get("/admin/blog/post/").text

    assert (
        '<td class="field-publication"><strong>Scheduled for March 4, 2031, 3 p.m.</strong></td>'
        in text
    )
    assert '<td class="field-publication">Draft</td>' in text
    assert '<td class="field-publication">Published Jan. 2, 2020</td>' in text


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", {"Unfinished"}), ("scheduled", {"Not yet"}), ("published", {"Already out"})],
)
def test_admin_filters_posts_by_publication_state(staff_client, state, expected):
    PostFactory(title="Already out")
    PostFactory(title="Not yet", published_at=timezone.now() + timedelta(hours=1))
    PostFactory(title="Unfinished", status=Post.Status.DRAFT)

    response = staff_client.get("/admin/blog/post/", {"publication": state})

    assert {post.title for post in response.context["cl"].result_list} == expected
