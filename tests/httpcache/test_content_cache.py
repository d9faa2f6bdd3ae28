"""The content cache: two levels (each worker's memory, then the cache all workers share),
both filed under the content version, against the Redis the site runs with in production."""

import os
import secrets

import pytest
import redis
from django.core.cache import caches

from httpcache import content_cache, stamp
from ops.cache import ResilientRedisCache

REDIS_URL = os.environ.get("HOGSHEAD_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def shared_redis(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is needed at {REDIS_URL} (HOGSHEAD_TEST_REDIS_URL): {error}")
    shared = {
        "BACKEND": "ops.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{secrets.token_hex(4)}",
    }
    settings.CACHES = {**settings.CACHES, "default": shared, "content-stamp": shared}
    yield
    caches["default"].clear()


pytestmark = pytest.mark.django_db


def test_a_value_computed_by_one_worker_is_read_by_another(shared_redis):
    calls = []
    assert content_cache.content.get_or_compute("answer", lambda: calls.append(1) or 42) == 42

    caches["local"].clear()  # another gunicorn worker: its own empty memory, the same Redis
    assert content_cache.content.get_or_compute("answer", lambda: calls.append(1) or 0) == 42
    assert calls == [1]


def test_a_content_change_retires_every_entry_in_both_levels(shared_redis):
    content_cache.content.set_many({"count": 10, "months": ["2026-11"]})

    stamp.bump()

    assert content_cache.content.get_many(["count", "months"]) == {}
    content_cache.content.set("count", 11)
    assert content_cache.content.get("count") == 11


def test_within_a_request_the_version_is_read_once(shared_redis):
    state = stamp.current_state()
    reads = []
    original = ResilientRedisCache.get

    def counting_get(self, *args, **kwargs):
        reads.append(args[0])
        return original(self, *args, **kwargs)

    with stamp.pinned(state):
        ResilientRedisCache.get = counting_get
        try:
            for _ in range(5):
                content_cache.content.get("anything")
        finally:
            ResilientRedisCache.get = original

    assert stamp.STATE_KEY not in reads


def test_redis_reads_share_one_client(shared_redis):
    cache = caches["default"]._cache

    assert cache.get_client() is cache.get_client()
    cache_value = secrets.token_hex(8)
    caches["default"].set("reused", cache_value)
    assert caches["default"].get("reused") == cache_value
