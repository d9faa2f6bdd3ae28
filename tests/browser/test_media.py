"""Galleries, the lightbox and the admin's live preview in a real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_xss import log_in
from tests.support.factories import AttachmentFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GALLERY = '```gallery\n![Cask one](one.jpg)\n![Cask two](two.jpg "The second cask")\n```'


@pytest.fixture
def gallery_post():
    post = PostFactory(body=GALLERY)
    AttachmentFactory(post=post, file__filename="one.jpg")
    AttachmentFactory(post=post, file__filename="two.jpg")
    post.refresh_from_db()
    return post


def test_lightbox_opens_moves_with_arrows_and_closes_on_escape(
    gallery_post, live_server, browser_page
):
    page = browser_page
    page.goto(live_server.url + gallery_post.get_absolute_url())

    page.focus("a.gallery-link >> nth=0")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open")
    assert page.locator("dialog.lightbox p").text_content() == "Cask one"
    assert page.locator("dialog.lightbox img").get_attribute("src").endswith("/one.jpg/64.jpg")

    page.keyboard.press("ArrowRight")
    assert page.locator("dialog.lightbox p").text_content() == "The second cask"

    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    # The dialog's close event, which hands focus to the picture last shown, is a task queued
    # after the dialog closes.
    expect(page.locator("a.gallery-link >> nth=1")).to_be_focused()


def test_gallery_links_open_the_picture_without_javascript(gallery_post, live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + gallery_post.get_absolute_url())
        with page.expect_navigation():
            page.click("a.gallery-link >> nth=0")
        assert page.url.endswith("/renditions/one.jpg/64.jpg")
    finally:
        context.close()


def test_admin_preview_follows_typing(gallery_post, live_server, browser_page, admin_user):
    page = browser_page
    log_in(page, live_server.url, admin_user)
    page.goto(f"{live_server.url}/admin/blog/post/{gallery_post.pk}/change/")
    preview = page.locator(".markdown-preview-body")
    preview.locator("a.gallery-link").first.wait_for()

    page.fill("#id_body", '![Hogshead](one.jpg "Our hogshead in 2003")\n\n![x](gone.jpg)')

    page.locator(".markdown-preview figcaption", has_text="Our hogshead in 2003").wait_for()
    warning = page.locator(".markdown-preview-warning")
    assert warning.is_visible()
    assert warning.text_content() == "Not attached: gone.jpg"
