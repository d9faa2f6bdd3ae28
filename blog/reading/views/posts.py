"""The front page and a post's page, on the mixin every reader listing shares."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView

from blog.content.metadata import blog_posting
from blog.models import Page, Post

from ..listing import ListingPaginator, articles, post_page_context


class PostMixin:
    """What every reader view shares: which posts, how many per page, how pages link."""

    model = Post
    list_url_name = "blog:post_list"
    page_url_name = "blog:post_list_page"
    unpublished_visible_to_staff = False

    def get_queryset(self):
        if self.unpublished_visible_to_staff:
            return self.model.objects.visible_to(self.request.user).for_listing()
        return self.model.objects.published().for_listing()

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
        """Names this listing's cached count and page boundaries (see blog.reading.listing)."""
        return "posts"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        return ListingPaginator(
            queryset, per_page, orphans, allow_empty_first_page, name=self.listing_name()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = articles(context["page_obj"])
        return context


class SubjectPostListView(PostListView):
    """The posts of one subject (a tag, an author), paginated like the front page; a 404
    when readers can see none of them. Subclasses say how `kwargs` name the subject."""

    subject_name = ""  # in the template's context and in the listing's cache name
    subject_field = ""  # the Post field the listing filters on
    empty_message = ""

    def get_subject(self, **kwargs):
        raise NotImplementedError

    def canonical_redirect(self, **kwargs):
        """A permanent redirect when the subject is asked for by another spelling, or None."""
        return None

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject(**kwargs)
        return self.canonical_redirect(**kwargs) or super().get(request, *args, **kwargs)

    def listing_name(self):
        return f"{self.subject_name}:{self.subject.pk}"

    def get_queryset(self):
        return super().get_queryset().filter(**{self.subject_field: self.subject})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**{self.subject_name: self.subject}, **kwargs)
        if context["paginator"].count == 0:
            raise Http404(self.empty_message)
        return context


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


class PageDetailView(PostDetailView):
    model = Page
    template_name = "blog/page_detail.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        # A page has no neighbours, related posts or dates: none of the post page's extras.
        context = super(PostDetailView, self).get_context_data(**kwargs)
        image = self.object.first_image()
        context["image_url"] = image and self.request.build_absolute_uri(image.file.url)
        return context
