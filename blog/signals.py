"""Every receiver of the blog, connected when the app is ready (BlogConfig.ready).

- an attachment saved or deleted re-renders its post; a deleted one's files go after commit;
- a post or its tags saved rewrites the post's search vector (PostgreSQL);
- a public post whose address changes, or that is deleted, leaves a former URL behind: a
  301 to where it lives now (so chains never grow past one hop), or 410 Gone.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Attachment, FormerURL, Post, Tag, TaggedPost
from .models.search_index import update_search_vectors


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


@receiver(post_save, sender=Post)
def index_saved_post(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors(Post.objects.filter(pk=instance.pk))


@receiver(post_save, sender=TaggedPost)
@receiver(post_delete, sender=TaggedPost)
def index_retagged_post(sender, instance, raw=False, **kwargs):
    # Tags are saved after the post (in admin: save_related), one row per tag.
    if not raw:
        update_search_vectors(Post.objects.filter(pk=instance.content_object_id))


@receiver(post_save, sender=Tag)
def index_posts_of_renamed_tag(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        update_search_vectors(Post.objects.filter(tags=instance))


@receiver(pre_save, sender=Post)
def remember_public_url(sender, instance, raw=False, **kwargs):
    instance._public_url_before_save = None
    if raw or instance.pk is None:
        return
    before = (
        Post.objects.filter(pk=instance.pk).only("kind", "slug", "status", "published_at").first()
    )
    if before is not None and before.is_public:
        instance._public_url_before_save = before.get_absolute_url()


@receiver(post_save, sender=Post)
def record_url_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old_url, new_url = getattr(instance, "_public_url_before_save", None), None
    if instance.status == Post.Status.PUBLISHED:
        new_url = instance.get_absolute_url()
        # The address is the post's own again (or a new post's): it must not redirect away.
        FormerURL.objects.filter(path=new_url).delete()
    if old_url and old_url != new_url:
        FormerURL.record(old_url, instance)


@receiver(post_delete, sender=Post)
def record_deleted_post(sender, instance, **kwargs):
    if instance.is_public:
        FormerURL.record(instance.get_absolute_url(), None)
