"""The search page."""

from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import ListView

from blog.models import Post
from blog.models.search_index import full_text_search_available

from ..search import (
    MAX_QUERY_LENGTH,
    SearchPaginator,
    add_snippets,
    clean_query,
    search_posts,
    shown_posts,
)
from .posts import PostMixin


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
