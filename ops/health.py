"""/healthz: is this app server able to serve pages? For load balancers and container runtimes.

Answered by the first middleware, before host validation and the HTTPS redirect, so a probe
can call http://127.0.0.1:8000/healthz directly. It says only "ok" or "unavailable" for the
database and the cache: no versions, no host names, no error text.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database is unreachable")
        return False


def cache_is_reachable():
    """Every configured cache (pages, content stamp) can store and return a value."""
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        for cache in caches.all():
            cache.set(key, "ok", timeout=10)
            reachable = cache.get(key) == "ok"
            cache.delete(key)
            if not reachable:
                return False
        return True
    except Exception:
        logger.exception("Health check: the cache is unreachable")
        return False


def health_response():
    checks = {"database": database_is_reachable(), "cache": cache_is_reachable()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    response = JsonResponse(body, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH and request.method in {"GET", "HEAD"}:
            return health_response()
        return self.get_response(request)
