"""A minute of readers with wrk while an author saves a new post every second."""

import datetime
import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.stress

DURATION = int(os.environ.get("STRESS_DURATION", "60"))
CONNECTIONS = int(os.environ.get("STRESS_CONNECTIONS", "64"))
RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"


def wrk(site, paths, duration, connections):
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(Path(__file__).with_name("rotate.lua")),
            site.base,
        ],
        env={**os.environ, "WRK_PATHS": ",".join(paths)},
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    return result.stdout


def wrk_numbers(output):
    numbers = {"requests": int(re.search(r"(\d+) requests in", output)[1])}
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    numbers["socket errors"] = sum(map(int, errors.groups())) if errors else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    numbers["non-2xx/3xx"] = int(bad[1]) if bad else 0
    numbers["requests/s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    return numbers


class Author(threading.Thread):
    """Logs into the admin and publishes a post with a tag every second, like a person would."""

    def __init__(self, site, stop):
        super().__init__(daemon=True)
        self.site, self.stop = site, stop
        self.saved, self.failures = [], []

    def run(self):
        browser = self.site.browser()
        try:
            browser.log_in()
        except AssertionError as error:
            self.failures.append(("login", repr(error)))
            return
        number = 0
        while not self.stop.is_set():
            started = time.monotonic()
            number += 1
            slug = f"under-load-{number}"
            try:
                response = browser.submit(
                    "/admin/blog/post/add/",
                    "post_form",
                    title=f"Under load {number}",
                    slug=slug,
                    body=f"Written **under load**, number {number}.",
                    tags=f"load-{number}",
                    status="published",
                )
                if response.status_code == 302:
                    self.saved.append(slug)
                else:
                    self.failures.append((slug, response.status_code, response.text[:300]))
            except Exception as error:
                self.failures.append((slug, "exception", repr(error)))
            self.stop.wait(max(0, 1 - (time.monotonic() - started)))


def test_readers_and_an_author_for_a_minute(stress_site):
    site = stress_site
    reader = site.browser()
    paths = ["/", site.post_path, "/tags/cask/"]
    for path in paths:
        assert reader.get(path).status_code == 200, path
    rss_before = site.worker_rss_kib()

    stop = threading.Event()
    author = Author(site, stop)
    author.start()
    output = wrk(site, paths, DURATION, CONNECTIONS)
    stop.set()
    author.join(timeout=30)
    rss_after = site.worker_rss_kib()

    numbers = wrk_numbers(output)
    check = site.python(
        "import json\n"
        "from blog.models import Post\n"
        f"slugs = {author.saved!r}\n"
        "posts = Post.objects.published().filter(slug__in=slugs).prefetch_related('tags')\n"
        "print(json.dumps({p.slug: [p.body_html, [t.name for t in p.tags.all()]] for p in posts}))"
    )
    stored = json.loads(check.strip().splitlines()[-1])
    summary = (
        f"# Stress run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC\n\n"
        f"wrk, {CONNECTIONS} connections, {DURATION} s, paths {', '.join(paths)}; "
        "gunicorn 2 sync workers, production settings, PostgreSQL and Redis on loopback.\n\n"
        f"- requests served: {numbers['requests']} ({numbers['requests/s']:.0f}/s)\n"
        f"- non-2xx/3xx responses: {numbers['non-2xx/3xx']}\n"
        f"- socket errors: {numbers['socket errors']}\n"
        f"- posts saved through the admin meanwhile: {len(author.saved)}, "
        f"failed saves: {len(author.failures)}\n"
        f"- gunicorn workers' RSS: {rss_before / 1024:.1f} MiB before, "
        f"{rss_after / 1024:.1f} MiB after ({rss_after / rss_before:.2f}x)\n\n"
        f"```\n{output.strip()}\n```\n"
    )
    print("\n" + summary)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"stress-{datetime.date.today()}.md").write_text(summary)

    assert numbers["non-2xx/3xx"] == 0
    assert numbers["socket errors"] == 0
    assert author.failures == []
    assert len(author.saved) >= DURATION // 5  # a save takes longer than usual under load
    assert sorted(stored) == sorted(author.saved)  # each published, exactly once (unique slug)
    for slug, (body_html, tags) in stored.items():
        number = slug.rpartition("-")[2]
        assert f"<strong>under load</strong>, number {number}." in body_html
        assert tags == [f"load-{number}"]
    assert rss_after < 1.5 * rss_before
