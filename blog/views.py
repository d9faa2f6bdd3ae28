import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from .archives import group_by_month
from .listing import ListingPaginator, articles, post_page_context
from .metadata import blog_posting
from .models import Post, Tag
from .search import (
    MAX_QUERY_LENGTH,
    SearchPaginator,
    add_snippets,
    clean_query,
    full_text_search_available,
    search_posts,
    shown_posts,
)


class PostMixin:
    """What every reader view shares: which posts, how many per page, how pages link."""

    model = Post
    list_url_name = "blog:post_list"
    page_url_name = "blog:post_list_page"
    unpublished_visible_to_staff = False

    def get_queryset(self):
        if self.unpublished_visible_to_staff:
            return Post.objects.visible_to(self.request.user).for_listing()
        return Post.objects.published().for_listing()

    def get_paginate_by(self, queryset):
        return settings.HOGSHEAD["PAGINATE_BY"]

    def url_kwargs(self):
        return {}

    def page_url(self, number):
        if number == 1:
            return reverse(self.list_url_name, kwargs=self.url_kwargs())
        return reverse(self.page_url_name, kwargs={**self.url_kwargs(), "page": number})

    def get(self, request, *args, **kwargs):
        # /page/1/ and the listing's own URL are one page; keep a single address for it.
        page = kwargs.get("page")
        if page == 1:
            return redirect(self.page_url(1), permanent=True)
        if page is not None and page < 1:
            raise Http404("Page numbers start at 1.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["newer_url"] = (
                self.page_url(page.previous_page_number()) if page.has_previous() else None
            )
            context["older_url"] = (
                self.page_url(page.next_page_number()) if page.has_next() else None
            )
        return context


class PostListView(PostMixin, ListView):
    template_name = "blog/post_list.html"
    context_object_name = "posts"

    def listing_name(self):
        """Names this listing's cached count and page boundaries (see blog.listing)."""
        return "posts"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        return ListingPaginator(
            queryset, per_page, orphans, allow_empty_first_page, name=self.listing_name()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = articles(context["page_obj"])
        return context


class TaggedPostListView(PostListView):
    list_url_name = "blog:tag_detail"
    page_url_name = "blog:tag_detail_page"
    template_name = "blog/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug__iexact=kwargs["slug"])
        if self.tag.slug != kwargs["slug"]:
            if kwargs.get("page"):
                return redirect(self.page_url(kwargs["page"]), permanent=True)
            return redirect(self.page_url(1), permanent=True)
        return super().get(request, *args, **kwargs)

    def url_kwargs(self):
        return {"slug": self.tag.slug}

    def listing_name(self):
        return f"tag:{self.tag.pk}"

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        # A tag used only on drafts or scheduled posts does not exist for readers.
        if context["paginator"].count == 0:
            raise Http404("No published posts with this tag.")
        return context


class AuthorPostListView(PostListView):
    list_url_name = "blog:author_detail"
    page_url_name = "blog:author_detail_page"
    template_name = "blog/author_detail.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(get_user_model(), username=kwargs["username"])
        return super().get(request, *args, **kwargs)

    def url_kwargs(self):
        return {"username": self.author.username}

    def listing_name(self):
        return f"author:{self.author.pk}"

    def get_queryset(self):
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        # Someone who has published nothing is not an author readers can know about.
        if context["paginator"].count == 0:
            raise Http404("No published posts by this author.")
        return context


class ArchiveView(ListView):
    """Every published post, by year and month, newest first: titles only."""

    template_name = "blog/archive.html"

    def get_queryset(self):
        return Post.objects.published().only("title", "slug", "published_at")

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


class SearchView(PostMixin, ListView):
    """`/search/?q=…&page=N`: matching published posts, best first, with snippets."""

    template_name = "blog/search.html"
    context_object_name = "results"

    def get(self, request, *args, **kwargs):
        self.query, self.query_was_cut = clean_query(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        """The ranked ids (`search_posts`); `get_paginator` reads a page's posts."""
        self.more = False
        if not self.query:
            return []
        ids, self.more = search_posts(self.query)
        return ids

    def get_paginator(self, ids, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        posts = shown_posts(self.query) if self.query else Post.objects.none()
        return SearchPaginator(
            ids, per_page, orphans, allow_empty_first_page, posts=posts, more=self.more
        )

    def page_url(self, number):
        parameters = {"q": self.query, **({"page": number} if number > 1 else {})}
        return f"{reverse('blog:search')}?{urlencode(parameters)}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query,
            query_was_cut=self.query_was_cut,
            max_query_length=MAX_QUERY_LENGTH,
            ranked=full_text_search_available(),
            **kwargs,
        )
        add_snippets(context["results"], self.query)
        return context


def cloud_weights(tags, steps=5):
    """Give each tag a `weight` from 1 to `steps` by its post count, on a log scale so a
    few very common tags do not flatten all the others to the smallest size."""
    counts = [tag.post_count for tag in tags]
    if not counts:
        return tags
    low, high = math.log(min(counts)), math.log(max(counts))
    for tag in tags:
        spread = (math.log(tag.post_count) - low) / (high - low) if high > low else 0.5
        tag.weight = 1 + round(spread * (steps - 1))
    return tags


class TagListView(ListView):
    """Every tag with published posts, A to Z, sized by how many posts carry it."""

    template_name = "blog/tag_list.html"
    context_object_name = "tags"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cloud_weights(context["tags"])
        return context

    def get_queryset(self):
        published = Post.objects.published()
        return (
            Tag.objects.filter(tagged_posts__content_object__in=published)
            .annotate(post_count=Count("tagged_posts"))
            .order_by("name")
        )


class PostDetailView(PostMixin, DetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"
    unpublished_visible_to_staff = True

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The slug is unique; a link with an outdated date still finds the post.
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        return self.render_post()

    def render_post(self, **context):
        response = self.render_to_response(self.get_context_data(object=self.object, **context))
        if not self.object.is_public:
            # An unpublished post is for the eyes it was shown to: no search engine, no cache.
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.is_public:
            context.update(post_page_context(self.object))
        else:
            context["related_posts"] = self.object.related_posts()
            context["image"] = self.object.first_image()
        image = context["image"]
        context["image_url"] = image and self.request.build_absolute_uri(image.file.url)
        context["blog_posting"] = blog_posting(self.object, self.request, image)
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri(reverse("blog:sitemap"))
        return super().get_context_data(sitemap_url=sitemap_url, **kwargs)
