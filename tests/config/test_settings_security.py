"""Security headers, a Content-Security-Policy the site and the admin satisfy, login throttling."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.support.factories import AttachmentFactory, PostFactory
from tests.support.html_checks import csp_directives, inline_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_with_attachments():
    post = PostFactory(
        title="A cask <b>",
        body="![Cask](picture.jpg)\n\n```python\nprint('hi')\n```\n\n[patch](fix.patch)[^1]\n\n"
        "[^1]: A footnote.",
        tags=["whisky", "code"],
    )
    AttachmentFactory(post=post)
    AttachmentFactory(post=post, file=ContentFile(b"--- a\n+++ b\n", name="fix.patch"))
    post.rerender()
    post.refresh_from_db()
    return post


def test_pages_carry_the_security_headers(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_content_security_policy_allows_no_inline_code(client):
    policy = csp_directives(client.get("/")["Content-Security-Policy"])

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_reader_pages_have_no_inline_scripts_or_styles(client, post_with_attachments):
    pages = [
        "/",
        post_with_attachments.get_absolute_url(),
        "/tags/",
        "/tags/whisky/",
        f"/authors/{post_with_attachments.author.username}/",
        "/no-such-page/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in {200, 404}, page
        assert inline_code(response.text) == [], page


def test_admin_pages_have_no_inline_scripts_or_styles(client, staff_client, post_with_attachments):
    login_page = Client().get("/admin/login/")
    assert login_page.status_code == 200
    assert inline_code(login_page.text) == []

    pages = [
        "/admin/",
        "/admin/blog/post/",
        "/admin/blog/post/add/",
        f"/admin/blog/post/{post_with_attachments.pk}/change/",
        "/admin/blog/tag/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/password_change/",
    ]
    for page in pages:
        response = staff_client.get(page)
        assert response.status_code == 200, page
        assert inline_code(response.text) == [], page
        assert csp_directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def login(client, password, address="203.0.113.7", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_admin_login_is_blocked_after_repeated_failures(client, admin_user, throttled):
    assert login(client, "wrong").status_code == 200
    assert login(client, "wrong").status_code == 200
    assert login(client, "wrong").status_code == 429

    response = login(client, "password")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Too many failed logins from your address (3 in a row)" in response.text
    assert "blocked for 15 minutes" in response.text
    assert inline_code(response.text) == []
    assert "_auth_user_id" not in client.session


def test_a_successful_login_forgets_earlier_failures(client, admin_user, throttled):
    login(client, "wrong")
    login(client, "wrong")
    assert login(client, "password").status_code == 302
    client.logout()

    for _ in range(2):
        login(client, "wrong")

    assert login(client, "password").status_code == 302


def test_the_owner_on_another_address_is_not_locked_out(client, admin_user, throttled):
    for _ in range(3):
        login(client, "wrong", "203.0.113.7")
    User = admin_user.__class__
    User.objects.create_superuser("colleague", "c@example.org", "other-password")

    assert login(client, "password", "203.0.113.7").status_code == 429
    assert login(client, "password", "198.51.100.20").status_code == 302
    client.logout()
    colleague = client.post(
        "/admin/login/?next=/admin/",
        {"username": "colleague", "password": "other-password"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert colleague.status_code == 302


def test_reached_directly_a_forged_forwarded_for_changes_nothing(client, admin_user, throttled):
    """Without FORWARDED_ALLOW_IPS no proxy is believed, loopback included."""
    for forged in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        login(client, "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR=forged)

    assert (
        login(client, "password", "127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 429
    )


@pytest.fixture
def behind_proxy(settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "TRUSTED_PROXIES": ["127.0.0.1", "::1"]}


def test_lockout_follows_the_address_the_proxy_saw(client, admin_user, throttled, behind_proxy):
    """Behind the proxy (REMOTE_ADDR 127.0.0.1, named in FORWARDED_ALLOW_IPS) the last
    X-Forwarded-For entry is the visitor; what the visitor wrote before it changes nothing."""
    for spoofed in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        login(client, "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.4")

    locked = login(client, "password", "127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4")
    someone_else = login(client, "password", "127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8")

    assert locked.status_code == 429
    assert someone_else.status_code == 302


def test_forwarded_for_is_ignored_unless_it_comes_from_the_proxy(
    client, admin_user, throttled, behind_proxy
):
    for spoofed in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        login(client, "wrong", "198.51.100.9", HTTP_X_FORWARDED_FOR=spoofed)

    assert (
        login(client, "password", "198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code
        == 429
    )
