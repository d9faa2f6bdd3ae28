"""The site's URLs plus one view that fails, to see what a server error sets off."""

from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("Something broke")


def lose_the_database(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("boom/", fail),
    path("database-gone/", lose_the_database),
    *site_urlpatterns,
]
