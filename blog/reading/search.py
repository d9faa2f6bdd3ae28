"""Search queries: weighted, ranked and highlighted on PostgreSQL; a plain match elsewhere.

On PostgreSQL every post keeps a `search_vector` (title weight A, tags B, text C) in a
GIN-indexed column (blog.models.search_index builds it, blog.signals keeps it current);
queries use the `websearch` syntax people know from search engines:
"exact phrase", either OR other, -excluded. On SQLite (development, tests) the column
stays empty and a case-insensitive substring match over title, text and tags, with the
same quotes, OR and minus, answers the same page.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Value
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from blog.models import Post, TaggedPost
from blog.models.search_index import SEARCH_CONFIG, full_text_search_available

MAX_QUERY_LENGTH = 200
# Matches ranked at most: the newest ones. The page says when there were more.
MAX_RANKED = 1000
# Highlight markers that cannot come out of a post's text, swapped for <mark> after escaping.
_START, _STOP = "\ue000", "\ue001"
_UNSEARCHABLE = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")


def clean_query(raw):
    """The query as searched: no control characters, spaces collapsed, at most
    MAX_QUERY_LENGTH characters. Returns `(query, was_cut)`."""
    query = " ".join(_UNSEARCHABLE.sub(" ", raw).split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


def search_posts(query):
    """`(ids, more)`: the ids of the published posts matching `query`, best first, and
    whether there were more than the MAX_RANKED matches ranked (the newest ones).

    Ranking happens here, on narrow rows; a page's posts are read afterwards, by id, from
    `shown_posts(query)` (`SearchPaginator`), so no query carries a thousand posts' text.
    """
    posts = Post.objects.published()
    if full_text_search_available():
        matches = _ranked_search(posts, query)
    else:
        matches = _substring_search(posts, query)
    rows = list(matches[: MAX_RANKED + 1])
    # Newest first from the database; a stable sort by rank keeps that order among equals.
    rows.sort(key=lambda row: -row[1])
    return [pk for pk, _ in rows[:MAX_RANKED]], len(rows) > MAX_RANKED


def shown_posts(query):
    """Where a page's posts are read from: what a listing shows, and on PostgreSQL the
    highlighted text around the words found (`add_snippets`)."""
    # A result shows a title, a date, an author, tags and a snippet: the text stays behind.
    posts = (
        Post.objects.published()
        .for_listing()
        .defer("body", "body_html", "excerpt_html", "search_vector")
    )
    if not full_text_search_available():
        return posts
    return posts.annotate(
        headline=SearchHeadline(
            "body_html",
            _search_query(query),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _ranked_search(posts, query):
    """`(pk, rank)` of the newest matches first. Ranking reads each candidate's vector, so
    only the newest MAX_RANKED are ranked: a word half the blog uses costs what a rare one
    does (0.8 s → ms at 100,000 posts)."""
    search_query = _search_query(query)
    return (
        posts.filter(search_vector=search_query)
        .order_by("-published_at", "-id")
        .values_list("pk", SearchRank(F("search_vector"), search_query))
    )


class SearchPaginator(Paginator):
    """Pages of the ranked ids from `search_posts`, each page's posts read from `posts`."""

    def __init__(self, ids, per_page, orphans=0, allow_empty_first_page=True, *, posts, more):
        super().__init__(ids, per_page, orphans, allow_empty_first_page)
        self.posts, self.more = posts, more

    def _get_page(self, ids, number, paginator):
        by_id = self.posts.in_bulk(ids) if ids else {}
        # A post unpublished since the ids were read is left out, not shown.
        return super()._get_page([by_id[pk] for pk in ids if pk in by_id], number, paginator)


def add_snippets(posts, query):
    """Give each post a `snippet`: safe HTML, the query's words in <mark>."""
    for post in posts:
        if hasattr(post, "headline"):
            post.snippet = highlighted(post.headline)
        else:
            post.snippet = highlight_terms(post.description, query)
    return posts


def highlighted(headline):
    """`ts_headline` output (text from sanitised HTML) as safe HTML with <mark> around hits."""
    text = escape(" ".join(html.unescape(strip_tags(headline)).split()))
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


# websearch syntax, as far as a substring match can follow it: "a phrase", -word, or.
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


def parse_terms(query):
    """`[[(negated, text), ...], ...]`: alternatives separated by OR, each a list of terms
    that must all match (or, negated, must not); terms without a letter or digit are ignored."""
    alternatives, terms = [], []
    for match in _TERM.finditer(query):
        negated, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if phrase is None and not negated and word.lower() == "or":
            alternatives.append(terms)
            terms = []
            continue
        text = (phrase if phrase is not None else word).strip()
        if any(character.isalnum() for character in text):
            terms.append((negated, text))
    alternatives.append(terms)
    return [terms for terms in alternatives if any(not negated for negated, _ in terms)]


def _term_matches(text):
    tagged = TaggedPost.objects.filter(content_object=OuterRef("pk"), tag__name__icontains=text)
    return Q(title__icontains=text) | Q(body__icontains=text) | Q(Exists(tagged))


def _substring_search(posts, query):
    condition = Q(pk__in=[])
    for terms in parse_terms(query):
        alternative = Q()
        for negated, text in terms:
            alternative &= ~_term_matches(text) if negated else _term_matches(text)
        condition |= alternative
    return (
        posts.filter(condition)
        .order_by("-published_at", "-id")
        .values_list("pk", Value(0, output_field=IntegerField()))
    )


def highlight_terms(text, query):
    """`text` escaped, with the query's words marked: the snippet when no headline exists."""
    words = {word for terms in parse_terms(query) for negated, word in terms if not negated}
    if not words:
        return escape(text)
    pattern = re.compile(
        "(" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + ")",
        re.IGNORECASE,
    )
    pieces = pattern.split(text)
    return mark_safe(  # noqa: S308 - every piece is escaped
        "".join(
            f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
            for index, piece in enumerate(pieces)
        )
    )
