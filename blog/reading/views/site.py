"""Pages about the site rather than its posts."""

from django.urls import reverse
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri(reverse("blog:sitemap"))
        return super().get_context_data(sitemap_url=sitemap_url, **kwargs)
