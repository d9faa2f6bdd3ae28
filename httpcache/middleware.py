"""Reader pages for anonymous visitors: validators, 304s, a short max-age and a page cache.

Logged-in users (authors, staff) bypass all of it and get `private, no-store`: they must
always see the page as it is now, previews and edits included. A request with a session
cookie is treated as theirs; one without is a reader's, answered before sessions,
authentication and the rest of the middleware run.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .stamp import current_state, pinned

logger = logging.getLogger(__name__)

UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
KEPT_VARY = {"", "cookie", "accept-encoding"}
# Each worker's own copies of pages, in front of the cache all workers share.
LOCAL_PAGES = "local-pages"


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
            return self.add_validators(not_modified, etag, last_modified, state)

        with pinned(state):
            response, cacheable = self.page(request, state)
        if not cacheable:
            return response
        return self.add_validators(response, etag, last_modified, state)

    def page(self, request, state):
        """The page from the page cache, else rendered (and kept when it may be)."""
        timeout = settings.HTTPCACHE["PAGE_TIMEOUT"]
        key = self.page_key(request, state)
        response = self.cached_response(key) if timeout else None
        if response is None:
            response = self.get_response(request)
            if not self.is_cacheable(request, response):
                return response, False
            if timeout:
                self.store(key, response, timeout)
        return response, True

    @staticmethod
    def is_reader_request(request):
        if request.method not in {"GET", "HEAD"}:
            return False
        excluded = (reverse("admin:index"), settings.MEDIA_URL, settings.STATIC_URL)
        return not request.path.startswith(excluded)

    @staticmethod
    def page_key(request, state):
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        return f"httpcache:page:{state['version']}:{address}"

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
    def cached_response(key):
        """The page from this worker's memory, else from the shared cache."""
        response = caches[LOCAL_PAGES].get(key)
        if response is not None:
            return response
        try:
            response = cache.get(key)
        except Exception:
            logger.exception("The cache is unreachable; rendering the page")
            return None
        if response is not None:
            caches[LOCAL_PAGES].set(key, response, timeout=settings.HTTPCACHE["PAGE_TIMEOUT"])
        return response

    @staticmethod
    def store(key, response, timeout):
        caches[LOCAL_PAGES].set(key, response, timeout=timeout)
        try:
            cache.set(key, response, timeout=timeout)
        except Exception:
            logger.exception("The cache is unreachable; the page is not kept")

    @staticmethod
    def add_validators(response, etag, last_modified, state):
        # The validators this middleware checks, not a view's own (a feed's Last-Modified is
        # its newest post, older than a tag rename or an edit that changed it since).
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = last_modified
        max_age = settings.HTTPCACHE["MAX_AGE"]
        shared_max_age = settings.HTTPCACHE["SHARED_MAX_AGE"]
        if state["next_due"] is not None:
            # Nobody may keep the page past the moment a scheduled post appears on it.
            until_due = max(0, int(state["next_due"] - time.time()))
            max_age, shared_max_age = min(max_age, until_due), min(shared_max_age, until_due)
        patch_cache_control(response, max_age=max_age, s_maxage=shared_max_age)
        return response
