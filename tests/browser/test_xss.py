"""The XSS corpus loaded in a real Chromium: no dialog opens, no sentinel is set or requested on
any reader or admin page, whatever field the payload was put in."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.support.browser import TripWire
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory
from tests.support.xss import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def payload_posts():
    posts = []
    for number, payload in enumerate(PAYLOADS):
        author = UserFactory(username=f"writer{number}", display_name=payload[:150])
        post = PostFactory(
            title=payload[:200], body=payload, excerpt=payload, author=author, tags=[payload[:100]]
        )
        AttachmentFactory(post=post, caption=payload[:300])
        posts.append(post)
    return posts


def log_in(page, origin, user):
    page.goto(f"{origin}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{origin}/admin/")


def test_no_payload_runs_on_reader_pages(payload_posts, live_server, browser_page):
    wire = TripWire(browser_page, live_server.url)
    pages = 1 + (len(payload_posts) - 1) // 10
    paths = ["/", reverse("blog:tag_list")]
    paths += [reverse("blog:post_list_page", kwargs={"page": n}) for n in range(2, pages + 1)]
    for post in payload_posts:
        paths.append(post.get_absolute_url())
        paths.append(reverse("blog:tag_detail", kwargs={"slug": post.tags.get().slug}))
    paths += [reverse("blog:archive"), f"{reverse('blog:search')}?q=alert"]
    for payload in PAYLOADS[:20]:
        paths.append(f"/?page={quote(payload, safe='')}")
        paths.append(f"{reverse('blog:search')}?q={quote(payload, safe='')}")
    for path in paths:
        wire.visit(path)
    assert not wire.events


def test_no_payload_runs_in_the_admin(payload_posts, live_server, browser_page, admin_user):
    wire = TripWire(browser_page, live_server.url)
    log_in(browser_page, live_server.url, admin_user)
    paths = [reverse("admin:blog_post_changelist")]
    paths += [reverse("admin:blog_post_change", args=[post.pk]) for post in payload_posts]
    paths += [
        f"{reverse('admin:blog_post_changelist')}?q={quote(payload, safe='')}"
        for payload in PAYLOADS[:20]
    ]
    for path in paths:
        wire.visit(path)
    assert not wire.events


def test_the_trip_wire_notices_a_script_that_runs(live_server, browser_page):
    """Guards the guard: a page that does run a payload is caught."""
    wire = TripWire(browser_page, live_server.url)
    # A blank page: the site's own pages carry a CSP that would block this script anyway.
    browser_page.goto("about:blank")
    browser_page.set_content(
        "<img src=x onerror=alert(1)><script>window.__xss=1</script>"
        f"<img src='http://{'xss.invalid'}/p.gif'>"
    )
    browser_page.wait_for_timeout(300)
    if browser_page.evaluate("() => window.__xss === 1"):
        wire.events.append("window.__xss")
    assert any(e.startswith("dialog") for e in wire.events)
    assert "window.__xss" in wire.events
    assert any("xss.invalid" in e for e in wire.events)
