"""Rendering imported posts in a pool of processes: Markdown and bleach are most of an
import's time, and new posts without attachments need nothing of the database to render."""

import multiprocessing
from contextlib import contextmanager

from blog.models import Post

# Below this many posts a pool of processes costs more than it saves.
PARALLEL_RENDER_THRESHOLD = 200


def _render_fields(item):
    """In a worker process: what `Post.render()` stores, for a post without attachments."""
    slug, body, excerpt = item
    post = Post(slug=slug, body=body, excerpt=excerpt)
    post.render()
    return {name: getattr(post, name) for name in Post.RENDERED_FIELDS}


@contextmanager
def rendered_in_parallel(sources, jobs):
    """Renders `sources` (new posts without attachments) by a pool of `jobs` processes, in
    order, while this one writes to the database. Yields an iterator of their rendered
    fields, and marks the sources `prerender`; yields an empty one when a pool is not worth it.
    """
    parallel = (
        jobs > 1
        and len(sources) >= PARALLEL_RENDER_THRESHOLD
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        yield iter(())
        return
    for source in sources:
        source.prerender = True
    items = [(source.slug, source.body, source.excerpt) for source in sources]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield pool.imap(_render_fields, items, chunksize=25)
