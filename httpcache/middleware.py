"""Reader pages for anonymous visitors: validators, 304s, a short max-age and a page cache.

Logged-in users (authors, staff) bypass all of it and get `private, no-store`: they must
always see the page as it is now, previews and edits included. A request with a session
cookie is treated as theirs; one without is a reader's, answered before sessions,
authentication and the rest of the middleware run.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .content_cache import VersionedCache
from .front import KEPT, cache_lifetimes
from .stamp import current_state, pinned

logger = logging.getLogger(__name__)

UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
KEPT_VARY = {"", "cookie", "accept-encoding"}
# Rendered pages, in each worker's memory in front of the shared cache.
PAGES = VersionedCache("local-pages")


class ReaderCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_reader_request(request):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Perhaps logged in; the authentication middleware, further in, finds out.
            response = self.get_response(request)
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_store=True)
            return response
        try:
            state = current_state()
        except Exception:
            logger.exception("The cache is unreachable; serving without it")
            return self.get_response(request)
        etag = f'W/"{state["version"]}"'
        changed_at = int(state["changed_at"])
        last_modified = http_date(changed_at)

        not_modified = get_conditional_response(request, etag=etag, last_modified=changed_at)
        if not_modified is not None:
            if settings.HTTPCACHE["PAGE_TIMEOUT"]:
                request.META[KEPT] = True  # httpcache.front may give the next 304 itself
            return self.add_validators(not_modified, etag, last_modified, state)

        with pinned(state):
            response, cacheable = self.page(request)
        if not cacheable:
            return response
        return self.add_validators(response, etag, last_modified, state)

    def page(self, request):
        """The page from the page cache, else rendered (and kept when it may be)."""
        timeout = settings.HTTPCACHE["PAGE_TIMEOUT"]
        name = self.page_name(request)
        response = self.cached_response(name) if timeout else None
        if response is None:
            response = self.get_response(request)
            if not self.is_cacheable(request, response):
                return response, False
            if timeout:
                self.store(name, response, timeout)
        if timeout:
            request.META[KEPT] = True  # httpcache.front may answer the next reader itself
        return response, True

    def is_reader_request(self, request):
        if request.method not in {"GET", "HEAD"}:
            return False
        return not request.path.startswith(self.excluded_prefixes(get_script_prefix()))

    @functools.cache  # noqa: B019 - one middleware per process, a prefix or two
    def excluded_prefixes(self, script_prefix):
        return (reverse("admin:index"), settings.MEDIA_URL, settings.STATIC_URL)

    @staticmethod
    def page_name(request):
        return "page:" + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()

    @staticmethod
    def is_cacheable(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # Pages vary on the cookie (the session); these requests have none.
            and set(cc_delim_re.split(response.get("Vary", "").lower())) <= KEPT_VARY
            and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
            # The CSRF middleware would set a cookie that the cached page's token needs.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )

    @staticmethod
    def cached_response(name):
        try:
            return PAGES.get(name)
        except Exception:
            logger.exception("The cache is unreachable; rendering the page")
            return None

    @staticmethod
    def store(name, response, timeout):
        try:
            PAGES.set(name, response, timeout)
        except Exception:
            logger.exception("The cache is unreachable; the page is not kept")

    @staticmethod
    def add_validators(response, etag, last_modified, state):
        # The validators this middleware checks, not a view's own (a feed's Last-Modified is
        # its newest post, older than a tag rename or an edit that changed it since).
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = last_modified
        max_age, shared_max_age = cache_lifetimes(state)
        patch_cache_control(response, max_age=max_age, s_maxage=shared_max_age)
        return response
