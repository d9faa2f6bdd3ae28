from datetime import timedelta

import pytest
from django.test.utils import override_script_prefix
from django.utils import timezone

from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twenty_five_posts():
    now = timezone.now()
    return [
        PostFactory(title=f"Post {i:02d}", published_at=now - timedelta(days=i))
        for i in range(1, 26)
    ]


def test_front_page_shows_ten_newest_posts_with_full_bodies(client, twenty_five_posts):
    response = client.get("/")

    assert [post.title for post in response.context["posts"]] == [
        f"Post {i:02d}" for i in range(1, 11)
    ]
    assert response.text.count("<em>Markdown</em>") == 10


def test_front_page_shows_pager_with_older_link(client, twenty_five_posts):
    response = client.get("/")

    assert "Page 1 / 3" in response.text
    assert 'href="/page/2/"' in response.text
    assert "Newer posts" not in response.text


def test_middle_page_links_both_ways(client, twenty_five_posts):
    response = client.get("/page/2/")

    assert "Page 2 / 3" in response.text
    assert 'href="/"' in response.text
    assert 'href="/page/3/"' in response.text


def test_last_page_has_the_oldest_posts(client, twenty_five_posts):
    response = client.get("/page/3/")

    assert [post.title for post in response.context["posts"]][-1] == "Post 25"
    assert "Older posts" not in response.text


def test_page_setting_changes_posts_per_page(client, settings, twenty_five_posts):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PAGINATE_BY": 5}

    assert "Page 1 / 5" in client.get("/").text


@pytest.mark.parametrize(
    "url", ["/page/4/", "/page/0/", "/page/-1/", "/page/abc/", "/?page=abc", "/?page=0"]
)
def test_bad_page_numbers_are_404(client, twenty_five_posts, url):
    assert client.get(url).status_code == 404


def test_page_one_redirects_to_the_front_page(client, twenty_five_posts):
    response = client.get("/page/1/")

    assert response.status_code == 301
    assert response["Location"] == "/"


def test_empty_blog_front_page_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Nothing has been published yet." in response.text


def test_post_has_a_dated_readable_url(client):
    post = PostFactory(
        slug="hogshead", published_at=timezone.make_aware(timezone.datetime(2019, 6, 2, 12))
    )

    assert post.get_absolute_url() == "/2019/06/02/hogshead/"
    assert client.get("/2019/06/02/hogshead/").status_code == 200


def test_post_url_with_wrong_date_redirects_to_the_right_one(client):
    PostFactory(slug="hogshead", published_at=timezone.make_aware(timezone.datetime(2019, 6, 2)))

    response = client.get("/2020/01/01/hogshead/")

    assert response.status_code == 301
    assert response["Location"] == "/2019/06/02/hogshead/"


def test_unknown_post_is_404(client):
    assert client.get("/2019/06/02/no-such-post/").status_code == 404


def test_post_page_links_to_previous_and_next_posts(client):
    now = timezone.now()
    first = PostFactory(title="First", published_at=now - timedelta(days=3))
    middle = PostFactory(title="Middle", published_at=now - timedelta(days=2))
    last = PostFactory(title="Last", published_at=now - timedelta(days=1))

    response = client.get(middle.get_absolute_url())

    assert f'href="{first.get_absolute_url()}" rel="prev"' in response.text
    assert f'href="{last.get_absolute_url()}" rel="next"' in response.text


def test_titles_are_escaped(client):
    post = PostFactory(title="<script>alert(1)</script> & friends")

    for url in ("/", post.get_absolute_url()):
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in text


def test_site_links_follow_the_address_the_site_is_served_under(client):
    """The header's, head's and footer's links are reversed once per script prefix."""
    PostFactory(title="Casks")
    links = ('href="{}tags/"', 'action="{}search/"', 'href="{}feeds/atom/"', 'href="{}feeds/rss/"')

    with override_script_prefix("/blog/"):
        under_blog = client.get("/tags/").text
    at_root = client.get("/").text  # another page: the page cache keys on the path

    for link in links:
        assert link.format("/blog/") in under_blog
        assert link.format("/") in at_root
        assert link.format("/blog/") not in at_root
