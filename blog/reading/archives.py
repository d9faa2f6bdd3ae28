"""Posts by month: the month list every page's footer shows, in the content cache
(httpcache.content_cache) until readers' content changes or a scheduled post goes live.
"""

from itertools import groupby

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from blog.models import Post
from httpcache import content_cache


def archive_months():
    """`[{"month": aware datetime of the 1st, "count": n}]`, newest month first."""
    # Months are local: a restart with another time zone must not reuse them.
    return content_cache.content.get_or_compute(
        f"archive-months:{settings.TIME_ZONE}", _count_by_month
    )


def _count_by_month():
    rows = (
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return [{"month": row["month"], "count": row["count"]} for row in rows]


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
