"""Django's Redis cache, but a Redis that is down or slow is a cache miss, not a 500.

Everything Hogshead caches (pages, listings, archive months, the content stamp) can be
recomputed from the database, so readers keep getting pages, only slower, while Redis is
away. Each failure is logged; entries written while Redis was away are simply missing.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _forgiving(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as error:
            logger.warning("Redis is unavailable (%s); %s skipped", error, method.__name__)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = method.__name__
    return call


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving(RedisCache.get, _default)
    get_many = _forgiving(RedisCache.get_many, dict)
    has_key = _forgiving(RedisCache.has_key, False)
    add = _forgiving(RedisCache.add, False)
    set = _forgiving(RedisCache.set, None)
    set_many = _forgiving(RedisCache.set_many, list)
    touch = _forgiving(RedisCache.touch, False)
    delete = _forgiving(RedisCache.delete, False)
    delete_many = _forgiving(RedisCache.delete_many, None)
    incr = _forgiving(RedisCache.incr, None)
    clear = _forgiving(RedisCache.clear, False)
