"""Listings are served from a cache (blog.reading.listing); a reader must never notice it.

Each test first reads the page, so what it shows next comes from the cache unless the
change retired it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from blog.models import Post, Tag
from blog.reading import listing
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    now = timezone.now()
    return [
        PostFactory(title=f"Post {i:02d}", published_at=now - timedelta(hours=i), tags=["cask"])
        for i in range(1, 26)
    ]


def titles(response):
    return [post.title for post in response.context["posts"]]


def all_titles(client, urls):
    return [title for url in urls for title in titles(client.get(url))]


def test_cached_front_page_is_the_same_page(client, posts):
    first = client.get("/").content

    assert client.get("/").content == first
    cache.clear()
    assert client.get("/").content == first


def test_warm_listings_need_almost_no_queries(
    client, posts, django_assert_max_num_queries, settings
):
    settings.HTTPCACHE = {**settings.HTTPCACHE, "PAGE_TIMEOUT": 0}  # no page cache: this layer
    for url in ["/", "/page/2/", "/tags/cask/", "/tags/cask/page/3/"]:
        client.get(url)

    with django_assert_max_num_queries(0):
        client.get("/")
        client.get("/page/2/")
    with django_assert_max_num_queries(1):  # the tag itself
        client.get("/tags/cask/page/3/")


def test_renamed_tag_shows_its_new_name_in_listings(client, posts):
    client.get("/")
    tag = Tag.objects.get(name="cask")
    tag.name = "barrel"
    tag.save()

    page = client.get("/").text

    assert ">barrel</a>" in page
    assert ">cask</a>" not in page


def test_author_display_name_change_shows_in_listings(client, posts):
    client.get("/")
    author = posts[0].author
    author.display_name = "Ada Lovelace"
    author.save()

    assert "Ada Lovelace" in client.get("/").text


def test_tags_removed_from_a_post_leave_its_article(client, posts):
    client.get("/")
    posts[0].tags.set(["peat"])

    article = client.get("/").text.split("</article>")[0]

    assert ">peat</a>" in article
    assert ">cask</a>" not in article


def test_edited_post_shows_its_new_title_and_body(client, posts):
    client.get("/")
    posts[0].title = "A better title"
    posts[0].body = "A *better* body."
    posts[0].save()

    page = client.get("/").text

    assert "A better title" in page
    assert "A <em>better</em> body." in page


def test_new_post_appears_and_counts_move(client, posts):
    assert "Page 1 / 3" in client.get("/").text
    for i in range(6):
        PostFactory(title=f"Fresh {i}", published_at=timezone.now())

    response = client.get("/")

    assert titles(response)[0].startswith("Fresh")
    assert "Page 1 / 4" in response.text


def test_deleted_and_reverted_posts_leave_listings(client, posts):
    client.get("/")
    client.get("/tags/cask/")
    posts[0].delete()
    posts[1].status = Post.Status.DRAFT
    posts[1].save()

    assert titles(client.get("/"))[:2] == ["Post 03", "Post 04"]
    assert "Post 02" not in client.get("/tags/cask/").text


def test_new_picture_shows_in_the_listed_article(client, posts):
    client.get("/")
    posts[0].body = "![The cask](picture.jpg)"
    posts[0].save()
    client.get("/")
    assert 'alt="The cask"' not in client.get("/").text  # not attached yet: not shown
    attachment = AttachmentFactory(post=posts[0])

    html = client.get("/").text
    assert 'alt="The cask"' in html
    assert f'src="{attachment.file.url.rsplit("/", 1)[0]}/' in html


def test_scheduled_post_appears_when_due_without_any_write(client, posts, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    PostFactory(title="Later", published_at=timezone.now() + timedelta(hours=1))
    assert "Page 1 / 3" in client.get("/").text
    assert titles(client.get("/page/3/"))[0] == "Post 21"

    time_machine.shift(timedelta(hours=1))
    response = client.get("/")

    assert titles(response)[0] == "Later"
    assert titles(client.get("/page/3/")) == [f"Post {i}" for i in range(20, 26)]


def test_scheduled_post_becomes_the_newer_neighbour_when_due_without_any_write(
    client, posts, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    # Due well before anything cached expires by itself.
    later = PostFactory(title="Later", published_at=timezone.now() + timedelta(seconds=30))
    newest = Post.objects.get(title="Post 01")
    assert "Newer post" not in client.get(newest.get_absolute_url()).text

    time_machine.shift(timedelta(seconds=30))
    page = client.get(newest.get_absolute_url()).text

    assert f'href="{later.get_absolute_url()}" rel="next"' in page


def test_deep_pages_from_boundaries_match_plain_offsets(client, posts, monkeypatch):
    monkeypatch.setattr(listing, "BOUNDARY_EVERY", 4)
    expected = [p.title for p in Post.objects.published()]

    shown = all_titles(client, ["/", "/page/2/", "/page/3/"])
    assert shown == expected

    PostFactory(title="Newest", published_at=timezone.now())  # every boundary moves by one post
    shown = all_titles(client, ["/", "/page/2/", "/page/3/"])
    assert shown == ["Newest", *expected]


def test_deep_tag_pages_from_boundaries_match_plain_offsets(client, posts, monkeypatch):
    monkeypatch.setattr(listing, "BOUNDARY_EVERY", 3)
    PostFactory(title="Untagged")

    shown = all_titles(client, ["/tags/cask/page/2/", "/tags/cask/page/3/"])

    assert shown == [f"Post {i:02d}" for i in range(11, 26)]


def test_author_page_and_front_page_have_separate_counts(client, posts):
    ada = UserFactory(username="ada")
    PostFactory(author=ada, title="By Ada")

    assert "Page 1 / 3" in client.get("/").text
    assert "1 post" in client.get("/authors/ada/").text


def test_warm_post_page_asks_only_for_the_post_and_its_tags(
    client, posts, django_assert_max_num_queries, settings
):
    settings.HTTPCACHE = {**settings.HTTPCACHE, "PAGE_TIMEOUT": 0}  # no page cache: this layer
    url = posts[5].get_absolute_url()
    client.get(url)

    with django_assert_max_num_queries(2):  # the post and author, its tags
        response = client.get(url)

    assert response.context["previous_post"] == posts[6]
    assert response.context["next_post"] == posts[4]


def test_neighbours_and_related_posts_follow_changes(client, posts):
    url = posts[5].get_absolute_url()
    assert posts[0] in client.get(url).context["related_posts"]
    posts[4].title = "Renamed neighbour"
    posts[4].save()
    posts[0].tags.set(["elsewhere"])

    response = client.get(url)

    assert "Renamed neighbour" in response.text
    assert posts[0] not in response.context["related_posts"]


def test_feed_content_is_kept_and_follows_edits(client, posts):
    first = client.get("/feeds/atom/").content
    assert client.get("/feeds/atom/").content == first

    posts[0].body = "A *fresh* body."
    posts[0].save()

    assert b"&lt;em&gt;fresh&lt;/em&gt;" in client.get("/feeds/atom/").content


def test_a_post_pages_link_preview_picture_follows_attachments(client, posts):
    url = posts[5].get_absolute_url()
    assert client.get(url).context["image"] is None

    attachment = AttachmentFactory(post=posts[5])
    response = client.get(url)

    assert response.context["image"] == attachment
    assert f'<meta property="og:image" content="http://testserver{attachment.file.url}">' in (
        response.text
    )

    attachment.delete()
    assert client.get(url).context["image"] is None
