from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Attachment, Post


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
