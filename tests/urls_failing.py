"""The site's URLs plus one view that fails, to see what a server error sets off."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("Something broke")


urlpatterns = [path("boom/", fail), *site_urlpatterns]
