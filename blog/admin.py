from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat

from .admin_publishing import PublicationFilter, PublishingAdminMixin
from .models import Attachment, Post, Tag


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("file", "caption", "order", "kind", "human_size", "dimensions")
    readonly_fields = ("kind", "human_size", "dimensions")
    extra = 1

    @admin.display(description="Size")
    def human_size(self, attachment):
        return filesizeformat(attachment.size) if attachment.size is not None else "—"

    @admin.display(description="Pixels")
    def dimensions(self, attachment):
        if attachment.width and attachment.height:
            return f"{attachment.width} × {attachment.height}"
        return "—"


@admin.register(Post)
class PostAdmin(PublishingAdminMixin, admin.ModelAdmin):
    list_display = ("title", "publication", "author", "tag_list")
    list_filter = (PublicationFilter, "tags", "published_at")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("author",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "tags")}),
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        post = form.instance
        post.render()  # again: attachments uploaded with this form now resolve
        if post.missing_attachments:
            names = ", ".join(f"“{name}”" for name in post.missing_attachments)
            self.message_user(
                request,
                f"“{post}” refers to files that are not attached: {names}. Readers see the "
                "description instead; attach the files or correct the names.",
                messages.WARNING,
            )

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="Tags")
    def tag_list(self, post):
        return ", ".join(tag.name for tag in post.sorted_tags())


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
