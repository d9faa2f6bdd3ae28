"""The archive of every post by month, and a year's or a month's posts."""

from django.views.generic import ListView, MonthArchiveView, YearArchiveView

from blog.models import Post

from ..archives import group_by_month
from ..listing import articles
from .posts import PostMixin


class ArchiveView(ListView):
    """Every published post, by year and month, newest first: titles only."""

    template_name = "blog/archive.html"

    def get_queryset(self):
        return Post.objects.published().only("kind", "title", "slug", "published_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=group_by_month(self.object_list), **kwargs)


class DateArchiveMixin(PostMixin):
    """A year's or a month's posts, paginated like the front page; empty periods are 404."""

    date_field = "published_at"
    allow_empty = False
    template_name = "blog/archive_period.html"
    context_object_name = "posts"

    def url_kwargs(self):
        return {key: self.kwargs[key] for key in ("year", "month") if key in self.kwargs}

    def get_queryset(self):
        # The view also asks this queryset for the neighbouring periods: keep it lean and
        # join authors and tags for the page of posts only.
        return Post.objects.published()

    def paginate_queryset(self, queryset, page_size):
        return super().paginate_queryset(queryset.for_listing(), page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = articles(context["page_obj"])
        return context


class PostYearArchiveView(DateArchiveMixin, YearArchiveView):
    list_url_name = "blog:archive_year"
    page_url_name = "blog:archive_year_page"
    make_object_list = True


class PostMonthArchiveView(DateArchiveMixin, MonthArchiveView):
    list_url_name = "blog:archive_month"
    page_url_name = "blog:archive_month_page"
    month_format = "%m"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The days of the month are not shown; emptiness is already checked (a 404).
        return None
