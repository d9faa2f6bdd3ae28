from django.urls import path, register_converter

from . import converters, feeds, views
from .preview import PostPreviewView

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("page/<int:page>/", views.PostListView.as_view(), name="post_list_page"),
    path("feeds/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("feeds/rss/", feeds.LatestPostsFeed(), name="feed_rss"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<str:slug>/feeds/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("tags/<str:slug>/feeds/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("tags/<str:slug>/", views.TaggedPostListView.as_view(), name="tag_detail"),
    path(
        "tags/<str:slug>/page/<int:page>/",
        views.TaggedPostListView.as_view(),
        name="tag_detail_page",
    ),
    path("authors/<str:username>/", views.AuthorPostListView.as_view(), name="author_detail"),
    path(
        "authors/<str:username>/page/<int:page>/",
        views.AuthorPostListView.as_view(),
        name="author_detail_page",
    ),
    path("authors/<str:username>/feeds/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("authors/<str:username>/feeds/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("<yyyy:year>/", views.PostYearArchiveView.as_view(), name="archive_year"),
    path(
        "<yyyy:year>/page/<int:page>/",
        views.PostYearArchiveView.as_view(),
        name="archive_year_page",
    ),
    path("<yyyy:year>/<dd:month>/", views.PostMonthArchiveView.as_view(), name="archive_month"),
    path(
        "<yyyy:year>/<dd:month>/page/<int:page>/",
        views.PostMonthArchiveView.as_view(),
        name="archive_month_page",
    ),
    path("preview/<str:token>/", PostPreviewView.as_view(), name="post_preview"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
]
