"""What a page costs inside Django, without the network: queries, bytes, milliseconds."""

import statistics
import time
from dataclasses import dataclass, field

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
    body: bytes = field(repr=False)
    validators: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "path": self.path,
            "status": self.status,
            "queries": self.queries,
            "bytes": self.bytes,
            "inprocess_ms": round(self.inprocess_ms, 3),
            "validators": self.validators,
        }


def sample(path, repeat=15, headers=None):
    """Ask for `path` `repeat` times as an anonymous reader; the figures of a warm request."""
    client = Client(HTTP_HOST=HOST, **(headers or {}))
    response = client.get(path)  # warms caches, compiled templates, connections
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
        body=body,
        validators=validators,
    )
