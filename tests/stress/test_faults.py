"""PostgreSQL restarted and Redis stopped under the site's feet: it fails fast and recovers."""

import threading
import time

import pytest

from tests.support.servers import within_the_stamp_check

pytestmark = pytest.mark.stress

# Requests may not wait longer than the database connect timeout (5 s) plus some slack.
SLOWEST_ANSWER = 8
RECOVERY_LIMIT = 5


class Prober(threading.Thread):
    """Asks for one page again and again, noting when each request started, took and got."""

    def __init__(self, browser, path, stop):
        super().__init__(daemon=True)
        self.browser, self.path, self.stop = browser, path, stop
        self.answers = []

    def run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                response = self.browser.get(self.path, allow_redirects=False, timeout=30)
                status, retry_after = response.status_code, response.headers.get("Retry-After")
            except Exception as error:
                status, retry_after = repr(error), None
            self.answers.append((started, time.monotonic() - started, status, retry_after))
            self.stop.wait(0.05)


def test_a_postgresql_restart_is_a_short_503_and_the_site_recovers_by_itself(stress_site):
    site = stress_site
    workers = site.worker_pids()
    author = site.browser()
    author.log_in()  # Every admin page reads the session from the database.
    stop = threading.Event()
    probers = [
        Prober(author, "/admin/blog/post/", stop),
        Prober(site.browser(), "/", stop),
        Prober(site.browser(), site.post_path, stop),
    ]
    for prober in probers:
        prober.start()
    time.sleep(2)

    restart_began = time.monotonic()
    site.postgresql.restart()
    restarted = time.monotonic()
    deadline = restarted + 30
    while time.monotonic() < deadline:
        if any(s == 200 and t >= restarted for t, _, s, _ in probers[0].answers):
            break
        time.sleep(0.05)
    time.sleep(1)
    stop.set()
    for prober in probers:
        prober.join(timeout=40)

    answers = [answer for prober in probers for answer in prober.answers]
    statuses = [status for _, _, status, _ in answers]
    first_ok = min(t for t, _, s, _ in probers[0].answers if s == 200 and t >= restarted)
    recovery = first_ok - restarted
    print(
        f"\nPostgreSQL restart: pg_ctl took {restarted - restart_began:.2f} s; "
        f"{len(answers)} requests meanwhile, {statuses.count(503)} answered 503, "
        f"slowest {max(took for _, took, _, _ in answers):.2f} s; the admin answered 200 again "
        f"{recovery:.2f} s after PostgreSQL was back"
    )
    assert set(statuses) <= {200, 503}, sorted(set(map(str, statuses)))
    assert all(retry == "5" for _, _, status, retry in answers if status == 503)
    assert max(took for _, took, _, _ in answers) < SLOWEST_ANSWER
    assert recovery < RECOVERY_LIMIT
    assert site.gunicorn.process.poll() is None
    assert site.worker_pids() == workers  # recovered without restarting anything


def test_with_redis_stopped_the_site_serves_from_the_database(stress_site):
    site = stress_site
    reader = site.browser()
    assert reader.get("/").status_code == 200  # the page is in Redis now
    author = site.browser()
    author.log_in()
    site.redis.stop()
    try:
        saved = author.submit(
            "/admin/blog/post/add/",
            "post_form",
            title="Published while Redis is down",
            slug="published-while-redis-is-down",
            body="Served from **the database**.",
            tags="outage",
            status="published",
        )
        assert saved.status_code == 302, saved.text[:500]
        # The other worker may trust its reading of the stamp for a second more.
        front = within_the_stamp_check(
            lambda: reader.get("/"), lambda page: "Published while Redis is down" in page.text
        )
        started = time.monotonic()
        tag = reader.get("/tags/outage/")
        took = time.monotonic() - started
    finally:
        site.redis.start()

    assert front.status_code == 200
    assert "Published while Redis is down" in front.text
    assert tag.status_code == 200
    assert "Published while Redis is down" in tag.text
    assert took < SLOWEST_ANSWER
    post = reader.get("/search/", params={"q": "database"})
    assert post.status_code == 200
