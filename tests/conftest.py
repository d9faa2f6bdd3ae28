import pytest
from django.core.cache import caches
from django.test import Client


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder, so files on disk are checkable and isolated."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages and the content stamp outlive a test's database; start each test without."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def reader():
    """A visitor without an account, in a browser of their own (`staff_client` is `client`)."""
    return Client()
