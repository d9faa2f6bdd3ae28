from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from httpcache import stamp
        from httpcache.signals import watch_content_apps

        from . import signals  # noqa: F401 - connects every receiver of the blog
        from .models import Post

        # Never None: Pillow then refuses pictures that would take gigabytes to decode.
        Image.MAX_IMAGE_PIXELS = settings.HOGSHEAD["MAX_IMAGE_PIXELS"]
        # What readers see: posts, tags, attachments, former URLs, and authors' names.
        watch_content_apps(self.label, "taggit", "accounts")
        stamp.register_schedule(Post.objects.next_due)
