"""Listings that cost the same on page 1 and on page 5,000, at 1,000 posts or 100,000.

Three things about listings are cached, all under one *generation* that any change to
posts, tags, authors or attachments retires once its transaction commits (blog.signals):

- a listing's count ("Page 3 / 9,800"), and only until the next scheduled post is due;
- page boundaries: the sort key of every `BOUNDARY_EVERY`-th post, so a deep page is an
  index-only scan of at most that many entries from the nearest boundary instead of an
  OFFSET of 50,000 rows;
- each post's article as listings show it, so a page of ten posts is ten cache hits rather
  than ten renders of the partial (about three quarters of an uncached page's time).

Every entry also expires after `TIMEOUT` seconds, which bounds staleness when something
bypasses the signals (a `QuerySet.update()` in a shell) or when the cache is per process.
"""

import uuid
from functools import cached_property

from django.conf import settings
from django.core.cache import cache, caches
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import transaction
from django.db.models import Count, Min, Q, Subquery, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Post

GENERATION_KEY = "blog:listing:generation"
TIMEOUT = 300
BOUNDARY_EVERY = 500
ARTICLE_TEMPLATE = "blog/partials/post_article.html"
# The listing order (Post.Meta.ordering), which the boundaries' keyset filter follows.
ORDER = ("-published_at", "-id")


def _generations():
    """Where the generation lives: the cache every worker and server of the site shares
    (Redis, or a folder shared by the machine's workers), so a change saved through one is
    seen by all; the cached facts themselves may stay in a per-process cache."""
    return caches["content-stamp"]


def invalidate(**kwargs):
    """Retire every cached listing fact now, and again once the transaction has committed:
    a reader between the two may have cached what the database held before the commit."""
    _generations().delete(GENERATION_KEY)
    transaction.on_commit(lambda: _generations().delete(GENERATION_KEY))


def _prefix():
    generations = _generations()
    generation = generations.get(GENERATION_KEY)
    if generation is None:
        generations.add(GENERATION_KEY, uuid.uuid4().hex, TIMEOUT)
        generation = generations.get(GENERATION_KEY) or uuid.uuid4().hex
    # Articles depend on these settings too; a restart with new ones must not reuse them.
    return f"blog:listing:{generation}:{settings.HOGSHEAD['LISTING']}:{settings.TIME_ZONE}"


def _fresh(entry):
    return entry is not None and (entry[1] is None or timezone.now() < entry[1])


class ListingPaginator(Paginator):
    """Django's paginator, with the count and the page boundaries cached per listing."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, name):
        # Tags are fetched only for the posts whose article is not cached (see `articles`).
        super().__init__(object_list.prefetch_related(None), per_page, orphans,
                         allow_empty_first_page)  # fmt: skip
        self.name = name
        self.valid_until = None

    @cached_property
    def prefix(self):
        return f"{_prefix()}:{self.name}"

    @cached_property
    def count(self):
        key = f"{self.prefix}:count"
        entry = cache.get(key)
        if not _fresh(entry):
            next_scheduled = Post.objects.scheduled().order_by("published_at")
            entry = tuple(
                self.object_list.aggregate(
                    count=Count("pk"),
                    # In the same query: the moment this count stops being true.
                    until=Min(Subquery(next_scheduled.values("published_at")[:1])),
                ).values()
            )
            if entry[0]:  # an empty listing is cheap to count, and may fill up any time
                cache.set(key, entry, TIMEOUT)
        self.valid_until = entry[1]
        return entry[0]

    def page(self, number):
        """The page, knowing its posts' ids; the posts themselves are fetched only if used."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        key = f"{self.prefix}:page:{bottom}:{top}"
        entry = cache.get(key)
        if _fresh(entry):
            ids = entry[0]
            posts = self.object_list.filter(pk__in=ids).order_by(*ORDER)  # lazy
        else:
            posts = list(self.posts(bottom, top))
            ids = [post.pk for post in posts]
            cache.set(key, (ids, self.valid_until), TIMEOUT)
        return ListingPage(posts, number, self, ids)

    def posts(self, bottom, top):
        """Posts `bottom` to `top` of the listing, in one query whatever `bottom` is."""
        block, offset = divmod(bottom, BOUNDARY_EVERY)
        keys = self.object_list
        if block:
            published_at, pk = self.boundary(block)
            # The first condition is an index range; the second only sorts out ties.
            keys = keys.filter(published_at__lte=published_at).filter(
                Q(published_at__lt=published_at) | Q(pk__lt=pk)
            )
        keys = keys.order_by(*ORDER).values("pk")[offset : offset + top - bottom]
        return self.object_list.filter(pk__in=keys).order_by(*ORDER)

    def boundary(self, block):
        """The sort key of the last post before `block`, computed once per generation."""
        key = f"{self.prefix}:boundary:{block}"
        entry = cache.get(key)
        if not _fresh(entry):
            ordered = self.object_list.order_by(*ORDER).values_list("published_at", "pk")
            try:
                entry = (ordered[block * BOUNDARY_EVERY - 1], self.valid_until)
            except IndexError:
                raise EmptyPage("That page contains no results") from None
            cache.set(key, entry, TIMEOUT)
        return entry[0]


class ListingPage(Page):
    def __init__(self, object_list, number, paginator, post_ids):
        super().__init__(object_list, number, paginator)
        self.post_ids = post_ids

    def __len__(self):
        return len(self.post_ids)  # without fetching the posts


def articles(page):
    """Each post's article as listings show it: from the cache, rendered only when missing.

    The page's first article is cached apart: its first picture loads eagerly (it is likely
    in view), every other picture lazily. Articles carry no position: the listing's <ol>
    numbers them (templates/blog/post_list.html).
    """
    prefix = _prefix()
    post_ids = page.post_ids if isinstance(page, ListingPage) else [p.pk for p in page]
    first = post_ids[0] if post_ids else None
    keys = {pk: f"{prefix}:article:{pk}{':first' if pk == first else ''}" for pk in post_ids}
    found = cache.get_many(keys.values())
    if len(found) < len(keys):
        missing = [post for post in page.object_list if keys[post.pk] not in found]
        prefetch_related_objects(missing, "tags")
        fresh = {
            keys[post.pk]: render_to_string(
                ARTICLE_TEMPLATE,
                {
                    "post": post,
                    "heading_level": 2,
                    "first_on_page": post.pk == first,
                    "site": settings.HOGSHEAD,
                },
            )
            for post in missing
        }
        cache.set_many(fresh, TIMEOUT)
        found |= fresh
    return [found[keys[pk]] for pk in post_ids]


def cached(name, compute):
    """`compute()`, kept for the generation under `name` (short: a hash of anything long)."""
    key = f"{_prefix()}:{name}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


def neighbours(post):
    """A public post's previous and next posts and related posts, computed once per
    generation: three queries on a cold page, none on a warm one.

    A scheduled post going live is not a change anyone saves: it joins a post's neighbours
    when the generation ends, at the next change or at most `TIMEOUT` seconds later.
    """
    return cached(
        f"neighbours:{post.pk}",
        lambda: {
            "previous_post": post.previous_published(),
            "next_post": post.next_published(),
            "related_posts": post.related_posts(),
        },
    )
