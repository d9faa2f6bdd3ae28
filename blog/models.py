import math
import posixpath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from .cleanup import delete_files
from .figures import AttachmentRef, Rendition
from .markup import render_post
from .metadata import describe
from .renditions import rendition_name, rendition_names, write_renditions
from .uploads import (
    check_free_space,
    disk_full_error,
    inspect_upload,
    normalise_filename,
    space_needed,
)


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what readers may see."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Posts set to publish themselves later; the next one is when listings change."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Post.Status.DRAFT)

    def visible_to(self, user):
        """Authors read their own drafts and scheduled posts on the site (marked as such),
        superusers everyone's, readers none; the same rule as in the admin."""
        if user.is_superuser:
            return self.all()
        if user.is_staff:
            return self.published() | self.filter(author=user)
        return self.published()

    def for_listing(self):
        """Everything a post in a listing shows, in a number of queries that does not grow."""
        return self.select_related("author").prefetch_related("tags")


class Tag(TagBase):
    """A tag; names match case-insensitively (TAGGIT_CASE_INSENSITIVE), so one tag per word."""

    class Meta:
        ordering = ["name"]


class TaggedPost(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")
    content_object = models.ForeignKey("Post", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tagged post"
        unique_together = [("content_object", "tag")]


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the post's address. Changing it changes the URL.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
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
    # Full-text search on PostgreSQL (blog.search keeps it current; its GIN index is created
    # by migration 0005 on PostgreSQL only). Always empty on SQLite, which has no such type.
    search_vector = SearchVectorField(null=True, editable=False)
    # Part of every share-preview link; a new value (or none) revokes the old links.
    preview_nonce = models.CharField(max_length=43, blank=True, editable=False)

    tags = TaggableManager(through=TaggedPost, blank=True)

    objects = PostQuerySet.as_manager()

    # Derived from the text on save; see blog.markup.render_post.
    RENDERED_FIELDS = ("body_html", "excerpt_html", "word_count", "description")

    class Meta:
        ordering = ["-published_at", "-id"]
        # In listing order, with the id, so listing pages are index-only scans (blog.listing).
        indexes = [models.Index(fields=["status", "-published_at", "-id"], name="post_listing_idx")]

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
        if self.pk is None:
            return {}
        attachments = list(self.attachments.all())
        pictures = {
            posixpath.splitext(a.filename)[0]: a.reference()
            for a in attachments
            if a.kind == Attachment.Kind.IMAGE
        }
        references = {}
        for attachment in attachments:
            # A video's poster is the picture attached with the same name: cask.mp4, cask.jpg.
            poster = pictures.get(posixpath.splitext(attachment.filename)[0])
            is_video = attachment.kind == Attachment.Kind.VIDEO
            references[attachment.filename] = attachment.reference(poster if is_video else None)
        return references

    def rerender(self):
        """Store fresh HTML after the attachments changed, without touching updated_at."""
        self.render()
        Post.objects.filter(pk=self.pk).update(
            **{field: getattr(self, field) for field in self.RENDERED_FIELDS}
        )

    def first_image(self):
        """The first picture attached to the post (link previews show it), or None."""
        return self.attachments.filter(kind=Attachment.Kind.IMAGE).first()

    def related_posts(self, limit=5):
        """Published posts sharing tags with this one, most shared first, then newest: one
        query, using the tags already prefetched with the post."""
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return []
        return list(
            Post.objects.published()
            .filter(taggedpost__tag__in=tag_ids)
            .exclude(pk=self.pk)
            .annotate(shared_tags=models.Count("taggedpost"))
            .order_by("-shared_tags", "-published_at", "-id")
            .only("title", "slug", "published_at")[:limit]
        )

    def previous_published(self):
        return (
            Post.objects.published()
            .filter(
                models.Q(published_at__lt=self.published_at)
                | models.Q(published_at=self.published_at, pk__lt=self.pk)
            )
            .only("title", "slug", "published_at")
            .first()
        )

    def next_published(self):
        return (
            Post.objects.published()
            .filter(
                models.Q(published_at__gt=self.published_at)
                | models.Q(published_at=self.published_at, pk__gt=self.pk)
            )
            .only("title", "slug", "published_at")
            .order_by("published_at", "id")
            .first()
        )


def attachment_upload_to(attachment, filename):
    """posts/<post id>/<normalised name>; a name already used in the post gets a number,
    so every attachment of a post keeps a name of its own to be referred to by."""
    name = normalise_filename(filename)
    taken = {
        posixpath.basename(path)
        for path in Attachment.objects.filter(post_id=attachment.post_id)
        .exclude(pk=attachment.pk)
        .values_list("file", flat=True)
    }
    stem, extension = posixpath.splitext(name)
    number = 2
    while name in taken:
        name = f"{stem}-{number}{extension}"
        number += 1
    return f"posts/{attachment.post_id}/{name}"


def _files_in(storage, folder):
    try:
        return storage.listdir(folder)[1]
    except FileNotFoundError:
        return []


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        VIDEO = "video", "Video"
        FILE = "file", "File"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=255)
    caption = models.CharField(
        max_length=300,
        blank=True,
        help_text="Used as the picture's description and caption when the Markdown gives none.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, editable=False)
    content_type = models.CharField(max_length=100, editable=False, default="")
    size = models.PositiveBigIntegerField(editable=False, help_text="In bytes.")
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    # [{"width": 480, "height": 320, "type": "image/webp", "bytes": 12345}, ...]; the
    # files' names follow from these (blog.renditions.rendition_name).
    renditions = models.JSONField(default=list, blank=True, editable=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.filename

    def save(self, *args, **kwargs):
        if self.is_new_file:
            self.store_new_file()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.is_new_file:
            try:
                self._facts = inspect_upload(self.file)
                check_free_space(
                    space_needed(self.file, self._facts),
                    self.file.storage,
                    posixpath.basename(self.file.name or ""),
                )
            except ValidationError as error:
                raise ValidationError({"file": error}) from None

    @property
    def filename(self):
        return posixpath.basename(self.file.name)

    @property
    def is_new_file(self):
        return bool(self.file) and not self.file._committed

    def store_new_file(self):
        """Inspect the upload (refusing a bad one), store it and write its renditions."""
        facts = getattr(self, "_facts", None) or inspect_upload(self.file)
        replaced = Attachment.objects.filter(pk=self.pk).first() if self.pk else None
        if replaced is not None:
            if replaced.filename == normalise_filename(self.file.name):
                # Same name: the text refers to it, so the new file takes its place now.
                delete_files(replaced.file.storage, replaced.file_names())
            else:
                replaced.delete_files_on_commit()
        self.kind, self.content_type = facts.kind, facts.content_type
        self.width, self.height, self.size = facts.width, facts.height, self.file.size
        name = normalise_filename(self.file.name)
        storage = self.file.storage
        folder = posixpath.dirname(attachment_upload_to(self, self.file.name))
        before = set(_files_in(storage, folder))
        try:
            self.file.save(self.file.name, self.file.file, save=False)
        except OSError as error:
            # The storage leaves what it managed to write of the file.
            partial = set(_files_in(storage, folder)) - before
            delete_files(storage, [posixpath.join(folder, leftover) for leftover in partial])
            raise disk_full_error(name) from error
        self.renditions = []
        if facts.kind == self.Kind.IMAGE and not facts.animated:
            self.file.open("rb")
            try:
                self.renditions = write_renditions(
                    self.file.storage, self.file.name, self.file, facts.content_type
                )
            except OSError as error:
                delete_files(self.file.storage, [self.file.name])
                raise disk_full_error(name) from error
            finally:
                self.file.close()
        self._facts = None

    def refresh_from_file(self):
        """Inspect the stored file again and rewrite its renditions (for files stored before
        renditions existed, or after RENDITION_WIDTHS changed); returns the facts."""
        stale = set(self.file_names())
        self.file.open("rb")
        try:
            facts = inspect_upload(self.file, check_size=False)
            self.renditions = []
            if facts.kind == self.Kind.IMAGE and not facts.animated:
                self.renditions = write_renditions(
                    self.file.storage, self.file.name, self.file, facts.content_type
                )
        finally:
            self.file.close()
        self.kind, self.content_type = facts.kind, facts.content_type
        self.width, self.height, self.size = facts.width, facts.height, self.file.size
        delete_files(self.file.storage, sorted(stale - set(self.file_names())))
        self.save(update_fields=["kind", "content_type", "width", "height", "size", "renditions"])
        return facts

    def file_names(self):
        """Every stored file of this attachment: the upload and its renditions."""
        return [self.file.name, *rendition_names(self.file.name, self.renditions)]

    def delete_files_on_commit(self):
        storage, names = self.file.storage, self.file_names()
        transaction.on_commit(lambda: delete_files(storage, names))

    def reference(self, poster=None):
        url = self.file.storage.url
        return AttachmentRef(
            url=url(self.file.name),
            name=self.filename,
            kind=self.kind,
            caption=self.caption,
            size=self.size,
            width=self.width,
            height=self.height,
            content_type=self.content_type,
            renditions=tuple(
                Rendition(
                    url(rendition_name(self.file.name, r["width"], r["type"])),
                    r["width"],
                    r["height"],
                    r["type"],
                )
                for r in self.renditions
            ),
            poster=poster,
        )


class FormerURL(models.Model):
    """An address that used to show a post, a tag page or a feed: answered with a 301 to
    where that lives now, or with 410 Gone when the post was deleted (a post row, no post).

    Consulted only when a request would otherwise be a 404 (see blog.history).
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
        Post,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="former_urls",
        help_text="Where the address leads now; empty means the post is gone (410).",
    )
    tag = models.ForeignKey(
        Tag,
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
