from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from blog.models import FormerURL, Post
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


def on(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12))


def rename(post, slug):
    post.slug = slug
    post.save()


def test_renamed_post_old_url_redirects_permanently_to_the_new_one(client):
    post = PostFactory(slug="old-name", published_at=on(2019, 6, 2))
    rename(post, "new-name")

    response = client.get("/2019/06/02/old-name/")

    assert response.status_code == 301
    assert response["Location"] == "/2019/06/02/new-name/"
    assert client.get(response["Location"]).status_code == 200


def test_redated_post_old_url_redirects_to_the_new_date(client):
    post = PostFactory(slug="moved", published_at=on(2019, 6, 2))
    post.published_at = on(2019, 7, 14)
    post.save()

    response = client.get("/2019/06/02/moved/")

    assert response.status_code == 301
    assert response["Location"] == "/2019/07/14/moved/"


def test_renames_chain_into_a_single_hop(client):
    post = PostFactory(slug="first", published_at=on(2019, 6, 2))
    rename(post, "second")
    rename(post, "third")

    for old in ("/2019/06/02/first/", "/2019/06/02/second/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/2019/06/02/third/"


def test_renaming_back_serves_the_post_and_drops_the_redirect(client):
    post = PostFactory(slug="original", published_at=on(2019, 6, 2))
    rename(post, "detour")
    rename(post, "original")

    assert client.get("/2019/06/02/original/").status_code == 200
    assert list(FormerURL.objects.values_list("path", flat=True)) == ["/2019/06/02/detour/"]


def test_renaming_a_draft_leaves_no_redirect():
    post = PostFactory(slug="draft-name", status=Post.Status.DRAFT)
    rename(post, "better-name")

    assert not FormerURL.objects.exists()


def test_renaming_a_scheduled_post_leaves_no_redirect():
    post = PostFactory(slug="soon", published_at=timezone.now() + timedelta(days=1))
    rename(post, "later")

    assert not FormerURL.objects.exists()


def test_editing_without_changing_the_url_leaves_no_redirect():
    post = PostFactory()
    post.body = "Fixed a typo."
    post.save()

    assert not FormerURL.objects.exists()


def test_old_url_of_a_post_reverted_to_draft_is_404(client):
    post = PostFactory(slug="old-name", published_at=on(2019, 6, 2))
    rename(post, "new-name")
    post.status = Post.Status.DRAFT
    post.save()

    assert client.get("/2019/06/02/old-name/").status_code == 404


def test_deleted_post_is_410_gone_with_a_friendly_page(client):
    post = PostFactory(slug="regret", published_at=on(2019, 6, 2))
    post.delete()

    response = client.get("/2019/06/02/regret/")

    assert response.status_code == 410
    assert "This post has been removed" in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_former_urls_of_a_deleted_post_are_gone_too(client):
    post = PostFactory(slug="before", published_at=on(2019, 6, 2))
    rename(post, "after")
    post.delete()

    assert client.get("/2019/06/02/before/").status_code == 410
    assert client.get("/2019/06/02/after/").status_code == 410


def test_deleted_draft_is_plain_404(client):
    draft = PostFactory(slug="never-seen", status=Post.Status.DRAFT, published_at=on(2019, 6, 2))
    draft.delete()

    assert client.get("/2019/06/02/never-seen/").status_code == 404


def test_new_post_at_a_gone_address_is_served(client):
    PostFactory(slug="reused", published_at=on(2019, 6, 2)).delete()
    PostFactory(slug="reused", published_at=on(2019, 6, 2), title="The new one")

    response = client.get("/2019/06/02/reused/")

    assert response.status_code == 200
    assert "The new one" in response.text


def test_an_imported_path_with_a_query_string_redirects(client):
    post = PostFactory(slug="imported", published_at=on(2019, 6, 2))
    FormerURL.objects.create(path="/archives/?p=123", post=post)
    FormerURL.objects.create(path="/archives/", post=None)

    assert client.get("/archives/?p=123")["Location"] == "/2019/06/02/imported/"
    assert client.get("/archives/?p=999").status_code == 410


def test_only_reads_are_redirected(client):
    post = PostFactory(slug="old-name", published_at=on(2019, 6, 2))
    rename(post, "new-name")

    assert client.head("/2019/06/02/old-name/").status_code == 301
    assert client.post("/2019/06/02/old-name/").status_code == 405


def test_former_url_lookup_is_one_query_and_only_on_404(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    post = PostFactory(slug="old-name", published_at=on(2019, 6, 2))
    rename(post, "new-name")

    # The former-URL lookup, then the 404 page's footer (archive months, cached afterwards).
    with django_assert_num_queries(2):
        assert client.get("/no/such/page/").status_code == 404
    # The post view's own miss, then the former-URL lookup.
    with django_assert_num_queries(2):
        assert client.get("/2019/06/02/old-name/").status_code == 301
    with django_assert_max_num_queries(4 + 1):  # + the footer's archive months, uncached
        assert client.get("/2019/06/02/new-name/").status_code == 200


def test_former_urls_are_listed_and_searchable_in_admin(staff_client):
    post = PostFactory(slug="old-name", title="Renamed post", published_at=on(2019, 6, 2))
    rename(post, "new-name")
    PostFactory(slug="gone", published_at=on(2019, 6, 3)).delete()

    listing = staff_client.get("/admin/blog/formerurl/")
    found = staff_client.get("/admin/blog/formerurl/", {"q": "old-name"})

    assert "/2019/06/02/old-name/" in listing.text
    assert "Renamed post" in listing.text
    assert "410 Gone" in listing.text
    assert "/2019/06/03/gone/" not in found.text
    assert "/2019/06/02/old-name/" in found.text


def test_former_urls_cannot_be_added_or_edited_in_admin(staff_client):
    former = FormerURL.objects.create(path="/old/")

    assert staff_client.get("/admin/blog/formerurl/add/").status_code == 403
    staff_client.post(f"/admin/blog/formerurl/{former.pk}/change/", {"path": "/changed/"})
    former.refresh_from_db()
    assert former.path == "/old/"
