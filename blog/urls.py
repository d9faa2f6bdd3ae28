from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from .reading import converters, feeds, views
from .reading.preview import PostPreviewView
from .reading.sitemaps import SITEMAPS

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")
register_converter(converters.SegmentConverter, "segment")

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("page/<int:page>/", views.PostListView.as_view(), name="post_list_page"),
    path("feeds/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("feeds/rss/", feeds.LatestPostsFeed(), name="feed_rss"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<segment:slug>/feeds/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("tags/<segment:slug>/feeds/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("tags/<segment:slug>/", views.TaggedPostListView.as_view(), name="tag_detail"),
    path(
        "tags/<segment:slug>/page/<int:page>/",
        views.TaggedPostListView.as_view(),
        name="tag_detail_page",
    ),
    path("authors/<segment:username>/", views.AuthorPostListView.as_view(), name="author_detail"),
    path(
        "authors/<segment:username>/page/<int:page>/",
        views.AuthorPostListView.as_view(),
        name="author_detail_page",
    ),
    path("authors/<segment:username>/feeds/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("authors/<segment:username>/feeds/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "blog:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
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
    path("preview/<segment:token>/", PostPreviewView.as_view(), name="post_preview"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<segment:slug>/",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
    # Last: any other one-segment address may be a page (or, when none has the slug, a
    # former URL of the old site, answered by the middleware after the 404).
    path("<segment:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]
