"""Posts by month: the month list every page's footer shows, cached between changes.

The list costs one query and is kept in the cache until a post is saved or
deleted, or until the next scheduled post goes live, whichever comes first.
"""

import math
from itertools import groupby

from django.core.cache import cache
from django.db.models import Count, Subquery
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Post

CACHE_KEY = "blog:archive-months"
CACHE_TIMEOUT = 24 * 60 * 60
EMPTY_CACHE_TIMEOUT = 60


def archive_months():
    """`[{"month": aware datetime of the 1st, "count": n}]`, newest month first."""
    months = cache.get(CACHE_KEY)
    if months is None:
        next_scheduled = Post.objects.scheduled().order_by("published_at").values("published_at")
        rows = list(
            Post.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .order_by()
            .values("month")
            .annotate(count=Count("id"), next_scheduled=Subquery(next_scheduled[:1]))
            .order_by("-month")
        )
        months = [{"month": row["month"], "count": row["count"]} for row in rows]
        cache.set(CACHE_KEY, months, cache_timeout(rows))
    return months


def cache_timeout(rows):
    """Keep the list until the next scheduled post goes live. With nothing public yet the
    query tells nothing about scheduled posts, so look again after a minute."""
    if not rows:
        return EMPTY_CACHE_TIMEOUT
    next_scheduled = rows[0]["next_scheduled"]
    if next_scheduled is None:
        return CACHE_TIMEOUT
    seconds = math.ceil((next_scheduled - timezone.now()).total_seconds())
    return max(1, min(CACHE_TIMEOUT, seconds))


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def forget_archive_months(sender, **kwargs):
    cache.delete(CACHE_KEY)


def group_by_month(posts):
    """`[(year, [(month, [post, ...]), ...]), ...]` in the order of `posts`, local time."""

    def local(post):
        return timezone.localtime(post.published_at)

    return [
        (
            year,
            [
                (month, list(month_posts))
                for month, month_posts in groupby(
                    year_posts, key=lambda p: local(p).date().replace(day=1)
                )
            ],
        )
        for year, year_posts in groupby(posts, key=lambda p: local(p).year)
    ]
