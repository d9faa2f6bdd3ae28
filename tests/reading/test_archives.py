"""The archive: every post by month, year and month pages, and the footer's month list."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


def on(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def history():
    """Two posts in June 2019, one in May 2019, one in 2018; a draft and a future post."""
    return {
        "june-late": PostFactory(title="Late June", published_at=on(2019, 6, 20)),
        "june-early": PostFactory(title="Early June", published_at=on(2019, 6, 2)),
        "may": PostFactory(title="In May", published_at=on(2019, 5, 9)),
        "2018": PostFactory(title="Long ago", published_at=on(2018, 11, 1)),
        "draft": PostFactory(
            title="Secret draft", published_at=on(2019, 6, 3), status=Post.Status.DRAFT
        ),
        "future": PostFactory(title="Not yet", published_at=timezone.now() + timedelta(days=1)),
    }


def listed_titles(response):
    return [post.title for post in response.context["posts"]]


def test_archive_lists_every_published_post_by_year_and_month(client, history):
    response = client.get("/archive/")

    grouped = [
        (year, [(month.month, [post.title for post in posts]) for month, posts in months])
        for year, months in response.context["years"]
    ]
    assert grouped == [
        (2019, [(6, ["Late June", "Early June"]), (5, ["In May"])]),
        (2018, [(11, ["Long ago"])]),
    ]
    assert "Secret draft" not in response.text
    assert "Not yet" not in response.text
    assert '<a href="/2019/06/">June 2019</a>' in response.text
    assert '<a href="/2019/">2019</a>' in response.text


def test_archive_of_an_empty_blog_says_so(client):
    PostFactory(status=Post.Status.DRAFT)

    response = client.get("/archive/")

    assert response.status_code == 200
    assert "Nothing has been published yet." in response.text


def test_archive_groups_by_the_sites_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    PostFactory(title="Midsummer night", published_at=on(2019, 6, 30, hour=23))

    months = client.get("/archive/").context["years"][0][1]

    assert months[0][0].month == 7
    assert listed_titles(client.get("/2019/07/")) == ["Midsummer night"]
    assert client.get("/2019/06/").status_code == 404


def test_year_page_lists_the_years_posts_and_links_its_months(client, history):
    response = client.get("/2019/")

    assert listed_titles(response) == ["Late June", "Early June", "In May"]
    assert '<a href="/2019/06/">June</a>' in response.text
    assert '<a href="/2019/05/">May</a>' in response.text
    assert 'href="/2018/"' in response.text


def test_month_page_lists_the_months_posts_and_links_neighbouring_months(client, history):
    response = client.get("/2019/06/")

    assert listed_titles(response) == ["Late June", "Early June"]
    assert 'href="/2019/05/"' in response.text


def test_year_and_month_pages_are_paginated_like_the_front_page(client, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PAGINATE_BY": 2}
    for day in range(1, 6):
        PostFactory(title=f"June {day}", published_at=on(2019, 6, day))

    assert listed_titles(client.get("/2019/06/")) == ["June 5", "June 4"]
    assert listed_titles(client.get("/2019/06/page/3/")) == ["June 1"]
    assert listed_titles(client.get("/2019/page/2/")) == ["June 3", "June 2"]
    assert client.get("/2019/06/page/1/").url == "/2019/06/"
    assert client.get("/2019/page/1/").url == "/2019/"
    second = client.get("/2019/06/page/2/").text
    assert 'href="/2019/06/"' in second
    assert 'href="/2019/06/page/3/"' in second


@pytest.mark.parametrize(
    "url",
    [
        "/2017/",  # nothing that year
        "/2019/07/",  # nothing that month
        "/2019/04/",
        "/2019/13/",
        "/2019/00/",
        "/0000/",
        "/0000/01/",
        "/9999/",
        "/9999/12/",
        "/2019/page/0/",
        "/2019/page/99/",
        "/2019/06/page/99/",
    ],
)
def test_empty_or_invalid_periods_are_404(client, history, url):
    assert client.get(url).status_code == 404


def test_periods_with_only_drafts_or_future_posts_are_404(client):
    PostFactory(published_at=on(2017, 3, 1), status=Post.Status.DRAFT)
    future = timezone.now() + timedelta(days=40)
    PostFactory(published_at=future)

    assert client.get("/2017/").status_code == 404
    assert client.get("/2017/03/").status_code == 404
    assert client.get(f"/{future.year}/{future.month:02d}/").status_code == 404


def test_footer_shows_months_with_published_post_counts(client, history):
    response = client.get("/")

    assert '<a href="/2019/06/">June 2019</a> <span class="count">(2)</span>' in response.text
    assert '<a href="/2019/05/">May 2019</a> <span class="count">(1)</span>' in response.text
    assert '<a href="/2018/11/">November 2018</a> <span class="count">(1)</span>' in response.text
    assert '<a href="/archive/">' in response.text


def test_footer_months_are_one_query_then_cached(
    client, history, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_num_queries(2):  # the archive, the footer's months
        client.get("/archive/")
    # The archive at most (none when the page cache answers); the footer's months are cached.
    with django_assert_max_num_queries(1):
        client.get("/archive/")


def test_footer_months_change_when_a_post_is_saved(client, history):
    client.get("/")
    PostFactory(published_at=on(2017, 2, 1))
    history["may"].status = Post.Status.DRAFT
    history["may"].save()

    text = client.get("/").text

    assert "February 2017" in text
    assert "May 2019" not in text


def test_footer_months_change_when_a_post_is_deleted(client, history):
    client.get("/")
    history["2018"].delete()

    assert "November 2018" not in client.get("/").text


def test_footer_months_change_when_a_scheduled_post_goes_live(client, time_machine):
    time_machine.move_to(on(2019, 6, 30, hour=10), tick=False)
    PostFactory(published_at=on(2019, 6, 1))
    PostFactory(published_at=on(2019, 7, 1, hour=9))
    assert "July 2019" not in client.get("/").text

    time_machine.move_to(on(2019, 7, 1, hour=9) + timedelta(seconds=1), tick=False)

    assert "July 2019" in client.get("/").text


# Year and month pages: is the period empty, the year's months, count, page of posts with
# authors, their tags, the previous and next periods; every page: the footer's months.
@pytest.mark.parametrize(("url", "queries"), [("/archive/", 2), ("/2019/", 8), ("/2019/06/", 7)])
def test_archive_page_queries_do_not_grow(client, django_assert_max_num_queries, url, queries):
    for day in range(1, 29):
        PostFactory(published_at=on(2019, 6, day), tags=[f"tag-{day}", "shared"])
    PostFactory(published_at=on(2018, 6, 1))
    PostFactory(published_at=on(2020, 1, 1))

    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
