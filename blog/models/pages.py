"""Pages: About, Contact… Undated entries kept out of listings, feeds and archives, at
`/<slug>/`, in the site's navigation. One table with posts (`Post.kind`), so that
attachments, former URLs, previews and the search index work on both alike."""

from django.core.exceptions import ValidationError
from django.db import models

from .posts import Post, PostQuerySet

# First segments of the site's own addresses, which a page's slug must not take.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "archive",
        "authors",
        "feeds",
        "healthz",
        "media",
        "page",
        "preview",
        "robots.txt",
        "search",
        "sitemap.xml",
        "static",
        "tags",
    }
)


class PageQuerySet(PostQuerySet):
    def in_navigation(self):
        """The published pages the site's navigation lists, in the author's order."""
        return self.published().filter(in_navigation=True).order_by("menu_order", "title", "id")


class PageManager(models.Manager.from_queryset(PageQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Post.Kind.PAGE)


class Page(Post):
    KIND = Post.Kind.PAGE

    objects = PageManager()

    class Meta:
        proxy = True
        ordering = ["menu_order", "title", "id"]

    def save(self, *args, **kwargs):
        self.kind = self.Kind.PAGE
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if self.slug in RESERVED_SLUGS or (self.slug.isdigit() and len(self.slug) == 4):
            raise ValidationError({"slug": f"“{self.slug}” is one of the site's own addresses."})
