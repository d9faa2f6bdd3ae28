"""What a reader sees and does in a real Chromium: themes, copying code, phones, paper."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.support.factories import PostFactory, UserFactory, post_with_code_and_pictures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHT_BACKGROUND = "rgb(253, 253, 252)"
DARK_BACKGROUND = "rgb(22, 25, 29)"
DARK_CODE_BACKGROUND = "rgb(13, 17, 23)"


@pytest.fixture
def new_page(chromium):
    """Pages in browser contexts of their own (colour scheme, size, permissions, no script)."""
    contexts = []

    def new_page(**options):
        context = chromium.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def post():
    return post_with_code_and_pictures(
        title="Serving a blog from a small machine",
        slug="small-machine",
        author=UserFactory(username="ada", display_name="Ada"),
        tags=["nginx", "ops"],
    )


def background(page, selector="html"):
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def test_theme_toggle_remembers_the_choice_across_reloads(live_server, new_page, post):
    page = new_page(color_scheme="light")
    page.goto(live_server.url + "/")
    toggle = page.get_by_role("button", name="Dark theme")
    assert background(page) == LIGHT_BACKGROUND
    assert toggle.get_attribute("aria-pressed") == "false"

    toggle.click()
    page.goto(live_server.url + post.get_absolute_url())

    assert page.get_attribute("html", "data-theme") == "dark"
    assert background(page) == DARK_BACKGROUND
    assert background(page, ".highlight") == DARK_CODE_BACKGROUND
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="Dark theme").click()
    page.reload()

    assert background(page) == LIGHT_BACKGROUND
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "false"


def test_dark_system_preference_applies_until_the_reader_chooses_light(live_server, new_page, post):
    page = new_page(color_scheme="dark")
    page.goto(live_server.url + post.get_absolute_url())

    assert page.get_attribute("html", "data-theme") is None
    assert background(page) == DARK_BACKGROUND
    assert background(page, ".highlight") == DARK_CODE_BACKGROUND
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="Dark theme").click()
    page.reload()

    assert background(page) == LIGHT_BACKGROUND
    assert background(page, ".highlight") == "rgb(248, 248, 248)"


def test_copy_button_is_reached_by_keyboard_and_copies_the_commands(live_server, new_page, post):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + post.get_absolute_url())

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('copy-button')"):
            break
    else:
        pytest.fail("no copy button among the first 60 tab stops")
    page.keyboard.press("Enter")

    # The button says so once the clipboard's promise settles.
    button = page.locator(".copy-button").first
    expect(button.locator("span").first).to_have_text("Copied")
    expect(page.locator(".highlight [role=status]").first).to_have_text(
        "Code copied to the clipboard"
    )
    # A shell session is copied as commands: no prompts, no output.
    assert page.evaluate("() => navigator.clipboard.readText()") == (
        "sudo apt-get install --no-install-recommends nginx-light postgresql-16\n"
        "sudo systemctl enable --now nginx postgresql\n"
        "curl -sS -o /dev/null -w '%{http_code} %{time_total}\\n' https://localhost/"
    )


def test_copy_button_copies_a_whole_config_file(live_server, new_page, post):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + post.get_absolute_url())

    button = page.locator(".copy-button").nth(1)
    button.click()
    expect(button.locator("span").first).to_have_text("Copied")

    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("server {\n    listen 443 ssl http2;\n")
    assert copied.endswith("    }\n}")


def test_without_javascript_code_is_readable_and_no_dead_button_shows(live_server, new_page, post):
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url + post.get_absolute_url())

    assert not page.locator(".theme-toggle").is_visible()
    assert page.locator(".copy-button").count() == 0
    assert "proxy_set_header X-Forwarded-Proto" in page.locator(".highlight").nth(1).inner_text()


@pytest.mark.parametrize("width", [360, 390, 768, 1280, 2560])
def test_pages_never_scroll_sideways_and_code_scrolls_inside_its_block(
    live_server, new_page, post, width
):
    page = new_page(viewport={"width": width, "height": 800})
    paths = ["/", post.get_absolute_url(), "/tags/", "/tags/nginx/", "/missing/"]
    paths += [reverse("blog:search") + "?q=measure", reverse("blog:archive")]
    for path in paths:
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, f"{path} is {overflow} px too wide at {width} px"

    page.goto(live_server.url + post.get_absolute_url())
    code = page.locator(".highlight pre").first
    assert code.evaluate("e => getComputedStyle(e).whiteSpace") == "pre"
    if width <= 768:
        assert code.evaluate("e => e.scrollWidth > e.clientWidth")
        assert code.get_attribute("tabindex") == "0"


FIRST_LINE_LENGTHS = """() => Array.from(document.querySelectorAll('.post-body > p'))
    .map(p => p.firstChild)
    .filter(text => text && text.nodeType === Node.TEXT_NODE && text.length > 150)
    .map(text => {
        const range = document.createRange();
        const top = i => { range.setStart(text, i); range.setEnd(text, i + 1);
                           return range.getBoundingClientRect().top; };
        let count = 1;
        while (count < text.length && top(count) - top(0) < 2) count++;
        return count;
    })"""


@pytest.mark.parametrize("width", [1280, 2560])
def test_text_keeps_a_readable_measure_on_wide_screens(live_server, new_page, post, width):
    page = new_page(viewport={"width": width, "height": 1200})
    page.goto(live_server.url + post.get_absolute_url())

    lengths = page.evaluate(FIRST_LINE_LENGTHS)
    assert lengths
    assert all(60 <= length <= 80 for length in lengths), lengths


def test_skip_link_is_the_first_tab_stop_and_shows_when_focused(live_server, new_page, post):
    page = new_page()
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")

    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"


def test_printed_page_has_no_navigation(live_server, new_page, post):
    PostFactory(title="An older post", published_at=post.published_at.replace(year=2020))
    page = new_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.emulate_media(media="print")

    for selector in [".site-nav", ".site-footer", ".post-nav", ".copy-button", ".skip-link"]:
        assert page.locator(selector).count(), selector
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".post-body").is_visible()
    assert background(page) == "rgb(255, 255, 255)"


def test_gallery_opens_in_a_lightbox_by_keyboard_and_escape_closes_it(live_server, new_page, post):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + post.get_absolute_url())
    links = page.locator(".gallery-link")
    assert links.count() == 3
    columns = page.eval_on_selector(
        ".gallery", "e => getComputedStyle(e).gridTemplateColumns.split(' ').length"
    )
    assert columns >= 2

    links.nth(1).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    assert dialog.locator("p").inner_text() == "Two casks in a cold shed"
    page.keyboard.press("ArrowRight")
    assert dialog.locator("p").inner_text() == "Chalk marks on a cask head"

    page.keyboard.press("Escape")

    assert not dialog.is_visible()
    # Focus lands on the link of the picture last shown (after the dialog's "close" event).
    page.wait_for_function(
        "() => document.activeElement.classList.contains('gallery-link') &&"
        " document.activeElement.querySelector('img').alt === 'Chalk marks on a cask head'"
    )


def test_figure_caption_sits_under_its_picture(live_server, new_page, post):
    page = new_page()
    page.goto(live_server.url + post.get_absolute_url())
    figure = page.locator(".post-body > figure").first

    picture = figure.locator("img").bounding_box()
    caption = figure.locator("figcaption").bounding_box()

    assert figure.locator("figcaption").inner_text() == "The server cupboard, door open"
    assert caption["y"] >= picture["y"] + picture["height"]
