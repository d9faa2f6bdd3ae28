"""sitemap.xml: an index of sections (pages, posts, tags, archives), each listing only
what readers can see. Django splits a section into pages of 50,000 addresses."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import F, Max, Q
from django.urls import reverse

from blog.models import Post, Tag
from httpcache import content_cache

from .archives import archive_months


class PageSitemap(Sitemap):
    def items(self):
        return ["blog:post_list", "blog:archive", "blog:tag_list"]

    def location(self, name):
        return reverse(name)


class PostSitemap(Sitemap):
    def items(self):
        return Post.objects.published().only("kind", "slug", "published_at", "revised_at")

    def lastmod(self, post):
        return post.last_revised_at

    @cached_property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit)
        # The index asks for the number of pages on every request: count once per version.
        paginator.count = content_cache.content.get_or_compute(
            "sitemap:posts:count", self._items().count
        )
        return paginator

    def get_latest_lastmod(self):
        """The newest `last_revised_at` in two aggregates; Django's default would load and
        compare every post on each request of the index."""

        def latest():
            found = Post.objects.published().aggregate(
                published=Max("published_at"),
                revised=Max("revised_at", filter=Q(revised_at__gt=F("published_at"))),
            )
            return max(filter(None, found.values()), default=None)

        return content_cache.content.get_or_compute("sitemap:posts:lastmod", latest)


class TagSitemap(Sitemap):
    def items(self):
        """(slug, newest post's date) of every tag with published posts: a join over every
        tagging (0.2 s at 100,000 posts), so worked out once per content version."""
        return content_cache.content.get_or_compute(
            "sitemap:tags",
            lambda: list(
                Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
                .annotate(last_post_at=Max("tagged_posts__content_object__published_at"))
                .order_by("name")
                .values_list("slug", "last_post_at")
            ),
        )

    def location(self, tag):
        slug, _ = tag
        return reverse("blog:tag_detail", kwargs={"slug": slug})

    def lastmod(self, tag):
        _, last_post_at = tag
        return last_post_at


class ArchiveSitemap(Sitemap):
    """Year and month pages, from the footer's cached month list."""

    def items(self):
        months = [entry["month"] for entry in archive_months()]
        years = sorted({month.year for month in months}, reverse=True)
        return [(year, None) for year in years] + [(month.year, month.month) for month in months]

    def location(self, period):
        year, month = period
        if month is None:
            return reverse("blog:archive_year", kwargs={"year": year})
        return reverse("blog:archive_month", kwargs={"year": year, "month": month})


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "tags": TagSitemap,
    "archives": ArchiveSitemap,
}
