"""Old addresses of posts: recorded when they change, answered when nothing else matches.

A published post whose slug or date changes leaves its old path behind, pointing at
the post (301 to wherever the post lives now, so chains never grow past one hop); a
deleted post leaves its path behind pointing at nothing (410 Gone).
"""

from urllib.parse import parse_qsl

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import escape_uri_path

from .models import FormerURL, Post

# Query parameters with which WordPress addressed posts, pages, tags, categories and feeds on
# pages that are live here (`/?p=123` is our front page). Any other query string (a search,
# a page number, tracking tags) never costs a lookup on a live page.
OLD_ENGINE_QUERY_KEYS = frozenset({"p", "page_id", "attachment_id", "cat", "tag", "feed", "m"})


def record_former_url(path, post):
    FormerURL.objects.update_or_create(
        path=path, defaults={"post": post, "target": FormerURL.Target.POST, "tag": None}
    )


@receiver(pre_save, sender=Post)
def remember_public_url(sender, instance, raw=False, **kwargs):
    instance._public_url_before_save = None
    if raw or instance.pk is None:
        return
    before = Post.objects.filter(pk=instance.pk).only("slug", "status", "published_at").first()
    if before is not None and before.is_public:
        instance._public_url_before_save = before.get_absolute_url()


@receiver(post_save, sender=Post)
def record_url_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old_url, new_url = getattr(instance, "_public_url_before_save", None), None
    if instance.status == Post.Status.PUBLISHED:
        new_url = instance.get_absolute_url()
        # The address is the post's own again (or a new post's): it must not redirect away.
        FormerURL.objects.filter(path=new_url).delete()
    if old_url and old_url != new_url:
        record_former_url(old_url, instance)


@receiver(post_delete, sender=Post)
def record_deleted_post(sender, instance, **kwargs):
    if instance.is_public:
        record_former_url(instance.get_absolute_url(), None)


class FormerURLMiddleware:
    """Turns a 404 at a former address into a 301 to where it leads now, or a 410 if gone.

    It runs only on 404 responses, and on pages asked with a query string that an old engine
    used (WordPress's `/?p=123` is the front page here), so ordinary requests pay nothing
    and a miss costs one indexed query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            return response
        if response.status_code == 404:
            return former_url_response(request) or response
        if response.status_code == 200 and asks_like_an_old_engine(request):
            return former_url_response(request, with_query_only=True) or response
        return response


def asks_like_an_old_engine(request):
    query = request.META.get("QUERY_STRING")
    return bool(query) and any(
        key in OLD_ENGINE_QUERY_KEYS for key, _ in parse_qsl(query, keep_blank_values=True)
    )


def toggle_trailing_slash(path):
    if path == "/":
        return path
    return path[:-1] if path.endswith("/") else f"{path}/"


def candidate_paths(request, with_query_only=False):
    """The stored forms that answer this request, best match first: with the query string,
    then without; each as asked, then with the trailing slash added or removed."""
    path = escape_uri_path(request.path)
    query = request.META.get("QUERY_STRING", "")
    candidates = []
    if query:
        candidates += [f"{path}?{query}", f"{toggle_trailing_slash(path)}?{query}"]
    if not with_query_only:
        candidates += [path, toggle_trailing_slash(path)]
    return list(dict.fromkeys(candidates))


def former_url_response(request, with_query_only=False):
    candidates = candidate_paths(request, with_query_only)
    if not candidates:
        return None
    matches = {
        former.path: former
        for former in FormerURL.objects.filter(path__in=candidates).select_related("post", "tag")
    }
    former = next((matches[path] for path in candidates if path in matches), None)
    if former is None:
        return None
    if former.is_gone:
        return render(request, "410.html", status=410)
    url = destination(former)
    return HttpResponsePermanentRedirect(url) if url else None


def destination(former):
    """Where a former address leads now, or None when that is not public (a 404)."""
    match former.target:
        case FormerURL.Target.POST:
            return former.post.get_absolute_url() if former.post.is_public else None
        case FormerURL.Target.TAG:
            return reverse("blog:tag_detail", kwargs={"slug": former.tag.slug})
        case FormerURL.Target.TAG_FEED:
            return feed_url(former.tag)
        case FormerURL.Target.FEED:
            return feed_url()
    return None


def feed_url(tag=None):
    """Our Atom feed for an old engine's feed address (a tag's feed, else the site's).

    Until the site has feeds, old feed addresses lead to the front page.
    """
    attempts = [("blog:tag_feed_atom", {"slug": tag.slug})] if tag else []
    attempts.append(("blog:feed_atom", {}))
    for name, kwargs in attempts:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse("blog:post_list")
