"""Kept reader pages answered at the WSGI boundary, before Django builds a request.

`ReaderCacheMiddleware` already answers a reader from the page cache before sessions,
authentication and the rest run, but a hit still costs Django's request object, its
request_started/request_finished signals, three middleware and the page cache's unpickling:
a third of a gunicorn worker's time on a cached page (py-spy). `ReaderPages` wraps the WSGI
application and keeps, in this process, the final bytes and headers of each page the
middleware kept (it says so in the WSGI environ); the next reader asking for the same
address gets them back, or a 304, without entering Django.

What a hit answers is what Django answered for the same content version: an entry is used
only while the content stamp (`httpcache.stamp.current_state`, read from the shared cache at
most once per `STAMP_CHECK_SECONDS`) still has the version the page was kept under, and for
no longer than `PAGE_TIMEOUT`. Anything else — a session cookie, HEAD, other methods,
If-Match, an address nobody kept, an unreachable cache — goes to Django as before.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags, parse_http_date_safe

from .stamp import current_state

# Set by ReaderCacheMiddleware on the request's environ when it kept the page it answered,
# or answered 304 from the content stamp's validators.
KEPT = "httpcache.kept"
# The parts of the environ Django's answer to a reader depends on (host validation, the
# absolute URI, HTTPS behind the proxy); the session cookie's absence is checked apart.
KEY_VARIABLES = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)
# What a 304 leaves out of the page's headers, as Django's HttpResponseNotModified does.
NOT_MODIFIED = {"content-type", "content-length"}


def cache_lifetimes(state):
    """(max-age, s-maxage) for a page of this content state: nobody may keep it past the
    moment a scheduled post appears on it."""
    max_age = settings.HTTPCACHE["MAX_AGE"]
    shared_max_age = settings.HTTPCACHE["SHARED_MAX_AGE"]
    if state["next_due"] is not None:
        until_due = max(0, int(state["next_due"] - time.time()))
        max_age, shared_max_age = min(max_age, until_due), min(shared_max_age, until_due)
    return max_age, shared_max_age


class KeptPage:
    """A page as Django answered it: status, headers and body; or only Django's 304 for
    the address (body None), when a reader revalidated a page this worker had not kept."""

    __slots__ = ("body", "etag", "headers", "kept_at", "last_modified", "status")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        names = {name.lower(): value for name, value in headers}
        self.etag = names["etag"]
        self.last_modified = parse_http_date_safe(names["last-modified"])
        self.kept_at = time.time()

    def headers_now(self, state):
        if state["next_due"] is None:
            return self.headers  # the version, and so its lifetimes, are the page's own
        max_age, shared_max_age = cache_lifetimes(state)
        return [
            (name, self.cache_control(value, max_age, shared_max_age))
            if name.lower() == "cache-control"
            else (name, value)
            for name, value in self.headers
        ]

    @staticmethod
    def cache_control(value, max_age, shared_max_age):
        kept = [
            directive
            for directive in cc_delim_re.split(value)
            if directive.partition("=")[0].strip().lower() not in {"max-age", "s-maxage"}
        ]
        return ", ".join([*kept, f"max-age={max_age}", f"s-maxage={shared_max_age}"])

    def is_not_modified(self, environ):
        """As django.utils.cache.get_conditional_response decides for a GET."""
        etags = parse_etags(environ.get("HTTP_IF_NONE_MATCH", ""))
        if etags:
            return "*" in etags or self.etag.removeprefix("W/") in {
                etag.removeprefix("W/") for etag in etags
            }
        if_modified_since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
        return if_modified_since is not None and self.last_modified <= if_modified_since


class ReaderPages:
    def __init__(self, application, max_entries=None):
        self.application = application
        self.max_entries = max_entries or settings.CACHES["local-pages"]["OPTIONS"]["MAX_ENTRIES"]
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        key = self.reader_key(environ)
        if key is None:
            return self.application(environ, start_response)
        answer = self.answer(key, environ, start_response)
        if answer is not None:
            return answer
        return self.render(key, environ, start_response)

    @staticmethod
    def reader_key(environ):
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", ""):
            return None  # perhaps logged in: Django finds out
        if "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ:
            return None
        return tuple(environ.get(name) for name in KEY_VARIABLES)

    def answer(self, key, environ, start_response):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
        if page is None:
            return None
        try:
            state = current_state()
        except Exception:
            return None  # Django logs it, and answers without the cache
        too_old = time.time() - page.kept_at > settings.HTTPCACHE["PAGE_TIMEOUT"]
        if page.etag != f'W/"{state["version"]}"' or too_old:
            return None
        headers = page.headers_now(state)
        if page.is_not_modified(environ):
            kept = [(name, value) for name, value in headers if name.lower() not in NOT_MODIFIED]
            start_response("304 Not Modified", kept)
            return [b""]
        if page.body is None:
            return None  # only a 304 was kept: the page is Django's to render
        start_response(page.status, list(headers))
        return [page.body]

    def render(self, key, environ, start_response):
        answered = {}

        def keep_answer(status, headers, exc_info=None):
            answered.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        response = self.application(environ, keep_answer)
        status = answered.get("status", "")
        if not environ.get(KEPT) or not status.startswith(("200", "304")):
            return response
        if any(name.lower() == "set-cookie" for name, _ in answered["headers"]):
            return response
        try:
            body = b"".join(response)
        finally:
            if hasattr(response, "close"):
                response.close()
        kept_body = body if status.startswith("200") else None
        self.keep(key, KeptPage(status, list(answered["headers"]), kept_body))
        return [body]

    def keep(self, key, page):
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.max_entries:
                self.pages.popitem(last=False)
