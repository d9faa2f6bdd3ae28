"""The publishing workflow in the admin: schedule, publish, share previews, own posts only.

`PublishingAdminMixin` is mixed into `PostAdmin` (blog/admin/posts.py); the rest of the
post admin (fields, inlines, tags) stays there.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html

from blog.models import Post
from blog.models.sharing import preview_expires_at, preview_url, start_sharing, stop_sharing


class PostPublishingForm(forms.ModelForm):
    significant_update = forms.BooleanField(
        required=False,
        label="Significant update",
        help_text=(
            "Tick when this edit changes what the post says: it then shows “Updated” with "
            "today’s date, and feeds announce it again. Leave it unticked for typo fixes."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        # self.instance still holds the stored post here: was it public before this edit?
        if cleaned_data.get("significant_update") and not self.instance.is_public:
            self.add_error(
                "significant_update",
                "Only a post readers have already seen can be updated; leave this unticked.",
            )
        return cleaned_data


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.drafts()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


def _local(moment, format_name):
    return formats.date_format(timezone.localtime(moment), format_name)


class PublishingAdminMixin:
    """Authors who are not superusers see, change and delete only their own posts."""

    form = PostPublishingForm
    change_form_template = "admin/blog/post/publishing_change_form.html"
    actions = ["publish_now", "revert_to_draft"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(author=request.user)

    def owns(self, request, post):
        return post is None or request.user.is_superuser or post.author_id == request.user.pk

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.owns(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "revised_at"]
        if not request.user.is_superuser:
            readonly.append("author")
        return readonly

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.author = request.user
        if form.cleaned_data.get("significant_update"):
            obj.revised_at = timezone.now()
        if "_share_preview" in request.POST:
            start_sharing(obj)
        if "_stop_sharing" in request.POST:
            stop_sharing(obj)
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if "_share_preview" in request.POST:
            self.message_user(
                request,
                f"Anyone with the preview link below can read “{obj}” until "
                f"{_local(preview_expires_at(), 'DATETIME_FORMAT')}.",
            )
        elif "_stop_sharing" in request.POST:
            self.message_user(request, f"Every preview link to “{obj}” stopped working.")
        else:
            return super().response_change(request, obj)
        return HttpResponseRedirect(reverse("admin:blog_post_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.preview_nonce and not obj.is_public:
            context["preview_link"] = request.build_absolute_uri(preview_url(obj))
            context["preview_expires_at"] = _local(preview_expires_at(), "DATETIME_FORMAT")
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="Publication", ordering="published_at")
    def publication(self, post):
        if post.status == Post.Status.DRAFT:
            return "Draft"
        if post.is_scheduled:
            return format_html(
                "<strong>Scheduled for {}</strong>", _local(post.published_at, "DATETIME_FORMAT")
            )
        return f"Published {_local(post.published_at, 'DATE_FORMAT')}"

    @admin.action(description="Publish selected posts now", permissions=["change"])
    def publish_now(self, request, queryset):
        published = []
        for post in queryset:
            if post.is_public:
                continue
            problems = post.publication_problems()
            if problems:
                reasons = " ".join(problems.values())
                self.message_user(request, f"Skipped “{post}”: {reasons}", messages.WARNING)
                continue
            post.status, post.published_at = Post.Status.PUBLISHED, timezone.now()
            post.save()
            published.append(post)
        if published:
            names = ", ".join(f"“{post}”" for post in published)
            self.message_user(request, f"Published {len(published)} post(s): {names}.")

    @admin.action(description="Revert selected posts to draft", permissions=["change"])
    def revert_to_draft(self, request, queryset):
        reverted = 0
        for post in queryset.exclude(status=Post.Status.DRAFT):
            post.status = Post.Status.DRAFT
            post.save()
            reverted += 1
        self.message_user(request, f"Reverted {reverted} post(s) to draft.")
