"""What a page costs inside Django, without the network: queries, bytes, milliseconds."""

import statistics
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

HOST = "127.0.0.1"


@dataclass
class PageSample:
    path: str
    status: int
    queries: int
    bytes: int
    inprocess_ms: float
    cold_queries: int
    cold_ms: float
    body: bytes = field(repr=False)
    validators: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "path": self.path,
            "status": self.status,
            "queries": self.queries,
            "bytes": self.bytes,
            "inprocess_ms": round(self.inprocess_ms, 3),
            "cold_queries": self.cold_queries,
            "cold_ms": round(self.cold_ms, 3),
            "validators": self.validators,
        }


def as_after_a_change():
    """Leave the caches as saving a post does: everything kept for readers is stale."""
    try:
        from httpcache.stamp import bump
    except ImportError:  # a version of the project without the content stamp
        cache.clear()
    else:
        bump()


def sample(path, repeat=15, headers=None):
    """Ask for `path` `repeat` times as an anonymous reader; the figures of a warm request,
    and of a cold one: the first after the cache was emptied (as after a new post)."""
    client = Client(HTTP_HOST=HOST, **(headers or {}))
    client.get(path)  # compiles templates, opens the connection
    as_after_a_change()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        client.get(path)
        cold_ms = (time.perf_counter() - start) * 1000
    cold_queries = len(queries.captured_queries)
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
    body = response.getvalue() if not response.streaming else b"".join(response.streaming_content)
    validators = {
        name: response[name] for name in ("ETag", "Last-Modified") if response.has_header(name)
    }
    return PageSample(
        path=path,
        status=response.status_code,
        queries=len(queries.captured_queries),
        bytes=len(body),
        inprocess_ms=statistics.median(timings),
        cold_queries=cold_queries,
        cold_ms=cold_ms,
        body=body,
        validators=validators,
    )
