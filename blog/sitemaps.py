"""sitemap.xml: an index of sections (pages, posts, tags, archives), each listing only
what readers can see. Django splits a section into pages of 50,000 addresses."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .archives import archive_months
from .models import Post, Tag


class PageSitemap(Sitemap):
    def items(self):
        return ["blog:post_list", "blog:archive", "blog:tag_list"]

    def location(self, name):
        return reverse(name)


class PostSitemap(Sitemap):
    def items(self):
        return Post.objects.published().only("slug", "published_at", "revised_at")

    def lastmod(self, post):
        return post.last_revised_at


class TagSitemap(Sitemap):
    def items(self):
        return (
            Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
            .annotate(last_post_at=Max("tagged_posts__content_object__published_at"))
            .order_by("name")
        )

    def location(self, tag):
        return reverse("blog:tag_detail", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.last_post_at


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
