from django.contrib import admin

from .admin_media import AttachmentInline, MediaAdminMixin
from .admin_publishing import PublicationFilter, PublishingAdminMixin
from .models import Post, Tag


@admin.register(Post)
class PostAdmin(MediaAdminMixin, PublishingAdminMixin, admin.ModelAdmin):
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

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
