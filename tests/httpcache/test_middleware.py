"""HTTP caching of reader pages: validators, 304s, max-age, the page cache and its invalidation."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.utils import timezone

from blog.models import Post
from blog.models.sharing import preview_url, start_sharing
from httpcache import stamp
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def cache_control(response):
    directives = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name] = value
    return directives


@pytest.fixture
def post():
    return PostFactory(title="First light", body="See [the patch](fix.patch).", tags=["whisky"])


def test_reader_pages_carry_validators_and_a_short_max_age(client, post):
    for path in ["/", post.get_absolute_url(), "/tags/", "/tags/whisky/"]:
        response = client.get(path)

        assert response["ETag"].startswith('W/"'), path
        assert response["Last-Modified"].endswith(" GMT"), path
        assert cache_control(response) == {"max-age": "60", "s-maxage": "5"}, path
        assert "Cookie" in response["Vary"], path


def test_unchanged_page_answers_304_to_its_etag(client, post):
    first = client.get("/")

    again = client.get("/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_unchanged_page_answers_304_to_its_date(client, post):
    first = client.get("/tags/")

    again = client.get("/tags/", headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_a_repeated_page_is_served_from_the_page_cache(client, post, django_assert_num_queries):
    first = client.get("/")

    with django_assert_num_queries(0):
        again = client.get("/")

    assert again.status_code == 200
    assert again.content == first.content


def change_title(post):
    post.title = "Renamed"
    post.save()


def add_tag(post):
    post.tags.add("islay")


def remove_tags(post):
    post.tags.clear()


def attach_file(post):
    AttachmentFactory(post=post, file=ContentFile(b"--- a\n+++ b\n", name="fix.patch"))


def rename_author(post):
    post.author.display_name = "Renamed"
    post.author.save()


def publish_another(post):
    PostFactory(title="Renamed")


def unpublish(post):
    post.status = Post.Status.DRAFT
    post.save()


def delete(post):
    post.delete()


@pytest.mark.parametrize(
    "change",
    [
        change_title,
        add_tag,
        remove_tags,
        attach_file,
        rename_author,
        publish_another,
        unpublish,
        delete,
    ],
)
def test_any_change_readers_can_see_gives_fresh_pages_at_once(client, post, change):
    before = client.get("/")

    change(post)
    after = client.get("/", headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content


def test_a_login_changes_nothing_for_readers(client, reader, post, admin_user):
    before = reader.get("/")

    client.post("/admin/login/", {"username": "admin", "password": "password"})

    assert reader.get("/", headers={"If-None-Match": before["ETag"]}).status_code == 304


def test_a_scheduled_post_appears_when_due_though_pages_were_cached(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    PostFactory(title="Already out")
    PostFactory(title="Comes later", published_at=timezone.now() + timedelta(minutes=10))
    before = client.get("/")
    assert "Comes later" not in before.text
    assert client.get("/", headers={"If-None-Match": before["ETag"]}).status_code == 304

    time_machine.shift(timedelta(minutes=10, seconds=1))
    after = client.get("/", headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert "Comes later" in after.text
    assert after["ETag"] != before["ETag"]


def test_nobody_may_keep_a_page_past_the_next_scheduled_post(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    PostFactory(published_at=timezone.now() + timedelta(seconds=30))

    response = client.get("/")

    assert cache_control(response) == {"max-age": "30", "s-maxage": "5"}


def test_logged_in_users_always_get_fresh_private_pages(client, staff_client, reader, post):
    anonymous = reader.get("/")
    assert ">Admin</a>" not in anonymous.text

    response = staff_client.get("/", headers={"If-None-Match": anonymous["ETag"]})

    assert response.status_code == 200
    assert ">Admin</a>" in response.text
    assert {"private", "no-store"} <= cache_control(response).keys()
    assert "ETag" not in response


def test_share_links_are_never_cached(client):
    draft = PostFactory(title="Reviewer's copy", status=Post.Status.DRAFT)
    start_sharing(draft)
    draft.save()

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response).keys()
    assert "ETag" not in response


def test_errors_and_redirects_are_not_cached(client, post):
    missing = client.get("/no-such-page/")
    redirect = client.get("/page/1/")

    assert missing.status_code == 404
    assert redirect.status_code == 301
    for response in (missing, redirect):
        assert "max-age" not in response.get("Cache-Control", "")
        assert not response.get("ETag", "").startswith('W/"')


def test_admin_is_left_alone(client):
    response = client.get("/admin/login/")

    assert "ETag" not in response
    assert "no-store" in cache_control(response)


def test_without_a_cache_pages_are_still_served(client, post, cache_unreachable):
    for path in [post.get_absolute_url(), "/", "/tags/whisky/"]:
        response = client.get(path)

        assert response.status_code == 200, path
        assert "First light" in response.text, path


def test_without_a_cache_authors_can_still_save(cache_unreachable):
    post = PostFactory(title="Saved anyway", author=UserFactory())

    post.title = "Saved again"
    post.save()

    assert Post.objects.get(pk=post.pk).title == "Saved again"


def test_feeds_answer_304_and_follow_changes(client, post):
    first = client.get("/feeds/atom/")
    assert first.status_code == 200
    assert client.get("/feeds/atom/", headers={"If-None-Match": first["ETag"]}).status_code == 304

    change_title(post)
    after = client.get("/feeds/atom/", headers={"If-None-Match": first["ETag"]})

    assert after.status_code == 200
    assert "Renamed" in after.text


def test_a_visitor_with_a_leftover_session_cookie_gets_the_fresh_page(client, post):
    client.cookies["sessionid"] = "expired-long-ago"

    response = client.get("/")

    assert response.status_code == 200
    assert "First light" in response.text
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_worker_keeps_the_pages_it_served_when_the_shared_cache_forgets_them(
    client, post, django_assert_num_queries
):
    first = client.get("/")
    caches["default"].clear()  # Redis restarted empty, say

    with django_assert_num_queries(0):
        again = client.get("/")

    assert again.content == first.content


@pytest.fixture
def stamp_checked_every_second(settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.HTTPCACHE = {**settings.HTTPCACHE, "STAMP_CHECK_SECONDS": 1}


def test_a_change_through_another_worker_shows_within_a_second(
    client, post, stamp_checked_every_second, time_machine
):
    client.get("/")
    caches["content-stamp"].set(
        stamp.STATE_KEY, {**stamp.current_state(), "version": "saved-elsewhere"}, None
    )

    assert client.get("/")["ETag"] != 'W/"saved-elsewhere"'
    time_machine.shift(timedelta(seconds=1))
    assert client.get("/")["ETag"] == 'W/"saved-elsewhere"'


def test_a_change_through_this_worker_shows_at_once(client, post, stamp_checked_every_second):
    client.get("/")

    change_title(post)

    assert "Renamed" in client.get("/").text


def test_a_scheduled_post_shows_when_due_even_within_the_second(
    client, post, stamp_checked_every_second, time_machine
):
    PostFactory(title="Dawn", published_at=timezone.now() + timedelta(milliseconds=500))
    assert "Dawn" not in client.get("/").text

    time_machine.shift(timedelta(milliseconds=500))

    assert "Dawn" in client.get("/").text


def test_a_cached_page_carries_the_same_security_headers(client, post):
    first = client.get("/")
    cached = client.get("/")

    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert cached.has_header(header), header
        assert cached[header] == first[header]
