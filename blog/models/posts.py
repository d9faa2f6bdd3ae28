"""Posts and the one queryset that decides what readers may see."""

import math
import re

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from blog.content.markup import render_post
from blog.content.metadata import describe

from .tags import TaggedPost

# Letters and digits of any script, `-`, `_` and `.`: what old engines put in their
# addresses (`10.8`, `κείμενο`), kept so that every old link can be found again.
POST_SLUG_RE = re.compile(r"^[-\w.]+\Z")


def validate_post_slug(value):
    if not POST_SLUG_RE.match(value) or set(value) == {"."}:
        raise ValidationError(
            "Use letters, digits, hyphens, underscores and dots only (not just dots).",
            code="invalid",
        )


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what readers may see: public entries of this model's kind
        (posts for `Post.objects`, pages for `Page.objects`). A password-protected one is
        listed by its title only; see `unprotected()`."""
        return self.filter(
            kind=self.model.KIND, status=Post.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def unprotected(self):
        """Without the password-protected ones: what feeds, search, the sitemap and related
        posts may show, since they show text."""
        return self.filter(password="")

    def scheduled(self):
        """Posts set to publish themselves later; the next one is when listings change."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_due(self):
        """When the next scheduled post goes live (the content stamp moves on then), or None."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def drafts(self):
        return self.filter(status=Post.Status.DRAFT)

    def visible_to(self, user):
        """Authors read their own drafts and scheduled posts on the site (marked as such),
        superusers everyone's; private posts are for staff only; readers see the published.
        The same rule as in the admin."""
        if user.is_superuser:
            return self.filter(kind=self.model.KIND)
        if user.is_staff:
            return (
                self.published()
                | self.filter(kind=self.model.KIND, status=Post.Status.PRIVATE)
                | self.filter(kind=self.model.KIND, author=user)
            )
        return self.published()

    def for_listing(self):
        """Everything a post in a listing shows, in a number of queries that does not grow."""
        return self.select_related("author").prefetch_related("tags")


class Post(models.Model):
    """A dated post, or (kind `page`, see blog.models.pages) an undated page such as About.

    `Post.objects` holds both kinds for lookups by id; `published()` and `visible_to()`
    keep to the kind of the model they are called on.
    """

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        PRIVATE = "private", "Private (staff only)"

    KIND = Kind.POST

    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.POST, editable=False)
    title = models.CharField(max_length=200)
    slug = models.CharField(
        max_length=200,
        validators=[validate_post_slug],
        help_text=(
            "The last part of the address: letters, digits, hyphens, dots. "
            "Changing it changes the URL (the old one keeps working)."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coauthored_posts",
        help_text="Who else wrote it; shown beside the author.",
    )
    body = models.TextField(
        blank=True,
        help_text=(
            "Markdown. Refer to an attachment by its file name: ![A caption](photo.jpg). "
            "A line <!-- more --> ends the excerpt shown on listings."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(
        blank=True,
        help_text=(
            "Optional short summary; plain text, used where a teaser is shown. "
            "Without it the teaser is the text before <!-- more -->, else the first paragraph."
        ),
    )
    excerpt_html = models.TextField(editable=False, default="")
    # Plain text for meta descriptions, link previews and feed summaries.
    description = models.TextField(editable=False, default="")
    word_count = models.PositiveIntegerField(editable=False, default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text="Readers see the post from this moment on, once its status is Published.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the author last marked an edit as a significant update.",
    )
    # Full-text search on PostgreSQL (blog.models.search_index builds it, blog.signals keeps it
    # current; its GIN index is created by migration 0006 on PostgreSQL only). Always empty on
    # SQLite, which has no such type.
    search_vector = SearchVectorField(null=True, editable=False)
    # Part of every share-preview link; a new value (or none) revokes the old links.
    preview_nonce = models.CharField(max_length=43, blank=True, editable=False)
    # A hash made by Django's password hashers; empty: not protected.
    password = models.CharField(max_length=128, blank=True, editable=False)
    pinned = models.BooleanField(
        default=False, help_text="Shown at the top of the front page, before newer posts."
    )
    menu_order = models.IntegerField(
        default=0, help_text="Pages: their place in the site's navigation, lowest first."
    )
    in_navigation = models.BooleanField(
        default=True, help_text="Pages: listed in the site's navigation."
    )

    tags = TaggableManager(through=TaggedPost, blank=True)

    objects = PostQuerySet.as_manager()

    # Derived from the text on save; see blog.content.markup.render_post.
    RENDERED_FIELDS = ("body_html", "excerpt_html", "word_count", "description")

    class Meta:
        ordering = ["-published_at", "-id"]
        # In listing order, with the id: listing pages are index-only scans (blog.reading.listing).
        indexes = [
            models.Index(fields=["kind", "status", "-published_at", "-id"], name="post_listing_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug"],
                name="post_unique_slug_per_kind",
                violation_error_message="Another one of this kind has this slug.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, render=True, **kwargs):
        """Render the text, then save; `render=False` is for callers that have just set the
        rendered fields from `render()` on an equal post (importers render in bulk)."""
        if render:
            self.render()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.RENDERED_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == self.Kind.PAGE:
            return reverse("blog:page_detail", kwargs={"slug": self.slug})
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post_detail",
            kwargs={"year": local.year, "month": local.month, "day": local.day, "slug": self.slug},
        )

    def sorted_tags(self):
        """Tags A to Z, sorted in Python: taggit's prefetch ignores the queryset's ordering."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.casefold())

    def clean(self):
        problems = self.publication_problems()
        if self.status == self.Status.PUBLISHED and problems:
            raise ValidationError(problems)

    def publication_problems(self):
        """What keeps this post from being published, by field."""
        problems = {}
        if not self.title.strip():
            problems["title"] = "A post needs a title before it can be published."
        if not self.body.strip():
            problems["body"] = "A post needs a body before it can be published."
        return problems

    def render(self):
        fields = render_post(
            self.body, self.excerpt, self.attachment_references(), footnote_prefix=self.slug
        )
        for field, value in fields.items():
            setattr(self, field, value)
        # File names the body refers to that are not attached: the admin warns about them.
        self.missing_attachments = fields.missing_attachments
        self.description = describe(self.excerpt, self.excerpt_html, self.body_html)

    def set_password(self, raw_password):
        """Protect the post with `raw_password` (stored hashed); empty removes the protection."""
        self.password = make_password(raw_password) if raw_password else ""

    def check_password(self, raw_password):
        return bool(self.password) and check_password(raw_password, self.password)

    @property
    def is_protected(self):
        return bool(self.password)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_revised(self):
        """True once a significant update was made after publication: show "Updated"."""
        return self.revised_at is not None and self.revised_at > self.published_at

    @property
    def last_revised_at(self):
        """The time feeds give as the post's update time: its last significant update."""
        return self.revised_at if self.is_revised else self.published_at

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / settings.HOGSHEAD["WORDS_PER_MINUTE"]))

    def attachment_references(self):
        """What the Markdown pipeline needs to place each attachment, by file name."""
        return self.attachments.references() if self.pk is not None else {}

    def rerender(self):
        """Store fresh HTML after the attachments changed, without touching updated_at."""
        self.render()
        Post.objects.filter(pk=self.pk).update(
            **{field: getattr(self, field) for field in self.RENDERED_FIELDS}
        )

    def first_image(self):
        """The first picture attached to the post (link previews show it), or None."""
        return self.attachments.images().first()

    def related_posts(self, limit=5):
        """Published posts sharing tags with this one, most shared first, then newest: one
        query, using the tags already prefetched with the post."""
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return []
        return list(
            Post.objects.published()
            .unprotected()
            .filter(taggedpost__tag__in=tag_ids)
            .exclude(pk=self.pk)
            .annotate(shared_tags=models.Count("taggedpost"))
            .order_by("-shared_tags", "-published_at", "-id")
            .only("kind", "title", "slug", "published_at")[:limit]
        )

    def previous_published(self):
        return self._neighbour("lt", ("-published_at", "-id"))

    def next_published(self):
        return self._neighbour("gt", ("published_at", "id"))

    def _neighbour(self, direction, ordering):
        """The published post just before (`lt`) or after (`gt`) this one in listing order."""
        published_at = f"published_at__{direction}"
        return (
            Post.objects.published()
            .filter(
                models.Q(**{published_at: self.published_at})
                | models.Q(published_at=self.published_at, **{f"pk__{direction}": self.pk})
            )
            .only("kind", "title", "slug", "published_at")
            .order_by(*ordering)
            .first()
        )
