"""Share-preview links: let someone without an account read one unpublished post.

A link is the post's id and its current preview nonce, signed with a timestamp. It
stops working when it is older than HOGSHEAD["PREVIEW_MAX_AGE"] seconds, or when the
author revokes sharing (the nonce changes), or when the post is deleted. Every failure
looks the same (no post), so a link tells nothing about the post it does not open.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .posts import Post

_signer = signing.TimestampSigner(salt="hogshead.preview")


def start_sharing(post):
    """Turn sharing on, keeping links already handed out valid."""
    if not post.preview_nonce:
        post.preview_nonce = secrets.token_urlsafe(32)


def stop_sharing(post):
    post.preview_nonce = ""


def preview_url(post):
    token = _signer.sign(f"{post.pk}.{post.preview_nonce}")
    return reverse("blog:post_preview", kwargs={"token": token})


def preview_expires_at():
    """When a link made now stops working."""
    return timezone.now() + timedelta(seconds=settings.HOGSHEAD["PREVIEW_MAX_AGE"])


def shared_post(token):
    """The post a share link opens, ready for its page; None for any link that opens none."""
    try:
        value = _signer.unsign(token, max_age=settings.HOGSHEAD["PREVIEW_MAX_AGE"])
    except signing.BadSignature:  # SignatureExpired is a BadSignature too.
        return None
    pk, _, nonce = value.partition(".")
    if not pk.isdigit():
        return None
    post = Post.objects.for_listing().filter(pk=pk).exclude(preview_nonce="").first()
    if post is None or not secrets.compare_digest(post.preview_nonce, nonce):
        return None
    return post
