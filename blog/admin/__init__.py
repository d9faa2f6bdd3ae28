"""The authoring UI in Django's admin, one module per screen; importing them registers them."""

from . import former_urls, posts, tags  # noqa: F401
