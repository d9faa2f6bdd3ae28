"""The content stamp: a token that changes whenever what readers can see changes.

It lives in the "content-stamp" cache (Redis when several app servers share one, else a
folder all gunicorn workers of the machine share), so a change saved through one worker or
server is seen by all at their next request. Readers' content changes when a model of a
watched app is saved or deleted (see signals.py) and when a time registered with
`register_schedule` comes (a scheduled post going live); the stamp records the earliest
such time, and the first request after it moves the stamp on — every server computes the
same new stamp from the same old one.
"""

import contextlib
import contextvars
import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

STATE_KEY = "httpcache:content-state"
CACHE_ALIAS = "content-stamp"

logger = logging.getLogger(__name__)

# The state a reader request started with (ReaderCacheMiddleware): everything the request
# caches or looks up is filed under that one version, read from the shared cache once.
_pinned_state = contextvars.ContextVar("content_state", default=None)
# This process's last reading of the state, and when it was read (see current_state).
_last_reading = {"state": None, "at": 0.0}


# Callables giving the next time readers' content changes by itself (an aware datetime, or
# None): the apps whose content is scheduled register them from their AppConfig.ready().
_schedules = []


def register_schedule(next_due):
    """Have the stamp move on by itself at `next_due()` (a scheduled post going live)."""
    if next_due not in _schedules:
        _schedules.append(next_due)


def next_due_time():
    """When content next changes by itself (a Unix time), or None."""
    times = [due for due in (next_due() for next_due in _schedules) if due is not None]
    return min(times).timestamp() if times else None


def _store(state):
    caches[CACHE_ALIAS].set(STATE_KEY, state, timeout=None)
    return state


def bump():
    """Record that readers' content changed now, and when it will change by itself next."""
    state = _store(
        {"version": uuid.uuid4().hex, "changed_at": time.time(), "next_due": next_due_time()}
    )
    if _pinned_state.get() is not None:
        _pinned_state.set(state)  # the rest of the request must not file under the old one
    return _remember(state)


def content_changed():
    """Bump now, and again when the transaction commits: a page another server renders
    between the two from the data not yet committed is then not kept.

    A cache that cannot be reached must not stop an author from saving: the failure is
    logged, and pages cached before it expire after HTTPCACHE["PAGE_TIMEOUT"] seconds.
    """
    _bump_logging_failure()
    if connection.in_atomic_block:
        transaction.on_commit(_bump_logging_failure)


def _bump_logging_failure():
    try:
        bump()
    except Exception:
        logger.exception("Could not record a content change in the cache")


def current_state():
    """{"version", "changed_at", "next_due"} as of now.

    This process's last reading serves for `HTTPCACHE["STAMP_CHECK_SECONDS"]` (unless a
    scheduled post fell due since): a change saved through another worker or server shows
    there at most that long after, as it does behind a shared cache's s-maxage. A change
    saved through this process shows at once. Otherwise it costs one cache read.
    """
    now = time.time()
    state = _last_reading["state"]
    fresh = now - _last_reading["at"] < settings.HTTPCACHE["STAMP_CHECK_SECONDS"]
    if state is not None and fresh and not _due(state, now):
        return state
    return _remember(_read_state())


def _due(state, now):
    return state["next_due"] is not None and state["next_due"] <= now


def _remember(state):
    _last_reading.update(state=state, at=time.time())
    return state


def _read_state():
    state = caches[CACHE_ALIAS].get(STATE_KEY)
    if state is None:
        # An emptied cache has forgotten when content changed: it changed now, as far as we know.
        return bump()
    due = state["next_due"]
    if _due(state, time.time()):
        version = hashlib.sha256(f"{state['version']}:{due}".encode()).hexdigest()[:32]
        state = _store(
            {
                "version": version,
                "changed_at": max(state["changed_at"], due),
                "next_due": next_due_time(),
            }
        )
    return state


def current_version():
    """The content version: the request's pinned one, else read from the cache now."""
    state = _pinned_state.get()
    return (state or current_state())["version"]


@contextlib.contextmanager
def pinned(state):
    """Within the block, `current_version()` answers `state`'s version without a cache read."""
    token = _pinned_state.set(state)
    try:
        yield state
    finally:
        _pinned_state.reset(token)


def forget():
    """Start afresh: the next request records a change (used after migrations)."""
    caches[CACHE_ALIAS].delete(STATE_KEY)
    forget_reading()


def forget_reading():
    """Read the state from the cache at the next request, whatever STAMP_CHECK_SECONDS says."""
    _last_reading.update(state=None, at=0.0)
