from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from blog.media.serving import serve_media

admin.site.site_header = f"{settings.HOGSHEAD['TITLE']} administration"
admin.site.site_title = settings.HOGSHEAD["TITLE"]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("blog.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve_media),
    )
