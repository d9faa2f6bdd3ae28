from django.urls import path, register_converter

from . import converters, views

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("page/<int:page>/", views.PostListView.as_view(), name="post_list_page"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<str:slug>/", views.TaggedPostListView.as_view(), name="tag_detail"),
    path(
        "tags/<str:slug>/page/<int:page>/",
        views.TaggedPostListView.as_view(),
        name="tag_detail_page",
    ),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
]
