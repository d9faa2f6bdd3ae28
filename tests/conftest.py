import os

import pytest
from django.core.cache import caches
from django.test import Client

from httpcache.stamp import STATE_KEY, forget_reading


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder, so files on disk are checkable and isolated."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached listings, pages and the content stamp outlive a test's database: every test
    starts with empty caches."""
    for cache in caches.all():
        cache.clear()
    # A running site has a content stamp; create it now, so that query counts measure a page,
    # not the first request after a cache flush (which looks up the next scheduled post).
    stamp_cache = caches["content-stamp"]
    stamp_cache.set(STATE_KEY, {"version": "warm", "changed_at": 0.0, "next_due": None}, None)
    forget_reading()
    yield
    forget_reading()
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def cache_unreachable(settings):
    """Every cache pointed at a Redis port where nothing listens."""
    redis = {
        "BACKEND": "ops.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:8399/1",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
    settings.CACHES = {**settings.CACHES, "default": redis, "content-stamp": redis}


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def reader():
    """A visitor without an account, in a browser of their own (`staff_client` is `client`)."""
    return Client()


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run; each test gets its own context."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop.
    from playwright.sync_api import sync_playwright

    from tests.support.browser import chromium_or_skip

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
