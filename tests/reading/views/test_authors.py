from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory, UserFactory
from tests.support.forms import submit_admin_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace", bio="Writes <b>notes</b>.")


def make_posts(author, count):
    now = timezone.now()
    return [
        PostFactory(author=author, title=f"Ada {i:02d}", published_at=now - timedelta(days=i + 1))
        for i in range(count)
    ]


def test_author_page_shows_name_bio_and_posts(client, ada):
    make_posts(ada, 2)
    PostFactory(title="Someone else's")

    response = client.get("/authors/ada/")

    assert "<h1>Ada Lovelace</h1>" in response.text
    assert "Writes &lt;b&gt;notes&lt;/b&gt;." in response.text
    assert [post.title for post in response.context["posts"]] == ["Ada 00", "Ada 01"]
    assert "2 posts" in response.text


def test_author_page_is_paginated(client, ada):
    make_posts(ada, 12)

    first = client.get("/authors/ada/")
    second = client.get("/authors/ada/page/2/")

    assert "Page 1 / 2" in first.text
    assert 'href="/authors/ada/page/2/"' in first.text
    assert [post.title for post in second.context["posts"]] == ["Ada 10", "Ada 11"]
    assert client.get("/authors/ada/page/1/")["Location"] == "/authors/ada/"
    assert client.get("/authors/ada/page/3/").status_code == 404


def test_author_page_leaves_out_drafts_and_scheduled_posts(client, ada):
    PostFactory(author=ada, title="Out")
    PostFactory(author=ada, title="Draft", status=Post.Status.DRAFT)
    PostFactory(author=ada, title="Later", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/authors/ada/")

    assert [post.title for post in response.context["posts"]] == ["Out"]


@pytest.mark.parametrize("username", ["nobody", "ADA"])
def test_unknown_author_is_404(client, ada, username):
    PostFactory(author=ada)

    assert client.get(f"/authors/{username}/").status_code == 404


def test_user_without_published_posts_is_404(client, ada):
    PostFactory(author=ada, status=Post.Status.DRAFT)

    assert client.get("/authors/ada/").status_code == 404


def test_author_name_on_posts_links_to_the_author_page(client, ada):
    post = PostFactory(author=ada)
    link = '<a class="author" href="/authors/ada/" rel="author">Ada Lovelace</a>'

    assert link in client.get("/").text
    assert link in client.get(post.get_absolute_url()).text


def test_author_page_queries_do_not_grow_with_posts(client, ada, django_assert_max_num_queries):
    for post in make_posts(ada, 10):
        post.tags.add("one", "two")

    # The author, the count, the page of posts with their authors, their tags.
    with django_assert_max_num_queries(4 + 1):  # + the footer's archive months, uncached
        assert client.get("/authors/ada/").status_code == 200


# The admin, as a member of the "Authors" group sees it.


@pytest.fixture
def author_client(client, ada):
    ada.is_staff = True
    ada.save()
    ada.groups.add(Group.objects.get(name="Authors"))
    client.force_login(ada)
    return client


def test_author_sees_only_their_own_posts_in_admin(author_client, ada):
    PostFactory(author=ada, title="Mine")
    PostFactory(title="Theirs")

    response = author_client.get("/admin/blog/post/")

    assert [post.title for post in response.context["cl"].result_list] == ["Mine"]


def test_author_cannot_open_or_change_another_authors_post(author_client):
    theirs = PostFactory(title="Theirs")
    url = f"/admin/blog/post/{theirs.pk}/change/"

    assert author_client.get(url).status_code == 302
    author_client.post(url, {"title": "Defaced", "slug": theirs.slug, "status": "draft"})
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_author_cannot_delete_another_authors_post(author_client):
    theirs = PostFactory()

    author_client.post(f"/admin/blog/post/{theirs.pk}/delete/", {"post": "yes"})
    author_client.post(
        "/admin/blog/post/", {"action": "delete_selected", "_selected_action": [theirs.pk]}
    )

    assert Post.objects.filter(pk=theirs.pk).exists()


def test_author_can_edit_and_delete_their_own_post(author_client, ada):
    mine = PostFactory(author=ada, title="Mine")
    url = f"/admin/blog/post/{mine.pk}/change/"

    response = submit_admin_form(author_client, url, title="Mine, improved")
    mine.refresh_from_db()
    assert response.status_code == 302
    assert mine.title == "Mine, improved"

    author_client.post(f"/admin/blog/post/{mine.pk}/delete/", {"post": "yes"})
    assert not Post.objects.filter(pk=mine.pk).exists()


def test_new_post_belongs_to_its_author_whatever_the_form_says(author_client, ada):
    someone = UserFactory()

    response = submit_admin_form(
        author_client,
        "/admin/blog/post/add/",
        title="Fresh",
        slug="fresh",
        body="Text.",
        author=str(someone.pk),
    )

    assert response.status_code == 302
    assert Post.objects.get(slug="fresh").author == ada


def test_author_cannot_hand_a_post_to_someone_else(author_client, ada):
    mine = PostFactory(author=ada)
    someone = UserFactory()

    submit_admin_form(author_client, f"/admin/blog/post/{mine.pk}/change/", author=str(someone.pk))

    mine.refresh_from_db()
    assert mine.author == ada


def test_staff_outside_the_authors_group_cannot_use_posts_admin(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)

    assert client.get("/admin/blog/post/").status_code == 403


def test_superuser_sees_every_authors_posts(staff_client, ada):
    PostFactory(author=ada, title="Ada's")
    PostFactory(title="Someone's")

    response = staff_client.get("/admin/blog/post/")

    assert {post.title for post in response.context["cl"].result_list} == {"Ada's", "Someone's"}


def test_object_permissions_refuse_another_authors_post(rf, ada):
    ada.is_staff = True
    ada.save()
    ada.groups.add(Group.objects.get(name="Authors"))
    request = rf.get("/admin/blog/post/")
    request.user = ada
    post_admin = admin.site.get_model_admin(Post)
    mine, theirs = PostFactory(author=ada), PostFactory()

    for check in (
        post_admin.has_view_permission,
        post_admin.has_change_permission,
        post_admin.has_delete_permission,
    ):
        assert check(request, mine)
        assert not check(request, theirs)
