"""The app-server limit: the smallest WSGI app, under the same gunicorn settings as Django.

It answers each benchmarked path with the saved bytes of the Django page it stands for
(so the same size), doing nothing else. `BENCH_PAGES_DIR` holds the pages, one file per
path (see bench.servers.save_pages).
"""

import os
from pathlib import Path

PAGES = {
    "/" + file.name: file.read_bytes()
    for file in Path(os.environ.get("BENCH_PAGES_DIR", ".")).iterdir()
    if file.is_file()
}


def application(environ, start_response):
    body = PAGES.get(environ["PATH_INFO"])
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
