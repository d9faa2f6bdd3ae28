"""Addresses that used to show something: kept so that no old link breaks."""

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone


class FormerURL(models.Model):
    """An address that used to show a post, a tag page or a feed: answered with a 301 to
    where that lives now, or with 410 Gone when the post was deleted (a post row, no post).

    Consulted only when a request would otherwise be a 404 (see blog.reading.former_urls).
    """

    class Target(models.TextChoices):
        POST = "post", "Post"
        TAG = "tag", "Tag page"
        FEED = "feed", "Site feed"
        TAG_FEED = "tag_feed", "Tag feed"

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text="As in the address bar, percent-encoded, with any query string: /2019/06/02/old/",
    )
    target = models.CharField(max_length=10, choices=Target.choices, default=Target.POST)
    post = models.ForeignKey(
        "blog.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="former_urls",
        help_text="Where the address leads now; empty means the post is gone (410).",
    )
    tag = models.ForeignKey(
        "blog.Tag",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="former_urls",
        help_text="The tag whose page or feed the address leads to.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "former URL"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.path

    @property
    def is_gone(self):
        return self.target == self.Target.POST and self.post_id is None

    @classmethod
    def record(cls, path, post):
        """`path` leads to `post` from now on (or, with None, is gone)."""
        cls.objects.update_or_create(
            path=path, defaults={"post": post, "target": cls.Target.POST, "tag": None}
        )

    def destination(self):
        """Where this address leads now, or None when that is not public (a 404)."""
        match self.target:
            case self.Target.POST:
                return self.post.get_absolute_url() if self.post.is_public else None
            case self.Target.TAG:
                return reverse("blog:tag_detail", kwargs={"slug": self.tag.slug})
            case self.Target.TAG_FEED:
                return feed_url(self.tag)
            case self.Target.FEED:
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
