"""Files attached to a post: stored under a normalised name, inspected from their bytes,
with resized renditions of pictures written beside them (blog.media)."""

import posixpath

from django.core.exceptions import ValidationError
from django.db import models, transaction

from blog.content.references import AttachmentRef, RenditionRef
from blog.media.disk_space import check_free_space, disk_full_error, space_needed
from blog.media.filenames import normalise_filename
from blog.media.files import delete_files, files_in
from blog.media.inspection import inspect_upload
from blog.media.renditions import rendition_name, rendition_names, write_renditions


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


class AttachmentQuerySet(models.QuerySet):
    def images(self):
        return self.filter(kind=Attachment.Kind.IMAGE)

    def references(self):
        """`{file name: AttachmentRef}`: what the Markdown pipeline needs to place each one.
        A video's poster is the picture attached with the same name: cask.mp4, cask.jpg."""
        attachments = list(self)
        pictures = {
            posixpath.splitext(a.filename)[0]: a.reference()
            for a in attachments
            if a.kind == Attachment.Kind.IMAGE
        }
        return {
            attachment.filename: attachment.reference(
                pictures.get(posixpath.splitext(attachment.filename)[0])
                if attachment.kind == Attachment.Kind.VIDEO
                else None
            )
            for attachment in attachments
        }


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        VIDEO = "video", "Video"
        FILE = "file", "File"

    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="attachments")
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
    # files' names follow from these (blog.media.renditions.rendition_name).
    renditions = models.JSONField(default=list, blank=True, editable=False)
    order = models.PositiveIntegerField(default=0)

    objects = AttachmentQuerySet.as_manager()

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
        self._take_facts(facts)
        name = normalise_filename(self.file.name)
        storage = self.file.storage
        folder = posixpath.dirname(attachment_upload_to(self, self.file.name))
        before = set(files_in(storage, folder))
        try:
            self.file.save(self.file.name, self.file.file, save=False)
        except OSError as error:
            # The storage leaves what it managed to write of the file.
            partial = set(files_in(storage, folder)) - before
            delete_files(storage, [posixpath.join(folder, leftover) for leftover in partial])
            raise disk_full_error(name) from error
        try:
            self._write_renditions(facts)
        except OSError as error:
            delete_files(self.file.storage, [self.file.name])
            raise disk_full_error(name) from error
        self._facts = None

    def refresh_from_file(self):
        """Inspect the stored file again and rewrite its renditions (for files stored before
        renditions existed, or after RENDITION_WIDTHS changed); returns the facts."""
        stale = set(self.file_names())
        self.file.open("rb")
        try:
            facts = inspect_upload(self.file, check_size=False)
        finally:
            self.file.close()
        self._take_facts(facts)
        self._write_renditions(facts)
        delete_files(self.file.storage, sorted(stale - set(self.file_names())))
        self.save(update_fields=["kind", "content_type", "width", "height", "size", "renditions"])
        return facts

    def _take_facts(self, facts):
        self.kind, self.content_type = facts.kind, facts.content_type
        self.width, self.height, self.size = facts.width, facts.height, self.file.size

    def _write_renditions(self, facts):
        """Resized copies of a still picture, recorded in `renditions`; none for the rest."""
        self.renditions = []
        if facts.kind != self.Kind.IMAGE or facts.animated:
            return
        self.file.open("rb")
        try:
            self.renditions = write_renditions(
                self.file.storage, self.file.name, self.file, facts.content_type
            )
        finally:
            self.file.close()

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
                RenditionRef(
                    url(rendition_name(self.file.name, r["width"], r["type"])),
                    r["width"],
                    r["height"],
                    r["type"],
                )
                for r in self.renditions
            ),
            poster=poster,
        )
