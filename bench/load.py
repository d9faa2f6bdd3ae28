"""Loading a corpus into the database in bulk: 100,000 posts in a few minutes, not hours.

`bulk_create` skips `Post.save()`, so everything `save()` would derive comes from the
corpus (rendered with the real pipeline, see bench.corpus) or is filled here.
"""

import time
from itertools import islice

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from blog.models import Attachment, Post, Tag, TaggedPost

from . import corpus

BATCH_SIZE = 1000
ATTACHMENT_FIELDS = ("file", "caption", "kind", "content_type", "size", "width", "height",
                     "renditions")  # fmt: skip


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


def load(size, seed=corpus.SEED, batch_size=BATCH_SIZE, progress=None, timings=None):
    """Insert `size` corpus posts with their tags and pictures; returns the number loaded.

    `timings`, a dict, receives the seconds spent inserting and indexing for search.
    """
    timings = {} if timings is None else timings
    started = time.monotonic()
    authors = create_authors()
    tags = create_tags()
    pictures = corpus.store_pictures()
    posts = corpus.generate(size, corpus.BlockPool(pictures), seed=seed)
    loaded = 0
    while batch := list(islice(posts, batch_size)):
        with transaction.atomic():
            _load_batch(batch, authors, tags, pictures)
        loaded += len(batch)
        if progress:
            progress(loaded, size)
    timings["insert_seconds"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    _index_for_search(batch_size)
    analyze()
    timings["index_seconds"] = round(time.monotonic() - started, 1)
    return loaded


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def _derived_fields(item):
    """Fields `Post.save()` derives beyond `render_post`'s, in the versions that have them."""
    fields = {}
    if _has_field(Post, "description"):
        from blog.content.metadata import describe

        fields["description"] = describe("", item.excerpt_html, item.body_html)
    return fields


def _index_for_search(batch_size):
    """What the search module's signal receivers would have done, a batch per UPDATE."""
    try:
        from blog.models.search_index import update_search_vectors
    except ImportError:
        return
    ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        update_search_vectors(Post.objects.filter(pk__gte=batch[0], pk__lte=batch[-1]))


def _load_batch(batch, authors, tags, pictures):
    rows = Post.objects.bulk_create(
        [
            Post(
                **_derived_fields(item),
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
                order=order,
                **{field: getattr(pictures[picture], field) for field in ATTACHMENT_FIELDS},
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
