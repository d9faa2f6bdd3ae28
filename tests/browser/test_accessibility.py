"""axe-core finds nothing wrong on the pages readers use, in the light and the dark theme,
whether dark comes from the system or from the reader's toggle."""

import pytest
from django.urls import reverse

from tests.support.axe import axe_or_skip, violations
from tests.support.factories import (
    PostFactory,
    UserFactory,
    long_markdown,
    post_with_code_and_pictures,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = {
    "light": {"color_scheme": "light"},
    "system dark": {"color_scheme": "dark"},
    "dark by toggle": {"color_scheme": "light", "toggle": True},
}


@pytest.fixture
def content():
    author = UserFactory(username="ada", display_name="Ada Lovelace")
    for number in range(4):
        PostFactory(
            title=f"Long post {number}",
            slug=f"long-post-{number}",
            author=author,
            body=long_markdown(number),
            tags=["nginx", "ops"] if number % 2 else ["python"],
        )
    pictured = post_with_code_and_pictures(author=author, tags=["nginx"])
    return {
        "front page": "/",
        "post with code and a gallery": pictured.get_absolute_url(),
        "tag page": "/tags/nginx/",
        "tag list": "/tags/",
        "author page": "/authors/ada/",
        "search results": reverse("blog:search") + "?q=measure",
        "archive": reverse("blog:archive"),
        "archive month": pictured.published_at.strftime("/%Y/%m/"),
        "404 page": "/no/such/page/",
    }


@pytest.fixture
def axe_page(chromium):
    axe_or_skip()
    contexts = []

    def open_page(url, color_scheme, toggle=False):
        # axe is injected as a script of its own: let it past the site's CSP.
        context = chromium.new_context(bypass_csp=True, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if toggle:
            page.goto(url)
            page.get_by_role("button", name="Dark theme").click()
        page.goto(url)
        if toggle:
            assert page.get_attribute("html", "data-theme") == "dark"
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_reader_pages_have_no_accessibility_violations(live_server, content, axe_page, scheme):
    found = {}
    for name, path in content.items():
        page = axe_page(live_server.url + path, **SCHEMES[scheme])
        if problems := violations(page):
            found[name] = problems
    assert not found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_lightbox_has_no_accessibility_violations(live_server, content, axe_page, scheme):
    page = axe_page(live_server.url + content["post with code and a gallery"], **SCHEMES[scheme])
    page.locator(".gallery-link").first.click()
    assert page.locator("dialog.lightbox").is_visible()

    assert violations(page) == []


def test_axe_reports_a_real_violation(live_server, axe_page, content):
    """Guards the guard: an image without alt text on a low-contrast page is caught."""
    page = axe_page(live_server.url + "/", "light")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = '/static/missing.png';
            document.querySelector('main').append(img);
            document.querySelector('.post-meta').style.color = '#ddd';
        }"""
    )
    ids = {problem.split(" ")[0] for problem in violations(page)}
    assert {"image-alt", "color-contrast"} <= ids
