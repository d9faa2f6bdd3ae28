"""A tag's posts, and the tag cloud of every tag readers can see."""

import math

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import ListView

from blog.models import Post, Tag

from .posts import SubjectPostListView


class TaggedPostListView(SubjectPostListView):
    list_url_name = "blog:tag_detail"
    page_url_name = "blog:tag_detail_page"
    template_name = "blog/tag_detail.html"
    subject_name = "tag"
    subject_field = "tags"
    # A tag used only on drafts or scheduled posts does not exist for readers.
    empty_message = "No published posts with this tag."

    def get_subject(self, **kwargs):
        return get_object_or_404(Tag, slug__iexact=kwargs["slug"])

    def canonical_redirect(self, **kwargs):
        if self.subject.slug != kwargs["slug"]:
            return redirect(self.page_url(kwargs.get("page") or 1), permanent=True)
        return None

    def url_kwargs(self):
        return {"slug": self.subject.slug}


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
