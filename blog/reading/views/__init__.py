"""Reader views, one module per page family; `blog.urls` routes to them."""

from .archives import ArchiveView, PostMonthArchiveView, PostYearArchiveView
from .authors import AuthorPostListView
from .posts import PageDetailView, PostDetailView, PostListView
from .search import SearchView
from .site import RobotsView
from .tags import TaggedPostListView, TagListView

__all__ = [
    "ArchiveView",
    "AuthorPostListView",
    "PageDetailView",
    "PostDetailView",
    "PostListView",
    "PostMonthArchiveView",
    "PostYearArchiveView",
    "RobotsView",
    "SearchView",
    "TagListView",
    "TaggedPostListView",
]
