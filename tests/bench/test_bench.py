"""A smoke run of the benchmark code on a tiny corpus: it works, it is repeatable, and the
posts it loads are the ones the site would have stored. Nothing here measures speed."""

import importlib

import pytest

from bench import corpus, load, minimal_wsgi, modes, pages, report, wrk
from blog.content.markup import render_post
from blog.models import Attachment, Post

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8400/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  512.00us  21.05ms   91.00%
    Req/Sec     1.91k   102.00     2.05k    80.00%
  Latency Distribution
     50%    1.98ms
     75%    2.20ms
     90%    2.50ms
     99%    1.20s
  19034 requests in 10.00s, 1.37GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   1903.40
Transfer/sec:    140.51MB
"""


@pytest.fixture
def pictures():
    return corpus.store_pictures()


@pytest.fixture
def pool(pictures):
    return corpus.BlockPool(pictures, paragraphs=30, links=5, headings=8)


def test_corpus_is_the_same_for_the_same_seed(pool):
    assert list(corpus.generate(20, pool)) == list(corpus.generate(20, pool))
    assert list(corpus.generate(5, pool, seed=1)) != list(corpus.generate(5, pool))


def test_corpus_posts_have_what_the_issue_asks_for(pool):
    posts = list(corpus.generate(60, pool))

    for post in posts:
        assert 380 <= post.word_count <= 1500
        assert "\n## " in post.body
        assert "\n```" in post.body
        assert "](https://example.org/" in post.body
        assert 1 <= len(post.tags) <= 4
        assert corpus.LAST_DATE - corpus.SPAN <= post.published_at <= corpus.LAST_DATE
    assert any(post.pictures for post in posts)
    assert any(post.is_draft for post in posts)
    assert len({post.slug for post in posts}) == len(posts)


def test_assembled_post_is_exactly_what_the_pipeline_renders(pool, pictures):
    references = [picture.reference() for picture in pictures]

    for post in corpus.generate(40, pool):
        own = {corpus.PICTURES[i]: references[i] for i in post.pictures}
        rendered = render_post(post.body, attachment_urls=own, footnote_prefix=post.slug)
        assert rendered == {
            "body_html": post.body_html,
            "excerpt_html": post.excerpt_html,
            "word_count": post.word_count,
        }


@pytest.mark.django_db
def test_loader_stores_posts_that_render_the_same_through_the_model(client):
    loaded = load.load(60, batch_size=25)

    assert loaded == Post.objects.count() == 60
    assert Post.objects.published().count() == 60 - 60 // corpus.DRAFT_EVERY
    with_pictures = Post.objects.filter(attachments__isnull=False).distinct()
    assert with_pictures.exists()
    for post in [*with_pictures[:3], Post.objects.first()]:
        stored = post.body_html
        post.render()  # what saving it in the admin would store
        assert post.body_html == stored
    assert all(1 <= post.tags.count() <= 4 for post in Post.objects.all()[:20])
    newest = Post.objects.published().first()
    assert newest.title in client.get("/").content.decode()
    assert Attachment.objects.first().file.storage.exists(Attachment.objects.first().file.name)


@pytest.mark.django_db
def test_pages_are_measured_and_missing_ones_reported(tmp_path):
    load.load(40)

    measured = modes.measure_pages(pages.Site(), tmp_path, repeat=1)

    front = measured["front"]
    assert front["status"] == 200
    assert front["queries"] <= front["cold_queries"] <= 4
    assert front["bytes"] == (tmp_path / "front").stat().st_size
    for page in pages.PAGES:
        assert page.name in measured
        assert "status" in measured[page.name] or "n/a" in measured[page.name]


@pytest.mark.django_db
def test_report_renders_every_page_and_target(tmp_path):
    load.load(40)
    measured = modes.measure_pages(pages.Site(), tmp_path, repeat=1)
    run = wrk.parse(WRK_OUTPUT).as_dict()
    size_result = {
        "published": 40,
        "pages": measured,
        "modes": {
            mode.name: {
                name: ({"n/a": page["n/a"]} if "n/a" in page else run)
                for name, page in measured.items()
            }
            for mode in modes.MODES
        },
        "worker_rss_mb": {"uncached": [70.5, 71.0]},
        "load": {"insert_seconds": 2.0, "index_seconds": 1.0},
    }
    results = {
        "date": "2024-06-11 12:00 UTC",
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gib": 4, "os": "Linux",
                    "python": "3.11", "django": "5.2", "gunicorn": "23", "psycopg": "3.2",
                    "database": "sqlite", "nginx": "nginx/1.22", "wrk": "wrk 4.1"},
        "config": {"sizes": [40, 40], "duration": 1, "connections": 4, "workers": 2},
        "sizes": {"40": size_result, "41": size_result},
    }  # fmt: skip

    markdown = report.render(results)

    assert "Test CPU" in markdown
    assert "| uncached front page ≥ 25% of minimal WSGI | 100% | **met** |" in markdown
    assert "1.00×" in markdown  # the scale table compares the two sizes
    assert "| 41 posts loaded in under 5 minutes | inserted in 2 s" in markdown
    for page in pages.PAGES:
        assert f"| {page.name} |" in markdown


def test_wrk_output_is_read():
    result = wrk.parse(WRK_OUTPUT)

    assert result.requests_per_second == 1903.40
    assert result.p50_ms == 1.98
    assert result.p99_ms == 1200.0
    assert result.requests == 19034
    assert result.bad_responses == 7
    assert result.socket_errors == 3


def test_wrk_never_targets_another_machine():
    with pytest.raises(ValueError, match="this machine"):
        wrk.run("http://10.0.0.1/", duration=1)


def test_minimal_wsgi_answers_with_the_saved_page(tmp_path, monkeypatch):
    (tmp_path / "front").write_bytes(b"<p>saved</p>")
    monkeypatch.setenv("BENCH_PAGES_DIR", str(tmp_path))
    app = importlib.reload(minimal_wsgi).application
    answers = []

    body = app({"PATH_INFO": "/front"}, lambda status, headers: answers.append((status, headers)))

    assert body == [b"<p>saved</p>"]
    assert answers[0][0] == "200 OK"
    assert ("Content-Length", "12") in answers[0][1]
    app({"PATH_INFO": "/nope"}, lambda status, headers: answers.append((status, headers)))
    assert answers[1][0] == "404 Not Found"


def test_a_mode_this_version_lacks_is_reported_not_dropped():
    class Missing(modes.Mode):
        def unavailable(self):
            return "not in this version"

    pages_measured = {"front": {"name": "front", "path": "/"}, "feed": {"n/a": "no feed"}}

    results, rss = modes.run_mode(Missing("missing", ""), None, {}, pages_measured)

    assert results == {
        "front": {"n/a": "not in this version"},
        "feed": {"n/a": "not in this version"},
    }
    assert rss == []


def test_only_the_uncached_mode_switches_the_page_cache_off():
    run_environment = {"PAGE_CACHE_SECONDS": "0", "DATABASE_URL": "postgres://bench"}
    by_name = {mode.name: mode for mode in modes.MODES}

    assert by_name["uncached"].gunicorn_environment(run_environment)["PAGE_CACHE_SECONDS"] == "0"
    for name in ("cached", "conditional", "nginx_microcache"):
        environment = by_name[name].gunicorn_environment(run_environment)
        assert "PAGE_CACHE_SECONDS" not in environment
        assert environment["DATABASE_URL"] == "postgres://bench"
