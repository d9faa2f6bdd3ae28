"""The blog's tables. Submodules depend from low level to high level: tags, posts,
pages, attachments, former URLs; then what works on them (sharing links, the search index).
Import the public names from here: `from blog.models import Post`.
"""

from .attachments import Attachment, AttachmentQuerySet, attachment_upload_to
from .former_urls import FormerURL
from .pages import Page, PageQuerySet
from .posts import Post, PostQuerySet
from .tags import Tag, TaggedPost

__all__ = [
    "Attachment",
    "AttachmentQuerySet",
    "FormerURL",
    "Page",
    "PageQuerySet",
    "Post",
    "PostQuerySet",
    "Tag",
    "TaggedPost",
    "attachment_upload_to",
]
