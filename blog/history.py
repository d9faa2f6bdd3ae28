"""Old addresses of posts: recorded when they change, answered when nothing else matches.

A published post whose slug or date changes leaves its old path behind, pointing at
the post (301 to wherever the post lives now, so chains never grow past one hop); a
deleted post leaves its path behind pointing at nothing (410 Gone).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.encoding import escape_uri_path

from .models import FormerURL, Post


def record_former_url(path, post):
    FormerURL.objects.update_or_create(path=path, defaults={"post": post})


@receiver(pre_save, sender=Post)
def remember_public_url(sender, instance, raw=False, **kwargs):
    instance._public_url_before_save = None
    if raw or instance.pk is None:
        return
    before = Post.objects.filter(pk=instance.pk).only("slug", "status", "published_at").first()
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
        record_former_url(old_url, instance)


@receiver(post_delete, sender=Post)
def record_deleted_post(sender, instance, **kwargs):
    if instance.is_public:
        record_former_url(instance.get_absolute_url(), None)


class FormerURLMiddleware:
    """Turns a 404 at a former address into a 301 to the post, or a 410 if it is gone.

    It runs only on 404 responses, so live pages pay nothing; a miss costs one indexed query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        return former_url_response(request) or response


def former_url_response(request):
    full_path = request.get_full_path()
    candidates = {full_path, escape_uri_path(request.path)}
    matches = FormerURL.objects.filter(path__in=candidates).select_related("post")
    # An entry with the exact query string beats one for the bare path.
    former = max(matches, key=lambda match: match.path == full_path, default=None)
    if former is None:
        return None
    if former.post is None:
        return render(request, "410.html", status=410)
    if former.post.is_public:
        return HttpResponsePermanentRedirect(former.post.get_absolute_url())
    return None
