"""Listings that cost the same on page 1 and on page 5,000, at 1,000 posts or 100,000.

Three things about listings are kept in the content cache (httpcache.content_cache), where
any change readers could see retires them, as does a scheduled post going live:

- a listing's count ("Page 3 / 9,800");
- page boundaries: the sort key of every `BOUNDARY_EVERY`-th post, so a deep page is an
  index-only scan of at most that many entries from the nearest boundary instead of an
  OFFSET of 50,000 rows;
- each post's article as listings show it, so a page of ten posts is ten cache hits rather
  than ten renders of the partial (about three quarters of an uncached page's time).
"""

from functools import cached_property

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Q, prefetch_related_objects
from django.template.loader import render_to_string

from httpcache import content_cache

BOUNDARY_EVERY = 500
ARTICLE_TEMPLATE = "blog/partials/post_article.html"
# The listing order (Post.Meta.ordering), which the boundaries' keyset filter follows.
ORDER = ("-published_at", "-id")


def _prefix():
    # Articles depend on these settings too; a restart with new ones must not reuse them.
    return f"listing:{settings.HOGSHEAD['LISTING']}:{settings.TIME_ZONE}"


class ListingPaginator(Paginator):
    """Django's paginator, with the count and the page boundaries cached per listing."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, name):
        # Tags are fetched only for the posts whose article is not cached (see `articles`).
        super().__init__(object_list.prefetch_related(None), per_page, orphans,
                         allow_empty_first_page)  # fmt: skip
        self.name = name

    @cached_property
    def prefix(self):
        return f"{_prefix()}:{self.name}"

    @cached_property
    def count(self):
        return content_cache.content.get_or_compute(f"{self.prefix}:count", self.object_list.count)

    def page(self, number):
        """The page, knowing its posts' ids; the posts themselves are fetched only if used."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        key = f"{self.prefix}:page:{bottom}:{top}"
        ids = content_cache.content.get(key)
        if ids is not None:
            posts = self.object_list.filter(pk__in=ids).order_by(*ORDER)  # lazy
        else:
            posts = list(self.posts(bottom, top))
            ids = [post.pk for post in posts]
            content_cache.content.set(key, ids)
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
        """The sort key of the last post before `block`, computed once per content version."""
        key = f"{self.prefix}:boundary:{block}"
        boundary = content_cache.content.get(key)
        if boundary is None:
            ordered = self.object_list.order_by(*ORDER).values_list("published_at", "pk")
            try:
                boundary = ordered[block * BOUNDARY_EVERY - 1]
            except IndexError:
                raise EmptyPage("That page contains no results") from None
            content_cache.content.set(key, boundary)
        return boundary


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
    found = content_cache.content.get_many(keys.values())
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
        content_cache.content.set_many(fresh)
        found |= fresh
    return [found[keys[pk]] for pk in post_ids]


def cached(name, compute):
    """`compute()`, kept for the content version under `name` (short: a hash of anything long)."""
    return content_cache.content.get_or_compute(f"{_prefix()}:{name}", compute)


def post_page_context(post):
    """A public post's previous and next posts, related posts and first picture (for link
    previews), computed once per content version: four queries on a cold page, none on a
    warm one."""
    return cached(
        f"post-page:{post.pk}",
        lambda: {
            "previous_post": post.previous_published(),
            "next_post": post.next_published(),
            "related_posts": post.related_posts(),
            "image": post.first_image(),
        },
    )
