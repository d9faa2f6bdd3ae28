from datetime import datetime

import pytest
from django.utils import timezone

from blog.models import FormerURL, Tag
from blog.models.former_urls import feed_url
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


def on(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12))


@pytest.fixture
def post():
    return PostFactory(slug="imported", published_at=on(2019, 6, 2), tags=["Python"])


def test_wordpress_post_id_on_the_front_page_redirects(client, post):
    FormerURL.objects.create(path="/?p=123", post=post)

    response = client.get("/?p=123")

    assert response.status_code == 301
    assert response["Location"] == "/2019/06/02/imported/"


def test_front_page_with_an_unknown_query_string_is_the_front_page(client, post):
    FormerURL.objects.create(path="/?p=123", post=post)

    assert client.get("/?p=999").status_code == 200
    assert client.get("/?utm_source=x").status_code == 200


@pytest.mark.parametrize("asked", ["/old/post/", "/old/post"])
@pytest.mark.parametrize("stored", ["/old/post/", "/old/post"])
def test_former_url_matches_with_or_without_trailing_slash(client, post, asked, stored):
    FormerURL.objects.create(path=stored, post=post)

    response = client.get(asked)

    assert response.status_code == 301
    assert response["Location"] == "/2019/06/02/imported/"


def test_query_string_former_url_matches_without_trailing_slash(client, post):
    FormerURL.objects.create(path="/archives/?p=7", post=post)

    assert client.get("/archives?p=7")["Location"] == "/2019/06/02/imported/"


def test_former_url_with_the_query_string_beats_the_bare_path(client, post):
    other = PostFactory(slug="other", published_at=on(2019, 6, 3))
    FormerURL.objects.create(path="/index.php", post=other)
    FormerURL.objects.create(path="/index.php?p=5", post=post)

    assert client.get("/index.php?p=5")["Location"] == "/2019/06/02/imported/"
    assert client.get("/index.php?p=6")["Location"] == "/2019/06/03/other/"


def test_old_tag_address_leads_to_the_tag_page(client, post):
    FormerURL.objects.create(
        path="/?tag=python", target=FormerURL.Target.TAG, tag=Tag.objects.get()
    )
    FormerURL.objects.create(
        path="/tag/python/", target=FormerURL.Target.TAG, tag=Tag.objects.get()
    )

    assert client.get("/?tag=python")["Location"] == "/tags/python/"
    assert client.get("/tag/python")["Location"] == "/tags/python/"


def test_old_feed_addresses_lead_to_our_feeds(client, post):
    tag = Tag.objects.get()
    FormerURL.objects.create(path="/feed/", target=FormerURL.Target.FEED)
    FormerURL.objects.create(path="/tag/python/feed/", target=FormerURL.Target.TAG_FEED, tag=tag)

    assert client.get("/feed/")["Location"] == feed_url()
    assert client.get("/tag/python/feed/")["Location"] == feed_url(tag)


def test_a_tag_redirect_is_not_gone_and_goes_with_its_tag(client, post):
    tag = Tag.objects.get()
    FormerURL.objects.create(path="/tag/python/", target=FormerURL.Target.TAG, tag=tag)
    tag.delete()

    assert client.get("/tag/python/").status_code == 404


def test_lookup_with_a_query_string_is_one_query(client, post, django_assert_num_queries):
    FormerURL.objects.create(path="/?p=123", post=post)
    client.get("/warm/up/")  # the footer's archive months are cached after the first page

    with django_assert_num_queries(1):
        assert client.get("/no/such/page?x=1").status_code == 404


def test_live_page_looks_up_only_an_old_engine_query_string(
    client, post, django_assert_max_num_queries, django_assert_num_queries
):
    # Each address asked once: the page cache must not answer for the live page.
    client.get("/2019/06/02/imported/?utm_source=a")  # the footer's archive months get cached
    # The post and author, tags, previous, next, related posts, first picture.
    with django_assert_max_num_queries(6) as plain:
        client.get("/2019/06/02/imported/?utm_source=b")
    with django_assert_num_queries(len(plain.captured_queries) + 1):
        client.get("/2019/06/02/imported/?p=123")
    assert not any("former" in q["sql"].lower() for q in plain.captured_queries)


def test_admin_lists_where_a_tag_address_leads(staff_client, post):
    FormerURL.objects.create(
        path="/tag/python/", target=FormerURL.Target.TAG, tag=Tag.objects.get()
    )

    listing = staff_client.get("/admin/blog/formerurl/")

    assert "Tag page Python" in listing.text
    assert 'href="/tags/python/"' in listing.text


def test_a_raw_nul_in_the_query_string_is_a_plain_404(client, post):
    FormerURL.objects.create(path="/old/", post=post)

    assert client.get("/no/such/page/", QUERY_STRING="p=\x00").status_code == 404
    assert client.get("/old/", QUERY_STRING="p=\x00")["Location"] == "/2019/06/02/imported/"
