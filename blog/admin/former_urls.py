"""The former URLs in the admin: what each old address answers, read-only."""

from django.contrib import admin
from django.utils.html import format_html

from blog.models import FormerURL


@admin.register(FormerURL)
class FormerURLAdmin(admin.ModelAdmin):
    """Old addresses, recorded by the site itself (or an importer); read-only here."""

    list_display = ("path", "leads_to", "created_at")
    list_filter = ("target",)
    search_fields = ("path", "post__title", "post__slug", "tag__name")
    list_select_related = ("post", "tag")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Leads to", ordering="post__title")
    def leads_to(self, former):
        if former.is_gone:
            return "410 Gone"
        if former.target != FormerURL.Target.POST:
            url = former.destination()
            label = f"{former.get_target_display()} {former.tag or ''}".strip()
            return format_html('301 → <a href="{}">{}</a>', url, label)
        return format_html(
            '301 → <a href="{}">{}</a>', former.post.get_absolute_url(), former.post.title
        )
