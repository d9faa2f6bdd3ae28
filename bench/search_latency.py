#!/usr/bin/env python
"""Search latency at 10,000 posts on PostgreSQL: p50 and p95 per query and overall.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/search_latency.py

It creates a throw-away database (`hs_discovery_bench` on the server DATABASE_URL names;
`--database` to change), migrates it, loads 10,000 generated posts with bulk_create (fixed
seed, so every run searches the same text), fills their search vectors with one UPDATE,
then times each query two ways: the database work of a results page (the first page, ranked,
with highlighted snippets and the number of matches) and the whole request to /search/
through Django. Each is given as wall-clock time and as CPU time (this process plus the
PostgreSQL backend, read from /proc when the server is local): on a shared, busy machine
the wall clock mostly measures the wait for a core, the CPU time what an idle one takes.
The database is dropped at the end unless --keep is given.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261129
POSTS = 10_000
TAGS = 200
RUNS = 25

QUERIES = [
    "whisky",  # a topic word: hundreds of posts
    "cask strength",  # two topic words
    '"copper still"',  # a phrase
    "peat or smoke",  # either
    "whisky -sherry",  # minus
    "python",  # also a tag
    "the",  # a common word (stop word): nothing to search
    "lorvexa",  # a word of the long tail: a few posts
    "barrel maturation warehouse angels share",  # many words
    "nothingmatchesthis",  # no match
]

TOPIC_WORDS = [
    "whisky", "cask", "strength", "copper", "still", "peat", "smoke", "sherry", "bourbon",
    "oak", "barrel", "maturation", "warehouse", "angels", "share", "malt", "grain",
    "distillery", "python", "django", "postgres", "index", "query", "server", "deploy",
    "backup", "feed", "search", "archive", "tag"
]  # fmt: skip
COMMON_WORDS = [
    "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he", "was", "for",
    "on", "are", "with", "as", "I", "his", "they", "be", "at", "one", "have", "this",
    "from", "or", "had", "by", "word", "but", "what", "some", "we", "can", "out", "other",
    "were", "all", "there", "when", "up", "use", "your", "how", "said", "an", "each", "she",
    "which", "do", "their", "time", "if", "will", "way", "about", "many", "then", "them",
    "write", "would", "like", "so", "these", "her", "long", "make", "thing", "see", "him",
    "two", "has", "look", "more", "day", "could", "go", "come", "did", "number", "sound",
    "no", "most", "people", "my", "over", "know", "water", "than", "call", "first", "who",
    "may", "down", "side", "been", "now", "find"
]  # fmt: skip


def long_tail(rng, count=20_000):
    syllables = ["ka", "lor", "vex", "a", "mi", "tu", "ren", "dos", "qui", "bel", "sha", "no"]
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def vocabulary(rng):
    words = COMMON_WORDS + TOPIC_WORDS + long_tail(rng)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, weights


def paragraphs(rng, words, weights, count):
    return [" ".join(rng.choices(words, weights, k=rng.randint(40, 120))) for _ in range(count)]


def server_url(url, database):
    from dj_database_url import parse

    settings = parse(url)
    if settings["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("DATABASE_URL must point at PostgreSQL: search is measured where it is ranked.")
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return (
        f"postgres://{credentials}@{host}/{database}",
        f"postgres://{credentials}@{host}/postgres",
    )


def recreate_database(admin_url, database, drop_only=False):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{database}"')


def load_posts(rng):
    from django.utils import timezone
    from django.utils.html import escape

    from accounts.models import User
    from blog.models import Post, Tag, TaggedPost
    from blog.models.search_index import update_search_vectors

    words, weights = vocabulary(rng)
    author = User.objects.create(username="bench", display_name="Bench")
    tags = Tag.objects.bulk_create(
        [Tag(name=name, slug=name) for name in {*TOPIC_WORDS, *rng.sample(words[200:], TAGS)}]
    )
    now = timezone.now()
    posts = []
    for number in range(POSTS):
        title = " ".join(rng.choices(words, weights, k=rng.randint(3, 8))).capitalize()
        body = paragraphs(rng, words, weights, rng.randint(3, 8))
        posts.append(
            Post(
                title=title,
                slug=f"post-{number}",
                author=author,
                body="\n\n".join(body),
                body_html="\n".join(f"<p>{escape(text)}</p>" for text in body),
                description=body[0][:200],
                word_count=sum(len(text.split()) for text in body),
                status=Post.Status.PUBLISHED,
                published_at=now - timedelta(hours=number),
            )
        )
    posts = Post.objects.bulk_create(posts, batch_size=1000)
    TaggedPost.objects.bulk_create(
        [
            TaggedPost(content_object=post, tag=tag)
            for post in posts
            for tag in rng.sample(tags, rng.randint(0, 4))
        ],
        batch_size=5000,
    )
    started = time.perf_counter()
    update_search_vectors(Post.objects.all())
    print(f"search vectors for {POSTS:,} posts: {time.perf_counter() - started:.1f} s")


def percentile(timings, fraction):
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def backend_cpu_ns():
    """CPU time used so far by this connection's PostgreSQL backend, if the server runs on
    this machine (Linux), else None."""
    from django.db import connection

    connection.ensure_connection()
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/schedstat") as stat:
            return int(stat.read().split()[0])
    except OSError:
        return None


def measure(function):
    """Milliseconds per run: wall clock, and CPU (this process + the PostgreSQL backend).

    On a busy machine the wall clock mostly measures waiting for a core; the CPU time is
    what the same run takes on an idle one.
    """
    function()  # warm the caches once
    wall, cpu = [], []
    for _ in range(RUNS):
        backend_before, started, cpu_before = (
            backend_cpu_ns(),
            time.perf_counter(),
            time.process_time_ns(),
        )
        function()
        wall.append((time.perf_counter() - started) * 1000)
        backend_after = backend_cpu_ns()
        backend = backend_after - backend_before if backend_before is not None else 0
        cpu.append((time.process_time_ns() - cpu_before + backend) / 1e6)
    return wall, cpu


def p50_p95(timings):
    return f"{statistics.median(timings):.1f}/{percentile(timings, 0.95):.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="hs_discovery_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/x")

    bench_url, admin_url = server_url(os.environ["DATABASE_URL"], arguments.database)
    recreate_database(admin_url, arguments.database)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    try:
        run(random.Random(SEED))
    finally:
        from django.db import connections

        connections.close_all()
        if not arguments.keep:
            recreate_database(admin_url, arguments.database, drop_only=True)


def run(rng):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from blog.reading.search import SearchPaginator, add_snippets, search_posts, shown_posts

    call_command("migrate", verbosity=0)
    load_posts(rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # a live site's autovacuum would have done it
    client = Client(HTTP_HOST="localhost")

    def database_work(query):
        ids, more = search_posts(query)
        page = SearchPaginator(ids, 10, posts=shown_posts(query), more=more).page(1)
        add_snippets(page.object_list, query)
        return page.paginator.count

    def page_request(query):
        if client.get("/search/", {"q": query}).status_code != 200:
            sys.exit(f"/search/?q={query} did not answer 200")

    print(f"{POSTS:,} posts, {RUNS} runs per query; p50/p95 in milliseconds")
    print(f"load average before: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    columns = ["db wall", "db cpu", "page wall", "page cpu"]
    print(f"{'query':<42}{'found':>6}" + "".join(f"{name:>13}" for name in columns))
    totals = [[] for _ in columns]
    for query in QUERIES:
        results = [
            *measure(lambda q=query: database_work(q)),
            *measure(lambda q=query: page_request(q)),
        ]
        for total, timings in zip(totals, results, strict=True):
            total += timings
        print(
            f"{query:<42}{database_work(query):>6}"
            + "".join(f"{p50_p95(timings):>13}" for timings in results)
        )
    print(f"{'all queries':<42}{'':>6}" + "".join(f"{p50_p95(timings):>13}" for timings in totals))
    print(f"load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
