"""The post admin: the writing screen, its changelist, filters and search."""

from django.contrib import admin, messages

from blog.content.alt_text import images_without_alt_text
from blog.models import Post

from .attachments import MediaAdminMixin, MediaAttachmentInline
from .help import AuthorHelpMixin
from .publishing import PublicationFilter, PublishingAdminMixin


class AttachmentInline(AuthorHelpMixin, MediaAttachmentInline):
    help_texts = {
        "file": "A picture or any file. Use it in the text by its file name: "
        "![What the picture shows](photo.jpg) or [the patch](fix.patch).",
        "caption": "A short description of the file, for readers.",
        "order": "Smaller numbers come first.",
    }


@admin.register(Post)
class PostAdmin(AuthorHelpMixin, MediaAdminMixin, PublishingAdminMixin, admin.ModelAdmin):
    list_display = ("title", "publication", "author", "tag_list")
    list_filter = (PublicationFilter, "tags", "published_at")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("author",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "tags", "new_files")}),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "published_at",
                    ("significant_update", "revised_at"),
                    "author",
                    "excerpt",
                )
            },
        ),
    )
    inlines = [AttachmentInline]
    help_texts = {
        "body": "Markdown. Refer to an attachment by its file name: "
        "![What the picture shows](photo.jpg) — the words in brackets are read to people who "
        "cannot see the picture. A line <!-- more --> ends the excerpt shown on listings.",
        "title": "The headline readers see; the address is made from it until you edit the slug.",
        "tags": "Separate tags with commas; put a tag of several words in quotes. "
        "“Linux” and “linux” are the same tag.",
        "status": "Draft: only you (and editors) can see it. Published: readers see it from "
        "the publication date below, so a date in the future schedules it.",
        "author": "Shown as the byline, linking to the author's page.",
    }

    class Media:
        # css/admin.css comes with every admin page (templates/admin/base_site.html).
        css = {"all": ["css/admin-media.css"]}
        js = ["js/admin-preview.js"]

    def get_queryset(self, request):
        # Pages have an admin of their own.
        queryset = super().get_queryset(request).filter(kind=self.model.KIND)
        return queryset.prefetch_related("tags")

    def save_related(self, request, form, formsets, change):
        # MediaAdminMixin attaches the new files and warns about missing ones first.
        super().save_related(request, form, formsets, change)
        post = form.instance
        if undescribed := images_without_alt_text(post.body_html, self.names_by_url(post)):
            names = ", ".join(f"“{name}”" for name in undescribed)
            self.message_user(
                request,
                f"“{post}” has pictures without a description: {names}. People who cannot see "
                "them hear the description instead: write what each shows between the brackets, "
                "![Two casks in a shed](casks.jpg), or give the attachment a caption.",
                messages.WARNING,
            )

    @staticmethod
    def names_by_url(post):
        """The file name an author wrote for each URL a picture of theirs may be shown at."""
        return {
            attachment.file.storage.url(name): attachment.filename
            for attachment in post.attachments.all()
            for name in attachment.file_names()
        }

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="Tags")
    def tag_list(self, post):
        return ", ".join(tag.name for tag in post.sorted_tags())
