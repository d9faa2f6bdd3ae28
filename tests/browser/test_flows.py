"""The two journeys that matter, in a real Chromium: a reader browsing from the front page to
a tag's feed and a search, and an author writing, illustrating and publishing a post."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.factories import AttachmentFactory, PostFactory, jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE_POST_BODY = """Checkpointing a container with CRIU.

![The cask in the shed](cask.jpg "Our hogshead in 2003")

```python
def checkpoint(container):
    return run(["podman", "container", "checkpoint", container])
```
"""


def picture_loaded(locator):
    return locator.evaluate("img => img.complete && img.naturalWidth > 0")


def code_is_highlighted(page):
    """A keyword is coloured differently from the plain code around it."""
    return page.evaluate(
        """() => {
            const keyword = document.querySelector('.post-body pre .k, .post-body pre .kd');
            const block = document.querySelector('.post-body pre');
            return !!keyword && getComputedStyle(keyword).color !== getComputedStyle(block).color;
        }"""
    )


@pytest.fixture
def blog():
    now = timezone.now()
    oldest = PostFactory(
        title="Checkpointing containers",
        body=CODE_POST_BODY,
        published_at=now - timedelta(days=30),
        tags=["criu", "podman"],
    )
    AttachmentFactory(post=oldest, file__filename="cask.jpg", caption="The cask")
    for day in range(1, 12):
        PostFactory(title=f"Note {day}", published_at=now - timedelta(days=day), tags=["notes"])
    return oldest


def test_reader_goes_from_the_front_page_to_a_tag_feed_and_a_search(
    blog, live_server, browser_page
):
    page = browser_page
    page.goto(live_server.url + "/")
    assert "Page 1 / 2" in page.locator("body").inner_text()

    page.get_by_role("link", name="Older posts").click()
    page.wait_for_url("**/page/2/")
    page.get_by_role("link", name="Checkpointing containers").click()
    page.wait_for_url(f"**{blog.get_absolute_url()}")
    page.wait_for_load_state("load")
    figure = page.locator(".post-body figure").first
    assert picture_loaded(figure.locator("img"))
    assert figure.locator("figcaption").inner_text() == "Our hogshead in 2003"
    assert code_is_highlighted(page)

    page.locator(".post-body ~ footer .tags a", has_text="criu").first.click()
    page.wait_for_url("**/tags/criu/")
    assert page.locator("h2.post-title", has_text="Checkpointing containers").count() == 1

    feed_link = page.locator("a.feed-link").get_attribute("href")
    feed = page.request.get(live_server.url + feed_link)
    assert feed.ok
    assert "atom" in feed.headers["content-type"]
    assert "Checkpointing containers" in feed.text()

    page.fill("#site-search-q", "checkpoint")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=checkpoint")
    results = page.locator(".search-result h2")
    assert results.all_inner_texts() == ["Checkpointing containers"]


def test_author_writes_illustrates_previews_and_publishes(
    live_server, browser_page, admin_user, tmp_path
):
    PostFactory(title="Yesterday's post", published_at=timezone.now() - timedelta(days=1))
    picture = tmp_path / "hogshead.jpg"
    picture.write_bytes(jpeg_bytes(320, 200))
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.fill("#id_title", "Our hogshead")
    page.fill("#id_body", '![Our hogshead](hogshead.jpg "Our hogshead in 2003")\n\nSmells of oak.')
    page.fill("#id_tags", "whisky")
    page.set_input_files("input[type=file][name$='-file']", str(picture))
    page.select_option("#id_status", "draft")
    page.click("input[name=_continue]")
    page.wait_for_url("**/change/")

    preview = page.locator(".markdown-preview-body figure img")
    preview.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.markdown-preview-body img')]"
        ".some(img => img.complete && img.naturalWidth > 0)"
    )
    assert page.locator(".markdown-preview-body figcaption").inner_text() == (
        "Our hogshead in 2003"
    )

    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/blog/post/")

    page.goto(live_server.url + "/")
    first = page.locator("article").first
    assert first.locator("h2.post-title").inner_text().endswith("Our hogshead")
    page.wait_for_load_state("load")
    assert picture_loaded(first.locator(".post-body img"))
