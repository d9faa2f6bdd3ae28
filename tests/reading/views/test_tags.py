from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post, Tag
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_tags_differing_only_in_case_are_one_tag():
    PostFactory(tags=["CentOS"])
    PostFactory(tags=["centos"])
    PostFactory(tags=["CENTOS", "Linux"])

    assert Tag.objects.filter(name__iexact="centos").count() == 1


def test_tag_page_lists_posts_with_mixed_case_tags(client):
    first = PostFactory(title="With capitals", tags=["CentOS"])
    second = PostFactory(title="Lower case", tags=["centos"])
    PostFactory(title="Unrelated", tags=["debian"])

    response = client.get("/tags/centos/")

    assert response.status_code == 200
    assert set(response.context["posts"]) == {first, second}
    assert "Unrelated" not in response.text


def test_tag_page_with_upper_case_slug_redirects(client):
    PostFactory(tags=["CentOS"])

    response = client.get("/tags/CentOS/")

    assert response.status_code == 301
    assert response["Location"] == "/tags/centos/"


def test_posts_show_tagged_as_links(client):
    PostFactory(tags=["podman", "CRIU"])

    response = client.get("/")

    assert "Tagged as:" in response.text
    assert (
        '<a href="/tags/criu/" rel="tag">CRIU</a> <a href="/tags/podman/" rel="tag">podman</a>'
        in response.text
    )


def test_tag_page_is_paginated(client):
    now = timezone.now()
    for i in range(12):
        PostFactory(tags=["linux"], published_at=now - timedelta(days=i + 1))

    first = client.get("/tags/linux/")
    second = client.get("/tags/linux/page/2/")

    assert "Page 1 / 2" in first.text
    assert 'href="/tags/linux/page/2/"' in first.text
    assert len(second.context["posts"]) == 2
    assert client.get("/tags/linux/page/3/").status_code == 404


def test_unknown_tag_is_404(client):
    assert client.get("/tags/nothing-here/").status_code == 404


def test_tag_index_lists_tags_with_counts(client):
    PostFactory(tags=["linux", "podman"])
    PostFactory(tags=["Linux"])

    response = client.get("/tags/")

    counts = {tag.name: tag.post_count for tag in response.context["tags"]}
    assert counts == {"linux": 2, "podman": 1}


def test_tag_names_are_escaped(client):
    PostFactory(tags=['<img src=x onerror="alert(1)">'])

    text = client.get("/").text + client.get("/tags/").text

    assert "<img src=x" not in text
    assert "&lt;img src=x" in text


def test_tag_cloud_sizes_tags_by_their_published_post_count(client):
    for _ in range(20):
        PostFactory(tags=["common"])
    for _ in range(4):
        PostFactory(tags=["middling"])
    PostFactory(tags=["rare"])
    for _ in range(30):
        PostFactory(tags=["rare"], status=Post.Status.DRAFT)

    response = client.get("/tags/")

    weights = {tag.name: (tag.weight, tag.post_count) for tag in response.context["tags"]}
    assert weights == {"common": (5, 20), "middling": (3, 4), "rare": (1, 1)}
    assert '<li class="tag-weight-5"><a href="/tags/common/" rel="tag">common</a>' in response.text
    assert '<span class="count">(20)</span>' in response.text


def test_tag_cloud_with_one_count_gives_every_tag_the_middle_size(client):
    PostFactory(tags=["one", "two"])

    assert {tag.weight for tag in client.get("/tags/").context["tags"]} == {3}


def test_tag_counts_leave_out_future_posts(client):
    PostFactory(tags=["whisky"])
    PostFactory(tags=["whisky", "soon"], published_at=timezone.now() + timedelta(days=1))

    counts = {tag.name: tag.post_count for tag in client.get("/tags/").context["tags"]}

    assert counts == {"whisky": 1}
