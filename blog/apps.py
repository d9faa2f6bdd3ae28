from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from . import archives, history, search, signals  # noqa: F401

        # Never None: Pillow then refuses pictures that would take gigabytes to decode.
        Image.MAX_IMAGE_PIXELS = settings.HOGSHEAD["MAX_IMAGE_PIXELS"]
