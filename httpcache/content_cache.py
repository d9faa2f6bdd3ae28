"""What is worked out from readers' content (listing counts, page boundaries, articles, the
footer's months, feed entries), kept until that content changes.

Every key carries the content stamp's version (httpcache.stamp), so an entry is never stale:
a change moves the version and the old entries are simply never asked for again. That makes
two levels safe. Each worker keeps what it used in its own memory (the "local" cache, a
bounded LRU) in front of the cache all workers and servers share (Redis in production);
a warm request then costs one shared-cache read, the stamp, whatever it shows.

`TIMEOUT` bounds what a change that bypasses the signals (a `QuerySet.update()` in a shell)
can leave behind.
"""

from django.core.cache import caches

from .stamp import current_version

LOCAL = "local"
SHARED = "default"
TIMEOUT = 300


def key(name):
    return f"content:{current_version()}:{name}"


def get_many(names):
    """{name: value} for the names found, in this worker's memory first, then shared."""
    keys = {key(name): name for name in names}
    found = caches[LOCAL].get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        shared = caches[SHARED].get_many(missing)
        if shared:
            caches[LOCAL].set_many(shared, TIMEOUT)
            found |= shared
    return {keys[k]: value for k, value in found.items()}


def set_many(values):
    """Keep {name: value} in both levels."""
    entries = {key(name): value for name, value in values.items()}
    caches[LOCAL].set_many(entries, TIMEOUT)
    caches[SHARED].set_many(entries, TIMEOUT)


def get(name, default=None):
    return get_many([name]).get(name, default)


def set(name, value):
    set_many({name: value})


def get_or_compute(name, compute):
    """The value kept under `name`, computed by `compute()` and kept when missing."""
    found = get_many([name])
    if name in found:
        return found[name]
    value = compute()
    set(name, value)
    return value
