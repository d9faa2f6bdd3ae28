"""Loading a corpus into the database in bulk: 100,000 posts in a few minutes, not hours.

`bulk_create` skips `Post.save()`, so everything `save()` would derive comes from the
corpus (rendered with the real pipeline, see bench.corpus) or is filled here.
"""

import io
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from PIL import Image

from blog.models import Attachment, Post, Tag, TaggedPost

from . import corpus

BATCH_SIZE = 1000


def _picture_bytes(index):
    image = Image.new("RGB", corpus.PICTURE_SIZE, (120 + 30 * index, 80 + 10 * index, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def store_pictures():
    """The corpus's pictures, one file each, shared by every post that shows it."""
    sizes = {}
    for index in range(len(corpus.PICTURES)):
        name = corpus.picture_name(index)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(_picture_bytes(index)))
        sizes[index] = default_storage.size(name)
    return sizes


def create_authors():
    users = []
    for username, display_name in corpus.AUTHORS:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"display_name": display_name, "is_staff": True}
        )
        users.append(user)
    return users


def create_tags():
    tags = []
    for name in corpus.TAG_NAMES:
        tag, _ = Tag.objects.get_or_create(name=name, defaults={"slug": name})
        tags.append(tag)
    return tags


def load(size, seed=corpus.SEED, batch_size=BATCH_SIZE, progress=None):
    """Insert `size` corpus posts with their tags and pictures; returns the number loaded."""
    authors = create_authors()
    tags = create_tags()
    picture_sizes = store_pictures()
    pool = corpus.BlockPool()
    posts = corpus.generate(size, seed=seed, pool=pool)
    loaded = 0
    while batch := list(islice(posts, batch_size)):
        with transaction.atomic():
            _load_batch(batch, authors, tags, picture_sizes)
        loaded += len(batch)
        if progress:
            progress(loaded, size)
    analyze()
    return loaded


def _load_batch(batch, authors, tags, picture_sizes):
    rows = Post.objects.bulk_create(
        [
            Post(
                title=item.title,
                slug=item.slug,
                author=authors[item.author],
                body=item.body,
                body_html=item.body_html,
                excerpt_html=item.excerpt_html,
                word_count=item.word_count,
                status=Post.Status.DRAFT if item.is_draft else Post.Status.PUBLISHED,
                published_at=item.published_at,
            )
            for item in batch
        ]
    )
    TaggedPost.objects.bulk_create(
        [
            TaggedPost(content_object=post, tag=tags[tag])
            for post, item in zip(rows, batch, strict=True)
            for tag in item.tags
        ]
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                post=post,
                file=corpus.picture_name(picture),
                caption=corpus.PICTURE_CAPTION,
                kind=Attachment.Kind.IMAGE,
                size=picture_sizes[picture],
                width=corpus.PICTURE_SIZE[0],
                height=corpus.PICTURE_SIZE[1],
                content_type="image/jpeg",
                order=order,
            )
            for post, item in zip(rows, batch, strict=True)
            for order, picture in enumerate(item.pictures)
        ]
    )


def analyze():
    """Fresh planner statistics and visibility map, as a server that has run for a while has."""
    # VACUUM cannot run in a transaction (the smoke test's); there is nothing to tune there.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in (Post, TaggedPost, Tag, Attachment):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
