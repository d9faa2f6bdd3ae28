import logging

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from .stamp import content_changed, forget

logger = logging.getLogger(__name__)

# Labels of the apps whose models readers see, registered by those apps (watch_content_apps).
_content_apps = set()


def watch_content_apps(*labels):
    """Any save or delete of these apps' models changes what readers see."""
    _content_apps.update(labels)


def is_content(sender):
    return getattr(getattr(sender, "_meta", None), "app_label", None) in _content_apps


@receiver(post_save)
def content_saved(sender, update_fields=None, raw=False, **kwargs):
    # A login stamps the user's last_login; readers see nothing of it.
    if is_content(sender) and update_fields != frozenset({"last_login"}):
        content_changed()


@receiver(post_delete)
@receiver(m2m_changed)
def content_deleted_or_relinked(sender, **kwargs):
    if is_content(sender):
        content_changed()


@receiver(post_migrate)
def code_or_schema_changed(sender, **kwargs):
    """Deploying runs migrate: pages rendered by the previous release must not be kept."""
    if sender.name == "httpcache":
        try:
            forget()
        except Exception:
            logger.exception("Could not reset the content stamp; cached pages expire by themselves")
