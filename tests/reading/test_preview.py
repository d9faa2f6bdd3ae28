import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from blog.models import Post
from blog.models.sharing import preview_url, start_sharing, stop_sharing
from tests.support.factories import PostFactory, UserFactory
from tests.support.forms import submit_admin_form

pytestmark = pytest.mark.django_db

WEEK = 7 * 24 * 60 * 60


@pytest.fixture
def frozen(time_machine):
    # Signatures carry whole seconds; start on one so the expiry edge is exact.
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    return time_machine


@pytest.fixture
def shared_draft():
    draft = PostFactory(title="Reviewer's copy", body="Secret *plans*.", status=Post.Status.DRAFT)
    start_sharing(draft)
    draft.save()
    return draft


def test_staff_see_a_draft_under_a_banner(staff_client):
    draft = PostFactory(status=Post.Status.DRAFT)

    response = staff_client.get(draft.get_absolute_url())

    assert '<div class="preview-banner" role="status">' in response.text
    assert "Draft — not visible to readers" in response.text


def test_staff_see_when_a_scheduled_post_will_appear(staff_client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    when = timezone.make_aware(timezone.datetime(2031, 3, 4, 15, 30))
    scheduled = PostFactory(published_at=when)

    response = staff_client.get(scheduled.get_absolute_url())

    assert "Scheduled — not visible to readers until" in response.text
    assert "4 March 2031, 15:30 CET" in response.text


def test_staff_views_of_unpublished_posts_are_private_and_unindexed(staff_client):
    draft = PostFactory(status=Post.Status.DRAFT)

    response = staff_client.get(draft.get_absolute_url())

    assert response["X-Robots-Tag"] == "noindex"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert '<meta name="robots" content="noindex">' in response.text


def test_published_posts_have_no_banner_and_may_be_indexed(client):
    response = client.get(PostFactory().get_absolute_url())

    assert "preview-banner" not in response.text
    assert "noindex" not in response.text
    assert "X-Robots-Tag" not in response


def test_an_author_does_not_see_other_authors_drafts_on_the_site(client):
    author = UserFactory(is_staff=True)
    other = PostFactory(status=Post.Status.DRAFT)
    own = PostFactory(status=Post.Status.DRAFT, author=author)
    client.force_login(author)

    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 200


def test_share_link_shows_the_draft_to_anyone_with_a_banner(client, shared_draft):
    response = client.get(preview_url(shared_draft))

    assert response.status_code == 200
    assert "Reviewer&#x27;s copy" in response.text
    assert "Secret <em>plans</em>." in response.text
    assert "You are reading a preview the author shared with you" in response.text


def test_share_link_response_is_private_and_unindexed(client, shared_draft):
    response = client.get(preview_url(shared_draft))

    assert '<meta name="robots" content="noindex">' in response.text
    assert response["X-Robots-Tag"] == "noindex"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_share_link_works_until_it_expires(client, settings, frozen, shared_draft):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PREVIEW_MAX_AGE": WEEK}
    url = preview_url(shared_draft)

    frozen.shift(timedelta(seconds=WEEK))
    assert client.get(url).status_code == 200
    frozen.shift(timedelta(seconds=1))
    assert client.get(url).status_code == 404


def test_shorter_max_age_setting_expires_links_sooner(client, settings, frozen, shared_draft):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PREVIEW_MAX_AGE": 3600}
    url = preview_url(shared_draft)

    frozen.shift(timedelta(hours=1, seconds=1))

    assert client.get(url).status_code == 404


def test_revoked_share_link_is_404(client, shared_draft):
    url = preview_url(shared_draft)
    stop_sharing(shared_draft)
    shared_draft.save()

    assert client.get(url).status_code == 404


def test_sharing_again_after_revoking_does_not_revive_old_links(client, shared_draft):
    old = preview_url(shared_draft)
    stop_sharing(shared_draft)
    start_sharing(shared_draft)
    shared_draft.save()

    assert client.get(old).status_code == 404
    assert client.get(preview_url(shared_draft)).status_code == 200


def test_share_link_of_a_deleted_post_is_404(client, shared_draft):
    url = preview_url(shared_draft)
    shared_draft.delete()

    assert client.get(url).status_code == 404


def test_share_link_of_a_published_post_leads_to_the_post(client, shared_draft):
    url = preview_url(shared_draft)
    shared_draft.status = Post.Status.PUBLISHED
    shared_draft.published_at = timezone.now() - timedelta(minutes=1)
    shared_draft.save()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == shared_draft.get_absolute_url()


def bad_tokens(post):
    """Links an attacker could try, each of which must open nothing."""
    good = preview_url(post).split("/")[2]
    value, timestamp, signature = good.rsplit(":", 2)
    pk, nonce = value.split(".", 1)
    other_signer = signing.TimestampSigner(key="not-the-secret-key", salt="hogshead.preview")
    return {
        "tampered signature": f"{value}:{timestamp}:{signature[:-2]}xx",
        "other post, same signature": f"{int(pk) + 1}.{nonce}:{timestamp}:{signature}",
        "signed with another key": other_signer.sign(value),
        "signed without the salt": signing.TimestampSigner().sign(value),
        "no signature": value,
        "not a post id": signing.TimestampSigner(salt="hogshead.preview").sign(f"x.{nonce}"),
        "garbage": "%00%ff..::",
        "empty nonce": signing.TimestampSigner(salt="hogshead.preview").sign(f"{pk}."),
    }


def test_forged_and_malformed_links_are_404_and_reveal_nothing(client, shared_draft):
    PostFactory(status=Post.Status.DRAFT)  # a neighbour the "other post" token points at
    not_found = client.get("/no-such-page/")

    for name, token in bad_tokens(shared_draft).items():
        response = client.get(f"/preview/{token}/")
        assert response.status_code == 404, name
        assert response.content == not_found.content, name


def test_expired_and_revoked_links_look_like_any_other_404(client, frozen, shared_draft):
    not_found = client.get("/no-such-page/").content
    expired = preview_url(shared_draft)
    frozen.shift(timedelta(days=365))
    revoked = preview_url(shared_draft)
    stop_sharing(shared_draft)
    shared_draft.save()

    assert client.get(expired).content == not_found
    assert client.get(revoked).content == not_found


def test_author_shares_and_revokes_a_preview_from_the_admin(staff_client, reader):
    draft = PostFactory(title="Work in progress", status=Post.Status.DRAFT)
    change_url = f"/admin/blog/post/{draft.pk}/change/"

    shared = submit_admin_form(staff_client, change_url, button="_share_preview")
    page = staff_client.get(shared["Location"])
    link = re.search(r'id="preview-link" type="text" readonly value="([^"]+)"', page.text)[1]

    assert "Anyone with the preview link below can read" in page.text
    assert link.startswith("http://testserver/preview/")
    assert "Work in progress" in reader.get(link).text

    submit_admin_form(staff_client, change_url, button="_stop_sharing")

    assert reader.get(link).status_code == 404
    assert 'id="preview-link"' not in staff_client.get(change_url).text


def test_published_posts_offer_no_share_button(staff_client):
    post = PostFactory()

    page = staff_client.get(f"/admin/blog/post/{post.pk}/change/")

    assert "_share_preview" not in page.text


def test_preview_page_queries_do_not_grow(client, shared_draft, django_assert_max_num_queries):
    shared_draft.tags.add("one", "two", "three")

    # + related posts, first picture, the footer's archive months (uncached)
    with django_assert_max_num_queries(2 + 3):
        assert client.get(preview_url(shared_draft)).status_code == 200
