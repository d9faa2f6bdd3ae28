"""Redis as a cache that may go away: an unreachable Redis behaves like an empty cache.

Pages, listings and the content stamp are all kept in Redis; without this, a Redis restart
would turn every page into a server error. The site then renders everything afresh, logs a
warning (at most every WARNING_INTERVAL seconds) and /healthz reports the cache unavailable.
"""

import functools
import logging
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

WARNING_INTERVAL = 10
_last_warning = 0.0


def _warn(error):
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARNING_INTERVAL:
        _last_warning = now
        logger.warning("Redis is unreachable, the cache is skipped: %s", error)


def _or(fallback):
    """Run the cache operation; on a Redis connection failure answer `fallback(args)`."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (redis.ConnectionError, redis.TimeoutError) as error:
                _warn(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a `redis.Redis` for every operation, which costs as much as the
    GET itself on loopback (about 0.1 ms); one per connection pool does the same job."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    add = _or(_false)(RedisCache.add)
    get = _or(lambda key, default=None, version=None: default)(RedisCache.get)
    set = _or(_false)(RedisCache.set)
    touch = _or(_false)(RedisCache.touch)
    delete = _or(_false)(RedisCache.delete)
    get_many = _or(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _or(_false)(RedisCache.has_key)
    set_many = _or(lambda data, timeout=None, version=None: list(data))(RedisCache.set_many)
    delete_many = _or(_nothing)(RedisCache.delete_many)
    clear = _or(_false)(RedisCache.clear)
