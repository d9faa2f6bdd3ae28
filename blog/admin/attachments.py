"""Attachments in the admin: several uploads at once, rows with a thumbnail and the snippet
to paste, and a live preview rendered by the site's own pipeline.

`MediaAttachmentInline`, `PostMediaForm` and `MediaAdminMixin` are used by `PostAdmin`
(blog/admin/posts.py, which also lists static/js/admin-preview.js and css/admin-media.css in its
Media: a mixin's Media class is not picked up).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from blog.content.markup import render_post
from blog.media.disk_space import check_free_space, space_needed
from blog.media.inspection import inspect_upload
from blog.models import Attachment

from .publishing import PostPublishingForm

THUMBNAIL_BOX = 96  # pixels, the longer side of an attachment row's thumbnail


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class PostMediaForm(PostPublishingForm):
    new_files = MultipleFileField(
        required=False,
        label="Add files",
        help_text="Pick several files at once; they are attached when you save.",
    )
    # Set when saving failed on a full disk (MediaAdminMixin.changeform_view).
    storage_error = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].widget.attrs.update(
                {
                    "data-preview-url": reverse("admin:blog_post_markdown_preview"),
                    "data-post": self.instance.pk or "",
                }
            )

    def clean_new_files(self):
        """Inspect every file now: one bad file keeps the whole form (and post) unsaved."""
        files, errors = self.cleaned_data["new_files"], []
        for file in files:
            try:
                file.upload_facts = inspect_upload(file)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        check_free_space(
            sum(space_needed(file, file.upload_facts) for file in files),
            Attachment.file.field.storage,
            ", ".join(file.name for file in files),
        )
        return files

    def clean(self):
        cleaned_data = super().clean()
        if self.storage_error is not None:
            raise self.storage_error
        return cleaned_data


def _snippet_text(text):
    return text.replace("[", "\\[").replace("]", "\\]")


class MediaAttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("thumbnail", "file", "caption", "order", "kind", "human_size", "snippet")
    readonly_fields = ("thumbnail", "kind", "human_size", "snippet")
    extra = 1

    @admin.display(description="Preview")
    def thumbnail(self, attachment):
        if attachment.pk is None or attachment.kind != Attachment.Kind.IMAGE:
            return "—"
        reference = attachment.reference()
        smallest = min(reference.renditions, key=lambda r: r.width, default=reference)
        scale = min(1, THUMBNAIL_BOX / max(attachment.width, attachment.height))
        return format_html(
            '<img class="attachment-thumbnail" src="{}" width="{}" height="{}" alt="">',
            smallest.url,
            max(1, round(attachment.width * scale)),
            max(1, round(attachment.height * scale)),
        )

    @admin.display(description="Size")
    def human_size(self, attachment):
        if attachment.size is None:
            return "—"
        if attachment.width and attachment.height:
            return f"{filesizeformat(attachment.size)}, {attachment.width} × {attachment.height}"
        return filesizeformat(attachment.size)

    @admin.display(description="Markdown to paste")
    def snippet(self, attachment):
        if attachment.pk is None:
            return "—"
        description = _snippet_text(attachment.caption or attachment.filename)
        return format_html(
            '<code class="attachment-snippet">![{}]({})</code>', description, attachment.filename
        )


class MediaAdminMixin:
    """Adds to `PostAdmin`: the several-files field, the missing-file warning, the preview."""

    form = PostMediaForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if getattr(error, "code", None) != "disk_full":
                raise
            storage_error = error
        # The disk filled up while the files were written: the transaction was rolled back
        # and the files removed. The form comes back with the author's text and the error;
        # the files have to be chosen again, as after any form error.
        request.storage_error = storage_error
        request._files = MultiValueDict()
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        storage_error = getattr(request, "storage_error", None)
        if storage_error is None:
            return form
        return type(form.__name__, (form,), {"storage_error": storage_error})

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.markdown_preview))
        return [
            path("markdown-preview/", preview, name="blog_post_markdown_preview"),
            *super().get_urls(),
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        post = form.instance
        self.attach_new_files(post, form.cleaned_data.get("new_files") or [])
        post.render()  # again: attachments uploaded with this form now resolve
        if post.missing_attachments:
            names = ", ".join(f"“{name}”" for name in post.missing_attachments)
            self.message_user(
                request,
                f"“{post}” refers to files that are not attached: {names}. Readers see the "
                "description instead; attach the files or correct the names.",
                messages.WARNING,
            )

    def attach_new_files(self, post, files):
        order = (post.attachments.aggregate(last=Max("order"))["last"] or 0) + 1
        for offset, file in enumerate(files):
            attachment = Attachment(post=post, file=file, order=order + offset)
            attachment._facts = file.upload_facts
            attachment.save()

    def markdown_preview(self, request):
        """The post body as readers would get it, with the post's saved attachments."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        post = None
        post_id = request.POST.get("post", "")
        if post_id:
            post = self.get_object(request, post_id) if post_id.isdigit() else None
            if post is None or not self.has_change_permission(request, post):
                raise PermissionDenied
        rendered = render_post(
            request.POST.get("body", ""),
            attachment_urls=post.attachment_references() if post else {},
            footnote_prefix=post.slug if post else "preview",
        )
        return JsonResponse(
            {"html": rendered["body_html"], "missing": rendered.missing_attachments}
        )
