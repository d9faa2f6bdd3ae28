"""The pages a run measures. A page whose code is not there (yet) is reported as n/a.

Each page is a name and a function of the loaded corpus that returns its path, or None
when the site has no such page; "deep" pages are the middle page of their listing, so
page 5,000 of the front page at 100,000 posts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from blog.models import Post, Tag

SEARCH_QUERY = "postgresql cache"


@dataclass(frozen=True)
class Page:
    name: str
    description: str
    path: object  # callable(Site) -> str | None


class Site:
    """Facts about the loaded corpus that page addresses depend on."""

    def __init__(self):
        per_page = settings.HOGSHEAD["PAGINATE_BY"]
        self.published = Post.objects.published().count()
        self.pages = max(1, -(-self.published // per_page))
        self.tag = (
            Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
            .annotate(posts=Count("tagged_posts"))
            .order_by("-posts", "name")
            .first()
        )
        self.tag_pages = max(1, -(-self.tag.posts // per_page)) if self.tag else 0
        published = Post.objects.published().order_by("published_at", "id")
        self.post = published[self.published // 2] if self.published else None


def _reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _deep(site):
    middle = max(2, site.pages // 2)
    return _reverse("blog:post_list_page", page=middle) if site.pages > 1 else None


def _tag(site):
    return _reverse("blog:tag_detail", slug=site.tag.slug) if site.tag else None


def _deep_tag(site):
    if not site.tag or site.tag_pages < 2:
        return None
    return _reverse("blog:tag_detail_page", slug=site.tag.slug, page=max(2, site.tag_pages // 2))


def _first_url(*names):
    for name in names:
        url = _reverse(name)
        if url:
            return url
    return None


def _search(site):
    url = _first_url("blog:search", "search")
    return f"{url}?q={SEARCH_QUERY.replace(' ', '+')}" if url else None


PAGES = (
    Page("front", "front page", lambda site: _reverse("blog:post_list")),
    Page("deep", "middle page of the front page listing", _deep),
    Page("post", "a post page (the middle post)", lambda site: site.post.get_absolute_url()),
    Page("tag", "the largest tag's page", _tag),
    Page("deep_tag", "middle page of the largest tag", _deep_tag),
    Page("feed", "the Atom feed", lambda site: _first_url("blog:feed", "blog:atom_feed", "feed")),
    Page("search", f"a search for “{SEARCH_QUERY}”", _search),
    Page("sitemap", "the sitemap", lambda site: _first_url("sitemap", "blog:sitemap")),
)  # fmt: skip

# Pages whose p50 at the largest size must stay within 1.5x of the smallest.
SCALE_TARGET_PAGES = ("front", "deep")
# Pages whose queries per request must be constant and at most 4.
QUERY_TARGET_PAGES = ("front", "tag", "deep_tag", "post")
