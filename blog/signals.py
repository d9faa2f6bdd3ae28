from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import listing
from .models import Attachment, Post, Tag, TaggedPost


@receiver(post_save, sender=Attachment)
@receiver(post_delete, sender=Attachment)
def rerender_post_after_attachment_change(sender, instance, **kwargs):
    post = Post.objects.filter(pk=instance.post_id).first()
    if post is not None:
        post.rerender()


@receiver(post_delete, sender=Attachment)
def delete_attachment_files(sender, instance, **kwargs):
    """The upload and its renditions go once the deletion is committed (not on rollback)."""
    instance.delete_files_on_commit()


# Anything a listing shows: posts, their tags (taggit saves and deletes TaggedPost rows one
# by one), tag names, author names, pictures.
for model in (Post, Tag, TaggedPost, Attachment, settings.AUTH_USER_MODEL):
    post_save.connect(listing.invalidate, sender=model, dispatch_uid=f"listing-save-{model}")
    post_delete.connect(listing.invalidate, sender=model, dispatch_uid=f"listing-delete-{model}")
