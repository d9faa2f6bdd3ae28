"""Tags, through a direct model (django-taggit's custom tagging) with a real foreign key."""

from django.db import models
from taggit.models import ItemBase, TagBase


class Tag(TagBase):
    """A tag; names match case-insensitively (TAGGIT_CASE_INSENSITIVE), so one tag per word."""

    class Meta:
        ordering = ["name"]


class TaggedPost(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")
    content_object = models.ForeignKey("blog.Post", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tagged post"
        unique_together = [("content_object", "tag")]
