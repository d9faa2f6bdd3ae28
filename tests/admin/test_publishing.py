from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.support.factories import PostFactory
from tests.support.forms import submit_admin_form

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/blog/post/"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def change_url(post):
    return f"/admin/blog/post/{post.pk}/change/"


def run_action(client, action, *posts):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [post.pk for post in posts]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_publish_now_publishes_drafts_and_scheduled_posts_at_once(staff_client, reader, frozen):
    draft = PostFactory(status=Post.Status.DRAFT, title="Draft")
    scheduled = PostFactory(title="Later", published_at=timezone.now() + timedelta(days=2))

    response = run_action(staff_client, "publish_now", draft, scheduled)

    for post in (draft, scheduled):
        post.refresh_from_db()
        assert post.status == Post.Status.PUBLISHED
        assert post.published_at == timezone.now()
        assert reader.get(post.get_absolute_url()).status_code == 200
    assert "Published 2 post(s): “Later”, “Draft”." in messages_of(response)


def test_publish_now_leaves_published_posts_alone(staff_client):
    published_at = timezone.now() - timedelta(days=30)
    old = PostFactory(published_at=published_at)

    run_action(staff_client, "publish_now", old)

    old.refresh_from_db()
    assert old.published_at == published_at


def test_publish_now_skips_posts_without_a_body_and_says_why(staff_client):
    empty = PostFactory(title="Empty", body="  ", status=Post.Status.DRAFT)
    ready = PostFactory(title="Ready", status=Post.Status.DRAFT)

    response = run_action(staff_client, "publish_now", empty, ready)

    empty.refresh_from_db()
    assert empty.status == Post.Status.DRAFT
    assert "Skipped “Empty”: A post needs a body before it can be published." in messages_of(
        response
    )
    assert "Published 1 post(s): “Ready”." in messages_of(response)


def test_publish_now_skips_posts_without_a_title(staff_client):
    untitled = PostFactory(title="", status=Post.Status.DRAFT)

    response = run_action(staff_client, "publish_now", untitled)

    untitled.refresh_from_db()
    assert untitled.status == Post.Status.DRAFT
    assert "A post needs a title before it can be published." in messages_of(response)[0]


def test_revert_to_draft_hides_posts_from_readers(staff_client, reader):
    post = PostFactory()

    response = run_action(staff_client, "revert_to_draft", post)

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert reader.get(post.get_absolute_url()).status_code == 404
    assert "Reverted 1 post(s) to draft." in messages_of(response)


def test_a_draft_may_be_saved_without_a_body(staff_client):
    draft = PostFactory(status=Post.Status.DRAFT)

    response = submit_admin_form(staff_client, change_url(draft), body="")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.body == ""


def test_publishing_without_a_body_is_a_form_error(staff_client):
    draft = PostFactory(status=Post.Status.DRAFT, body="")

    response = submit_admin_form(staff_client, change_url(draft), status="published")

    draft.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "A post needs a body before it can be published."
    ]
    assert draft.status == Post.Status.DRAFT


def test_significant_update_shows_updated_date_on_the_post(staff_client, reader, frozen):
    post = PostFactory(published_at=timezone.now() - timedelta(days=10))
    frozen.shift(timedelta(days=1))

    submit_admin_form(staff_client, change_url(post), body="Rewritten.", significant_update="on")

    post.refresh_from_db()
    assert post.revised_at == timezone.now()
    assert post.last_revised_at == timezone.now()
    text = reader.get(post.get_absolute_url()).text
    updated = timezone.localtime()
    assert f'Updated <time datetime="{updated.isoformat()}">{updated:%-d %B %Y}</time>' in text


def test_typo_fix_changes_no_date(staff_client, reader):
    post = PostFactory()

    submit_admin_form(staff_client, change_url(post), body="Fixed a tpyo.")

    post.refresh_from_db()
    assert post.revised_at is None
    assert post.last_revised_at == post.published_at
    assert "Updated" not in reader.get(post.get_absolute_url()).text


def test_significant_update_of_an_unpublished_post_is_a_form_error(staff_client):
    draft = PostFactory(status=Post.Status.DRAFT)

    response = submit_admin_form(staff_client, change_url(draft), significant_update="on")

    assert "Only a post readers have already seen can be updated" in response.text
    draft.refresh_from_db()
    assert draft.revised_at is None
