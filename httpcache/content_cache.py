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

SHARED = "default"
TIMEOUT = 300


class VersionedCache:
    """Two levels, this worker's memory (`local`, a Django cache alias) in front of the
    cache every worker shares, both filed under the content version."""

    def __init__(self, local, shared=SHARED, timeout=TIMEOUT):
        self.local, self.shared, self.timeout = local, shared, timeout

    @staticmethod
    def key(name):
        return f"content:{current_version()}:{name}"

    def get_many(self, names):
        """{name: value} for the names found, in this worker's memory first, then shared."""
        keys = {self.key(name): name for name in names}
        found = caches[self.local].get_many(keys)
        missing = [k for k in keys if k not in found]
        if missing:
            shared = caches[self.shared].get_many(missing)
            if shared:
                caches[self.local].set_many(shared, self.timeout)
                found |= shared
        return {keys[k]: value for k, value in found.items()}

    def set_many(self, values, timeout=None):
        """Keep {name: value} in both levels."""
        entries = {self.key(name): value for name, value in values.items()}
        timeout = self.timeout if timeout is None else timeout
        caches[self.local].set_many(entries, timeout)
        caches[self.shared].set_many(entries, timeout)

    def get(self, name, default=None):
        return self.get_many([name]).get(name, default)

    def set(self, name, value, timeout=None):
        self.set_many({name: value}, timeout)

    def get_or_compute(self, name, compute):
        """The value kept under `name`, computed by `compute()` and kept when missing."""
        found = self.get_many([name])
        if name in found:
            return found[name]
        value = compute()
        self.set(name, value)
        return value


# Listing facts, articles, the footer, feed items: about 8 KB an entry.
content = VersionedCache("local")
