from django.apps import AppConfig


class HttpCacheConfig(AppConfig):
    name = "httpcache"
    verbose_name = "HTTP caching"

    def ready(self):
        from . import signals  # noqa: F401
