"""Search at /search/?q=: on every database, then what only PostgreSQL does (ranking,
websearch syntax, stemming, highlighted snippets)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Post, Tag
from blog.reading.search import parse_terms
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranked full-text search needs PostgreSQL"
)


def found(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [post.title for post in response.context["results"]]


def test_search_finds_posts_by_title_text_and_tag(client):
    PostFactory(title="Distilling whisky", body="Copper stills.")
    PostFactory(title="Barrels", body="Oak casks hold whisky for years.")
    PostFactory(title="Cooperage", body="Staves and hoops.", tags=["whisky"])
    PostFactory(title="Beer", body="Hops.")

    assert sorted(found(client, "whisky")) == ["Barrels", "Cooperage", "Distilling whisky"]


def test_search_needs_every_word(client):
    PostFactory(title="Copper stills", body="Whisky is distilled twice.")
    PostFactory(title="Copper kettles", body="Tea.")

    assert found(client, "copper whisky") == ["Copper stills"]


def test_drafts_and_future_posts_are_not_found(client):
    PostFactory(title="Public whisky")
    PostFactory(title="Draft whisky", status=Post.Status.DRAFT)
    PostFactory(title="Future whisky", published_at=timezone.now() + timedelta(days=1))

    assert found(client, "whisky") == ["Public whisky"]


def test_the_query_is_echoed_escaped(client):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})

    assert "<script>alert" not in response.text
    assert "“&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;”" in response.text
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "%",
        "%%",
        "_",
        "'",
        "''",
        "\\",
        '"',
        '"unclosed phrase',
        "-",
        "--",
        "-whisky",
        "or",
        "OR OR",
        "whisky or",
        "!",
        "&|!():*",
        "whisky:*",
        "a & b | !c",
        "<->",
        "'; DROP TABLE blog_post; --",
        "NULL",
        "\x00",
        "whi\x00sky",
        "\x01\x02\x1b",
        "\ue000\ue001",
        "🐖🥃",
        "ünïcødé straße",
        "日本語",
        "\u202eevil",
        "the and of a",  # only stop words
        "x" * 5000,
        "whisky " * 300,
    ],
)
def test_odd_queries_never_fail(client, query):
    PostFactory(title="Whisky % and \\ 'quotes'", body="Some 🐖 text, ünïcødé straße.")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


def test_odd_characters_in_the_query_string_itself(client):
    for raw in ["q=%FF%FE", "q=%00", "q=a&q=b", "q[]=x", "q=%E2%80%AE", "page=x"]:
        assert client.get(f"/search/?{raw}").status_code in {200, 404}


def test_long_queries_are_cut_and_say_so(client):
    response = client.get("/search/", {"q": "whisky " + "x" * 400})

    assert len(response.context["query"]) == 200
    assert "Only the first 200 characters were searched." in response.text


def test_empty_query_shows_the_form_and_no_results(client):
    PostFactory(title="Whisky")

    response = client.get("/search/")

    assert len(response.context["results"]) == 0
    assert 'name="q"' in response.text
    assert "Type a few words" in response.text


def test_a_query_with_no_matches_says_so(client):
    PostFactory(title="Whisky")

    response = client.get("/search/", {"q": "gin"})

    assert "0 posts found for “gin”" in response.text
    assert "Nothing matches." in response.text


def test_results_are_paginated_and_pages_keep_the_query(client, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PAGINATE_BY": 2}
    for day in range(5):
        PostFactory(title=f"Whisky {day}", published_at=timezone.now() - timedelta(days=day + 1))

    first = client.get("/search/", {"q": "whisky"})
    second = client.get("/search/", {"q": "whisky", "page": 2})

    assert first.context["paginator"].count == 5
    assert 'href="/search/?q=whisky&amp;page=2"' in first.text
    assert 'href="/search/?q=whisky"' in second.text
    assert 'href="/search/?q=whisky&amp;page=3"' in second.text
    assert len(found(client, "whisky", page=3)) == 1


@pytest.mark.parametrize("page", ["0", "4", "-1", "x", "99999999999999999999", "1.5"])
def test_bad_result_page_numbers_are_404(client, page):
    PostFactory(title="Whisky")

    assert client.get("/search/", {"q": "whisky", "page": page}).status_code == 404


def test_every_page_has_a_search_box_in_the_header(client):
    post = PostFactory()

    for url in ["/", "/tags/", "/archive/", post.get_absolute_url()]:
        text = client.get(url).text
        header = text[text.index('<header class="site-header">') : text.index("</header>")]
        assert '<form class="search-form" role="search" action="/search/" method="get">' in header
        assert 'name="q"' in header


def test_search_pages_are_not_indexed(client):
    assert '<meta name="robots" content="noindex">' in client.get("/search/?q=x").text


def test_snippets_mark_the_words_found_and_escape_the_rest(client):
    PostFactory(title="Tags", excerpt="Use <b>whisky</b> & water.", body="Whisky & water.")

    result = client.get("/search/", {"q": "whisky"}).context["results"][0]

    assert "<mark>" in result.snippet
    assert "<b>" not in result.snippet


@pytest.mark.parametrize(("posts", "tags"), [(3, 1), (25, 6)])
def test_search_page_query_count_does_not_grow(client, django_assert_max_num_queries, posts, tags):
    for i in range(posts):
        PostFactory(title=f"Whisky {i}", tags=[f"tag-{i}-{t}" for t in range(tags)])

    # The ranked ids; the page's posts with their authors (and snippets); their tags; the
    # footer's months.
    with django_assert_max_num_queries(4):
        assert len(found(client, "whisky")) == min(posts, 10)


# The SQLite fallback follows the websearch syntax as far as a substring match can.


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("copper whisky", [[(False, "copper"), (False, "whisky")]]),
        ('"copper still" -gin', [[(False, "copper still"), (True, "gin")]]),
        ("whisky or gin", [[(False, "whisky")], [(False, "gin")]]),
        ("-gin", []),
        ("% ' \\ -", []),
    ],
)
def test_fallback_reads_quotes_or_and_minus(query, terms):
    assert parse_terms(query) == terms


def test_phrase_or_and_minus_select_posts(client):
    PostFactory(title="Copper still", body="Whisky.")
    PostFactory(title="Still copper", body="Gin.")
    PostFactory(title="Rum", body="Molasses.")

    assert found(client, '"copper still"') == ["Copper still"]
    assert sorted(found(client, "copper -gin")) == ["Copper still"]
    assert sorted(found(client, "rum or gin")) == ["Rum", "Still copper"]


# PostgreSQL: weighted, ranked, stemmed, highlighted.


@postgresql_only
def test_title_ranks_above_tags_above_text(client):
    now = timezone.now()
    PostFactory(title="In the text", body="Peat.", published_at=now - timedelta(days=1))
    PostFactory(title="Tagged", tags=["peat"], published_at=now - timedelta(days=2))
    PostFactory(title="Peat in the title", published_at=now - timedelta(days=3))

    assert found(client, "peat") == ["Peat in the title", "Tagged", "In the text"]


@postgresql_only
def test_words_are_stemmed(client):
    PostFactory(title="Distilling", body="The stills were running all night.")

    assert found(client, "run still") == ["Distilling"]


@postgresql_only
def test_only_stop_words_find_nothing(client):
    PostFactory(title="The and of a")

    assert found(client, "the and of") == []


@postgresql_only
def test_headline_highlights_the_text_around_the_words_found(client):
    PostFactory(
        title="Casks",
        body="Intro.\n\nSherry casks give the **spirit** its colour; `<script>` stays text.",
    )

    result = client.get("/search/", {"q": "spirit script"}).context["results"][0]

    assert "the <mark>spirit</mark> its colour; &lt;<mark>script</mark>&gt; stays" in result.snippet
    assert "<strong>" not in result.snippet


@postgresql_only
def test_tags_added_after_saving_are_searchable(client):
    post = PostFactory(title="Casks")
    assert found(client, "sherry") == []

    post.tags.add("sherry")
    assert found(client, "sherry") == ["Casks"]

    post.tags.set(["bourbon"])
    assert found(client, "sherry") == []
    assert found(client, "bourbon") == ["Casks"]

    post.tags.clear()
    assert found(client, "bourbon") == []


@postgresql_only
def test_renamed_and_deleted_tags_update_the_search(client):
    PostFactory(title="Casks", tags=["sherry"])
    tag = Tag.objects.get(name="sherry")

    tag.name = "oloroso"
    tag.save()
    assert found(client, "oloroso") == ["Casks"]

    tag.delete()
    assert found(client, "oloroso") == []


@postgresql_only
def test_edited_posts_are_searchable_by_their_new_text(client):
    post = PostFactory(title="Casks", body="Sherry.")

    post.body = "Bourbon."
    post.save()

    assert found(client, "bourbon") == ["Casks"]
    assert found(client, "sherry") == []


@postgresql_only
def test_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'blog_post' "
            "AND indexdef LIKE '%%USING gin (search_vector)%%'"
        )
        assert cursor.fetchall()


def test_a_word_too_many_posts_use_shows_the_newest_matches_and_says_so(client, monkeypatch):
    from blog.reading import search

    monkeypatch.setattr(search, "MAX_RANKED", 3)
    now = timezone.now()
    for age in range(1, 6):
        PostFactory(title=f"Cask {age}", body="Oak.", published_at=now - timedelta(days=age))

    response = client.get("/search/", {"q": "cask"})

    assert sorted(post.title for post in response.context["results"]) == [
        "Cask 1", "Cask 2", "Cask 3",
    ]  # fmt: skip
    assert "More than 3 posts found for “cask”; the newest 3" in response.text
    assert client.get("/search/", {"q": "cask", "page": 2}).status_code == 404
    PostFactory.create_batch(3, title="Barrel")
    assert "3 posts found for “barrel”" in client.get("/search/", {"q": "barrel"}).text
