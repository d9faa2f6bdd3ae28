"""The search vector each post keeps on PostgreSQL: title weight A, tags B, text C.

blog.signals rewrites it, in one UPDATE, whenever a post or its tags change; the queries
that read it are in blog.reading.search. SQLite has no such type: the column stays empty.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from .tags import TaggedPost

# The text search configuration: English stemming and stop words.
SEARCH_CONFIG = "english"


def full_text_search_available():
    return connection.vendor == "postgresql"


def search_vector(tagged_post_model=TaggedPost):
    """The expression a post's vector is computed from, in SQL: title A, tags B, text C.

    The HTML goes in as it is: PostgreSQL's parser skips tags and entities.
    """
    tag_names = Subquery(
        tagged_post_model.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(names=StringAgg("tag__name", " ", output_field=TextField()))
        .values("names")
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(tag_names, Value(""), output_field=TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("body_html", weight="C", config=SEARCH_CONFIG)
    )


def update_search_vectors(posts):
    """Recompute the vectors of the `posts` queryset, in one UPDATE (PostgreSQL only)."""
    if full_text_search_available():
        posts.update(search_vector=search_vector())
