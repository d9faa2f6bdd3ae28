"""sitemap.xml (an index of sections) and robots.txt, listing only what readers can see."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def section(client, name):
    """{path: lastmod or None} of one section."""
    root = read(client, f"/sitemap-{name}.xml")
    return {
        url.find("s:loc", NS).text.removeprefix("http://testserver"): (
            url.find("s:lastmod", NS).text if url.find("s:lastmod", NS) is not None else None
        )
        for url in root.findall("s:url", NS)
    }


@pytest.fixture
def blog():
    return {
        "public": PostFactory(
            slug="public", published_at=datetime(2019, 6, 2, 12, tzinfo=UTC), tags=["whisky"]
        ),
        "draft": PostFactory(
            slug="draft",
            published_at=datetime(2019, 7, 2, tzinfo=UTC),
            status=Post.Status.DRAFT,
            tags=["secret"],
        ),
        "future": PostFactory(
            slug="future", published_at=timezone.now() + timedelta(days=1), tags=["soon"]
        ),
    }


def test_sitemap_index_lists_the_sections(client, blog):
    root = read(client, "/sitemap.xml")

    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert locations == [
        f"http://testserver/sitemap-{name}.xml" for name in ["pages", "posts", "tags", "archives"]
    ]


def test_posts_section_lists_published_posts_with_their_last_update(client, blog):
    Post.objects.filter(pk=blog["public"].pk).update(revised_at=datetime(2020, 1, 5, 8, tzinfo=UTC))

    assert section(client, "posts") == {"/2019/06/02/public/": "2020-01-05"}


def test_posts_lastmod_is_the_publication_date_without_an_update(client, blog):
    assert section(client, "posts")["/2019/06/02/public/"] == "2019-06-02"


def test_tags_section_lists_tags_with_published_posts(client, blog):
    assert section(client, "tags") == {"/tags/whisky/": "2019-06-02"}


def test_archives_section_lists_years_and_months_with_published_posts(client, blog):
    PostFactory(published_at=datetime(2018, 11, 3, tzinfo=UTC))

    assert set(section(client, "archives")) == {"/2019/", "/2018/", "/2019/06/", "/2018/11/"}


def test_pages_section_lists_the_front_page_archive_and_tags(client):
    assert set(section(client, "pages")) == {"/", "/archive/", "/tags/"}


def test_drafts_and_future_posts_are_in_no_section(client, blog):
    everything = b"".join(
        client.get(f"/sitemap-{name}.xml").content
        for name in ["pages", "posts", "tags", "archives"]
    )

    for hidden in [b"draft", b"future", b"secret", b"soon", b"/2019/07/"]:
        assert hidden not in everything


def test_unknown_section_or_page_is_404(client, blog):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-posts.xml?p=9").status_code == 404
    assert client.get("/sitemap-posts.xml?p=x").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_parts(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /preview/", "Disallow: /search/"} <= set(lines)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Posts and tags: count and latest change; archives: the months.
        ("/sitemap.xml", 5),
        ("/sitemap-posts.xml", 2),
        ("/sitemap-tags.xml", 2),
        ("/sitemap-archives.xml", 1),
        ("/robots.txt", 0),
    ],
)
def test_sitemap_queries_do_not_grow(client, django_assert_max_num_queries, url, queries):
    for day in range(1, 29):
        PostFactory(published_at=datetime(2019, 6, day, tzinfo=UTC), tags=[f"t{day}", "all"])

    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_index_never_reads_the_posts_themselves(
    client, blog, settings, django_assert_max_num_queries
):
    settings.HTTPCACHE = {**settings.HTTPCACHE, "PAGE_TIMEOUT": 0}  # the view's own work
    PostFactory.create_batch(20, tags=["whisky"])

    with CaptureQueriesContext(connection) as cold:
        read(client, "/sitemap.xml")
    with django_assert_max_num_queries(0):  # every section's figures are kept
        read(client, "/sitemap.xml")

    assert not any('"blog_post"."slug"' in query["sql"] for query in cold.captured_queries)
