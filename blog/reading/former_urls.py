"""Old addresses answered when nothing else matches: a 301 to where they lead, or 410 Gone.

They are recorded by blog.signals (a public post's address changed or it was deleted) and
by the importers (the old engine's addresses); blog.models.FormerURL says where each leads.
"""

from urllib.parse import parse_qsl

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.encoding import escape_uri_path

from blog.models import FormerURL

# Query parameters with which WordPress addressed posts, pages, tags, categories and feeds on
# pages that are live here (`/?p=123` is our front page). Any other query string (a search,
# a page number, tracking tags) never costs a lookup on a live page.
OLD_ENGINE_QUERY_KEYS = frozenset({"p", "page_id", "attachment_id", "cat", "tag", "feed", "m"})


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
    # A raw NUL cannot be stored (PostgreSQL refuses it in text), so nothing can match it.
    if query and "\x00" not in query:
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
    url = former.destination()
    return HttpResponsePermanentRedirect(url) if url else None
