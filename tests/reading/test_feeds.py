"""Atom and RSS feeds for the site, each tag and each author, read with a real feed parser."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from blog.models import Post
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_FEEDS = ["/feeds/atom/", "/feeds/rss/"]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)  # noqa: S314 - our own output; must be well-formed XML
    # feedparser's own sanitiser predates <picture> and srcset: read what we actually sent.
    feed = feedparser.parse(response.content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_site_feed_lists_the_newest_twenty_posts_newest_first(client, url):
    now = timezone.now()
    for hours in range(25):
        PostFactory(title=f"Post {hours} hours old", published_at=now - timedelta(hours=hours + 1))

    feed = read_feed(client, url)

    assert titles(feed) == [f"Post {hours} hours old" for hours in range(20)]


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_feed_types_are_atom_and_rss(client, url):
    PostFactory()

    feed = read_feed(client, url)

    assert feed.version == ("atom10" if "atom" in url else "rss20")


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_draft_and_future_posts_are_not_in_the_site_feed(client, url):
    PostFactory(title="Public post")
    PostFactory(title="Secret draft", status=Post.Status.DRAFT)
    PostFactory(title="Tomorrow's post", published_at=timezone.now() + timedelta(days=1))

    assert titles(read_feed(client, url)) == ["Public post"]


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_entry_has_full_content_with_absolute_links_and_pictures(client, url):
    post = PostFactory(
        body=(
            "Intro paragraph.\n\n![A hogshead](picture.jpg)\n\n"
            "See [the other post](/2019/06/02/other/) and a note.[^1]\n\n[^1]: The note."
        )
    )
    AttachmentFactory(post=post)  # re-renders the post: picture.jpg now points at the upload

    entry = read_feed(client, url).entries[0]
    content = entry.content[0].value if "atom" in url else entry.description

    assert "Intro paragraph." in content
    assert "The note." in content
    assert f'src="http://testserver/media/posts/{post.pk}/' in content
    assert f'srcset="http://testserver/media/posts/{post.pk}/' in content
    assert 'src="/' not in content
    assert 'href="http://testserver/2019/06/02/other/"' in content
    assert f'href="http://testserver{post.get_absolute_url()}#fn:' in content
    assert entry.link == f"http://testserver{post.get_absolute_url()}"


def test_atom_summary_is_the_plain_description(client):
    PostFactory(excerpt="Fish & chips <b>today</b>.", body="The whole story.")

    entry = read_feed(client, "/feeds/atom/").entries[0]

    assert entry.summary == "Fish &amp; chips &lt;b&gt;today&lt;/b&gt;."


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_entry_has_publication_update_time_author_and_tags(client, url):
    published = timezone.now().replace(microsecond=0) - timedelta(days=10)
    revised = published + timedelta(days=3)
    post = PostFactory(
        published_at=published, tags=["Python", "django"], author=UserFactory(display_name="Ada")
    )
    Post.objects.filter(pk=post.pk).update(revised_at=revised)

    entry = read_feed(client, url).entries[0]

    assert entry.published_parsed[:6] == published.utctimetuple()[:6]
    if "atom" in url:
        assert entry.updated_parsed[:6] == revised.utctimetuple()[:6]
    assert entry.author == "Ada"
    assert sorted(tag.term for tag in entry.tags) == ["Python", "django"]


def test_atom_updated_is_the_publication_time_without_a_significant_update(client):
    published = timezone.now().replace(microsecond=0) - timedelta(days=2)
    PostFactory(published_at=published)

    entry = read_feed(client, "/feeds/atom/").entries[0]

    assert entry.updated_parsed[:6] == published.utctimetuple()[:6]


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_tag_feed_lists_only_published_posts_with_the_tag(client, kind):
    PostFactory(title="Tagged", tags=["whisky"])
    PostFactory(title="Other", tags=["beer"])
    PostFactory(title="Tagged draft", tags=["whisky"], status=Post.Status.DRAFT)
    PostFactory(
        title="Tagged future", tags=["whisky"], published_at=timezone.now() + timedelta(hours=1)
    )

    feed = read_feed(client, f"/tags/whisky/feeds/{kind}/")

    assert titles(feed) == ["Tagged"]
    assert "whisky" in feed.feed.title


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_tag_feed_of_a_tag_used_only_on_drafts_is_404(client, kind):
    PostFactory(tags=["secret"], status=Post.Status.DRAFT)
    PostFactory(tags=["soon"], published_at=timezone.now() + timedelta(hours=1))

    assert client.get(f"/tags/secret/feeds/{kind}/").status_code == 404
    assert client.get(f"/tags/soon/feeds/{kind}/").status_code == 404
    assert client.get(f"/tags/nothing/feeds/{kind}/").status_code == 404


def test_tag_feed_ignores_the_case_of_the_tag(client):
    PostFactory(title="Tagged", tags=["CentOS"])

    assert titles(read_feed(client, "/tags/CENTOS/feeds/atom/")) == ["Tagged"]


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_author_feed_lists_only_the_authors_published_posts(client, kind):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    PostFactory(title="By Ada", author=ada)
    PostFactory(title="Ada's draft", author=ada, status=Post.Status.DRAFT)
    PostFactory(title="By someone else")

    feed = read_feed(client, f"/authors/ada/feeds/{kind}/")

    assert titles(feed) == ["By Ada"]
    assert "Ada Lovelace" in feed.feed.title


def test_author_feed_of_someone_without_published_posts_is_404(client):
    PostFactory(author=UserFactory(username="quiet"), status=Post.Status.DRAFT)

    assert client.get("/authors/quiet/feeds/atom/").status_code == 404
    assert client.get("/authors/nobody/feeds/atom/").status_code == 404


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_empty_site_feed_is_valid(client, url):
    assert titles(read_feed(client, url)) == []


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_control_characters_and_unusual_unicode_give_valid_xml(client, url):
    odd = "Bell\x07 tab\t vt\x0b ff\x0c esc\x1b nul-ish\x01 \ufffe\uffff RTL \u202e ok 🐖 é ß"
    PostFactory(
        title=f"Title {odd}",
        body=f"Body {odd}\n\n<p>raw \x02 html</p>\n\n`code \x03`",
        excerpt=f"Excerpt {odd}",
        tags=[f"tag{odd[:8]}"],
        author=UserFactory(display_name=f"Name {odd}"),
    )

    entry = read_feed(client, url).entries[0]

    assert entry.title.startswith("Title Bell tab\t vt ff esc nul-ish")
    assert "🐖 é ß" in entry.title


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_feed_answers_a_conditional_request_with_304(client, url):
    PostFactory()
    first = client.get(url)

    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})

    assert by_date.status_code == 304
    assert by_etag.status_code == 304


def test_feed_changes_after_a_new_post_so_old_validators_fail(client):
    PostFactory(published_at=timezone.now() - timedelta(days=2))
    first = client.get("/feeds/atom/")
    PostFactory(title="Fresh")

    again = client.get(
        "/feeds/atom/",
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )

    assert again.status_code == 200
    assert b"Fresh" in again.content


def test_old_if_modified_since_gets_the_feed(client):
    PostFactory()

    response = client.get(
        "/feeds/rss/",
        headers={"if-modified-since": http_date((timezone.now() - timedelta(days=30)).timestamp())},
    )

    assert response.status_code == 200


def test_every_page_announces_the_site_feeds(client):
    post = PostFactory(tags=["whisky"])

    for url in ["/", "/tags/", post.get_absolute_url()]:
        content = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in content
        assert 'href="/feeds/atom/"' in content
        assert 'href="/feeds/rss/"' in content


def test_tag_page_announces_and_links_its_own_feed(client):
    PostFactory(tags=["whisky"])

    content = client.get("/tags/whisky/").content.decode()

    assert 'type="application/atom+xml" title="Posts tagged “whisky” (Atom)"' in content
    assert content.count('href="/tags/whisky/feeds/atom/"') == 2  # <head> and the page


def test_author_page_announces_its_feed(client):
    PostFactory(author=UserFactory(username="ada"))

    assert 'href="/authors/ada/feeds/rss/"' in client.get("/authors/ada/").content.decode()


@pytest.mark.parametrize(("url", "queries"), [("/feeds/atom/", 2), ("/tags/shared/feeds/rss/", 3)])
def test_feed_query_count_does_not_grow_with_posts(
    client, django_assert_max_num_queries, url, queries
):
    for i in range(25):
        post = PostFactory(tags=["shared", f"own-{i}"], author=UserFactory())
        AttachmentFactory(post=post)

    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_feed_is_sent_in_one_piece(client):
    PostFactory.create_batch(3, body="Some *text*.\n\n```python\nprint(1)\n```")

    response = client.get("/feeds/atom/")

    # Thousands of pieces, each written to the socket apart, made a feed ten times slower.
    assert len(list(response)) == 1
    assert b"".join(response) == response.content
