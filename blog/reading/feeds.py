"""Atom and RSS feeds: the whole site, one tag, one author.

Each entry carries the post's full HTML with every link and picture made absolute, so
it reads the same in a feed reader as on the site. Everything written to the XML goes
through `xml_text` first: XML 1.0 has no place for most control characters, and a post
must never be able to break its feed.
"""

import copy
import hashlib
import re
from functools import partial
from urllib.parse import urljoin

import bleach
from bleach.html5lib_shim import Filter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from blog.content import markup
from blog.models import Post, Tag

from . import listing

FEED_LENGTH = 20

# Characters XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE and U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    """`text` without the characters an XML 1.0 document cannot contain."""
    return _NOT_XML.sub("", text) if text else text


class _AbsoluteURLs(Filter):
    """Resolves every link, picture and `srcset` candidate against `base_url`."""

    def __init__(self, source, base_url):
        super().__init__(source)
        self.base_url = base_url

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"}:
                attributes = token["data"]
                for key, value in attributes.items():
                    if key[1] in {"href", "src"}:
                        attributes[key] = urljoin(self.base_url, value.strip())
                    elif key[1] == "srcset":
                        attributes[key] = self.absolute_srcset(value)
            yield token

    def absolute_srcset(self, srcset):
        candidates = []
        for candidate in srcset.split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            if url:
                candidates.append(f"{urljoin(self.base_url, url)} {descriptor}".strip())
        return ", ".join(candidates)


def absolute_html(html, base_url):
    """Sanitised `html` (a post's `body_html`) with its URLs resolved against `base_url`."""
    cleaner = bleach.Cleaner(
        tags=markup.ALLOWED_TAGS,
        attributes=markup.ALLOWED_ATTRIBUTES,
        protocols=markup.ALLOWED_PROTOCOLS,
        strip=True,
        filters=[partial(_AbsoluteURLs, base_url=base_url)],
    )
    return cleaner.clean(html)


class AtomWithContent(Atom1Feed):
    """Atom with the whole post in `<content>`; `<summary>` keeps the short description."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestPostsFeed(Feed):
    """The site's newest published posts, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request; give each its own copy to hold the request.
        feed = copy.copy(self)
        feed.request = request
        response = Feed.__call__(feed, request, *args, **kwargs)
        # The feed generator writes thousands of small pieces; sent as they are, each is a
        # system call (a 170 KB feed took 10 ms to send from gunicorn, 1 ms as one piece).
        response.content = response.content
        return response

    def title(self, obj):
        return xml_text(settings.HOGSHEAD["TITLE"])

    def description(self, obj):
        return xml_text(settings.HOGSHEAD["DESCRIPTION"])

    subtitle = description

    def link(self, obj):
        return reverse("blog:post_list")

    def posts(self, obj):
        return Post.objects.published()

    def items(self, obj):
        return self.posts(obj).for_listing()[:FEED_LENGTH]

    def item_title(self, post):
        return xml_text(post.title)

    def item_content(self, post):
        url = self.request.build_absolute_uri(post.get_absolute_url())
        # Re-sanitising every post on every request was nine tenths of a feed's time.
        address = hashlib.sha256(url.encode()).hexdigest()[:32]
        html = listing.cached(
            f"feed-content:{post.pk}:{address}", lambda: absolute_html(post.body_html, url)
        )
        return xml_text(html)

    def item_description(self, post):
        return self.item_content(post)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.last_revised_at

    def item_author_name(self, post):
        return xml_text(post.author.public_name)

    def item_author_link(self, post):
        return self.request.build_absolute_uri(
            reverse("blog:author_detail", kwargs={"username": post.author.username})
        )

    def item_categories(self, post):
        return [xml_text(tag.name) for tag in post.sorted_tags()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = AtomWithContent

    def item_description(self, post):
        return escape(xml_text(post.description))

    def item_extra_kwargs(self, post):
        return {"content": self.item_content(post)}


class TagFeedMixin:
    def get_object(self, request, slug):
        # A tag used only on drafts or scheduled posts does not exist for readers.
        return get_object_or_404(
            Tag.objects.filter(
                tagged_posts__content_object__in=Post.objects.published()
            ).distinct(),
            slug__iexact=slug,
        )

    def title(self, tag):
        return xml_text(f"{settings.HOGSHEAD['TITLE']}: posts tagged “{tag.name}”")

    def link(self, tag):
        return reverse("blog:tag_detail", kwargs={"slug": tag.slug})

    def posts(self, tag):
        return Post.objects.published().filter(tags=tag)


class AuthorFeedMixin:
    def get_object(self, request, username):
        return get_object_or_404(
            get_user_model().objects.filter(posts__in=Post.objects.published()).distinct(),
            username=username,
        )

    def title(self, author):
        return xml_text(f"{settings.HOGSHEAD['TITLE']}: posts by {author.public_name}")

    def link(self, author):
        return reverse("blog:author_detail", kwargs={"username": author.username})

    def posts(self, author):
        return Post.objects.published().filter(author=author)


class TagFeed(TagFeedMixin, LatestPostsFeed):
    pass


class TagAtomFeed(TagFeedMixin, LatestPostsAtomFeed):
    pass


class AuthorFeed(AuthorFeedMixin, LatestPostsFeed):
    pass


class AuthorAtomFeed(AuthorFeedMixin, LatestPostsAtomFeed):
    pass
