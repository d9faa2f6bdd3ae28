"""The Content-Security-Policy in a real Chromium: the site and the admin trip none of it.

Every violation the browser reports (a blocked inline script or style, a blocked resource)
is recorded from the page's `securitypolicyviolation` events.
"""

import pytest

from tests.support.factories import AttachmentFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def page(browser_page):
    browser_page.add_init_script(RECORD_VIOLATIONS)
    browser_page.console_errors = []
    browser_page.on(
        "console",
        lambda message: (
            message.type == "error" and browser_page.console_errors.append(message.text)
        ),
    )
    return browser_page


def violations(page):
    return page.evaluate("() => window.__violations") + [
        text for text in page.console_errors if "Content Security Policy" in text
    ]


@pytest.fixture
def post():
    post = PostFactory(
        title="Cask strength",
        body="![The cask](picture.jpg)\n\n```python\nprint('hi')\n```\n\nA note.[^1]\n\n[^1]: Yes.",
        tags=["whisky"],
    )
    AttachmentFactory(post=post)
    post.rerender()
    return post


def test_reader_pages_run_under_the_policy(page, live_server, post):
    for path in ["/", post.get_absolute_url(), "/tags/", "/tags/whisky/", "/missing/"]:
        page.goto(live_server.url + path, wait_until="load")
        assert violations(page) == [], path
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily") != ""


def test_the_admin_works_under_the_policy(page, live_server, post, admin_user):
    page.goto(f"{live_server.url}/admin/login/")
    assert violations(page) == []
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/blog/post/")
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    # The admin's own scripts run: the date shortcuts and the inline "add another" row.
    page.click(".datetimeshortcuts a:has-text('Today')")
    page.click(".add-row a")
    assert page.locator(".dynamic-attachments").count() >= 1
    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.locator("#id_title").press_sequentially("A new cask")
    assert page.input_value("#id_slug") == "a-new-cask"  # prepopulate.js ran

    assert violations(page) == []
