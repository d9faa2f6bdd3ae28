from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# The links in every page's head, header and footer.
SITE_LINKS = {
    "home": "blog:post_list",
    "tags": "blog:tag_list",
    "archive": "blog:archive",
    "search": "blog:search",
    "atom": "blog:feed_atom",
    "rss": "blog:feed_rss",
}


def site(request):
    return {
        "site": settings.HOGSHEAD,
        "links": site_links(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF),
    }


@lru_cache(maxsize=16)
def site_links(script_prefix, urlconf):
    """`SITE_LINKS` reversed once per address the site is served under: as `{% url %}`
    tags they were a tenth of an uncached page's time. A name the URLconf lacks is ""."""
    links = {}
    for key, name in SITE_LINKS.items():
        try:
            links[key] = reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            links[key] = ""
    return links
