"""Reader pages answered at the WSGI boundary (httpcache/front.py), through the real WSGI
application: what a reader gets back is what Django gave, and Django is entered only when
what it gave may have changed."""

from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import timezone

from blog.models import Post
from blog.models.sharing import preview_url, start_sharing
from httpcache import front
from tests.support.factories import PostFactory

pytestmark = pytest.mark.django_db


class Site:
    """The WSGI application as gunicorn calls it, counting the requests Django handles."""

    def __init__(self, max_entries=None):
        self.application = front.ReaderPages(WSGIHandler(), max_entries=max_entries)
        self.django_requests = 0
        request_started.connect(self.count)

    def count(self, **kwargs):
        self.django_requests += 1

    def request(self, method, path, headers=None, **environ):
        request = RequestFactory().generic(method, path, headers=headers, **environ)
        answered = {}

        def start_response(status, headers, exc_info=None):
            answered.update(status=int(status.split()[0]), headers=dict(headers))

        # As Django's test client does: the test's database connection stays open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = self.application(request.environ, start_response)
            try:
                answered["body"] = b"".join(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return answered

    def get(self, path, headers=None, **environ):
        return self.request("GET", path, headers, **environ)

    def close(self):
        request_started.disconnect(self.count)


@pytest.fixture
def make_site():
    """Sites (workers) of their own; each stops counting when the test ends."""
    sites = []

    def make(**kwargs):
        sites.append(Site(**kwargs))
        return sites[-1]

    yield make
    for site in sites:
        site.close()


@pytest.fixture
def site(make_site):
    return make_site()


@pytest.fixture
def post():
    return PostFactory(title="First light", tags=["whisky"])


def test_a_reader_gets_the_kept_page_without_django(site, post, django_assert_num_queries):
    first = site.get("/")
    assert site.django_requests == 1

    with django_assert_num_queries(0):
        again = site.get("/")

    assert site.django_requests == 1
    assert again == first
    assert again["status"] == 200
    assert "First light" in again["body"].decode()
    assert "Content-Security-Policy" in again["headers"]


def test_each_address_is_its_own_page(site, post):
    addresses = [
        ("/", {}),
        ("/tags/whisky/", {}),
        ("/search/?q=light", {}),
        ("/search/?q=whisky", {}),
        ("/", {"HTTP_HOST": "localhost"}),
        ("/", {"HTTP_X_FORWARDED_PROTO": "https"}),
    ]
    pages = [site.get(path, **environ) for path, environ in addresses]
    assert site.django_requests == len(addresses)

    again = [site.get(path, **environ) for path, environ in addresses]

    assert site.django_requests == len(addresses)
    assert again == pages
    assert len({page["body"] for page in pages[:4]}) == 4


def test_a_host_django_refuses_is_refused_every_time(site, post):
    site.get("/")

    for _ in range(2):
        assert site.get("/", HTTP_HOST="evil.example")["status"] == 400


def test_the_kept_page_answers_304_to_its_validators(site, post):
    page = site.get("/")
    etag, last_modified = page["headers"]["ETag"], page["headers"]["Last-Modified"]

    by_etag = site.get("/", headers={"If-None-Match": f'"other", {etag}'})
    by_date = site.get("/", headers={"If-Modified-Since": last_modified})
    other_etag = site.get(
        "/", headers={"If-None-Match": '"other"', "If-Modified-Since": last_modified}
    )

    assert site.django_requests == 1
    for not_modified in (by_etag, by_date):
        assert not_modified["status"] == 304
        assert not_modified["body"] == b""
        assert not_modified["headers"]["ETag"] == etag
        assert "Content-Type" not in not_modified["headers"]
    assert other_etag == page


def test_djangos_304_and_the_fronts_agree(site, make_site, post):
    etag = site.get("/tags/")["headers"]["ETag"]
    from_front = site.get("/tags/", headers={"If-None-Match": etag})

    from_django = make_site().get("/tags/", headers={"If-None-Match": etag})

    assert from_front["status"] == from_django["status"] == 304
    for name in ("ETag", "Last-Modified", "Cache-Control"):
        assert from_front["headers"][name] == from_django["headers"][name]


def test_a_revalidation_is_answered_without_django_from_then_on(site, make_site, post):
    etag = make_site().get("/")["headers"]["ETag"]  # the page, as another worker served it
    site.django_requests = 0

    first = site.get("/", headers={"If-None-Match": etag})
    again = site.get("/", headers={"If-None-Match": etag})
    assert site.django_requests == 1
    assert first == again
    assert again["status"] == 304
    assert again["body"] == b""

    page = site.get("/")
    assert site.django_requests == 2  # only the 304 was kept: the page comes from Django
    assert page["status"] == 200
    assert site.get("/") == page
    assert site.django_requests == 2


def test_a_change_readers_can_see_shows_at_once(site, post):
    before = site.get("/")

    post.title = "Second light"
    post.save()
    after = site.get("/", headers={"If-None-Match": before["headers"]["ETag"]})

    assert site.django_requests == 2
    assert after["status"] == 200
    assert "Second light" in after["body"].decode()
    assert site.get("/") == after
    assert site.django_requests == 2


def test_a_post_taken_back_to_draft_leaves_kept_pages_at_once(site, post):
    draft = PostFactory(title="Not yet", status=Post.Status.DRAFT)
    assert "Not yet" not in site.get("/")["body"].decode()

    draft.status = Post.Status.PUBLISHED
    draft.save()
    assert "Not yet" in site.get("/")["body"].decode()

    draft.status = Post.Status.DRAFT
    draft.save()
    assert "Not yet" not in site.get("/")["body"].decode()
    assert site.django_requests == 3


def test_a_scheduled_post_appears_when_due_and_nobody_keeps_a_page_past_it(site, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    PostFactory(title="Already out")
    PostFactory(title="Comes later", published_at=timezone.now() + timedelta(seconds=30))
    first = site.get("/")
    assert first["headers"]["Cache-Control"] == "max-age=30, s-maxage=5"

    time_machine.shift(timedelta(seconds=28))
    kept = site.get("/")
    assert site.django_requests == 1
    assert kept["body"] == first["body"]
    assert kept["headers"]["Cache-Control"] == "max-age=2, s-maxage=2"

    time_machine.shift(timedelta(seconds=3))
    due = site.get("/")
    assert site.django_requests == 2
    assert "Comes later" in due["body"].decode()
    assert due["headers"]["ETag"] != first["headers"]["ETag"]


def test_a_page_is_kept_no_longer_than_the_page_cache_keeps_it(site, post, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    site.get("/")

    time_machine.shift(timedelta(seconds=settings.HTTPCACHE["PAGE_TIMEOUT"] + 1))
    site.get("/")

    assert site.django_requests == 2


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("GET", {"Cookie": "sessionid=abc"}),
        ("GET", {"Cookie": "csrftoken=x; sessionid=abc"}),
        ("HEAD", {}),
        ("POST", {}),
        ("GET", {"If-Match": "*"}),
        ("GET", {"If-Unmodified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"}),
    ],
)
def test_requests_that_may_get_another_answer_go_to_django(site, post, method, headers):
    site.get("/")

    site.request(method, "/", headers=headers)

    assert site.django_requests == 2


def test_a_logged_in_author_never_gets_a_kept_page(site, post, client, admin_user):
    site.get("/")
    client.force_login(admin_user)
    session = client.cookies["sessionid"].value

    page = site.get("/", headers={"Cookie": f"sessionid={session}"})

    assert ">Admin</a>" in page["body"].decode()
    assert "private" in page["headers"]["Cache-Control"]


def test_pages_the_page_cache_does_not_keep_are_not_kept(site, post):
    draft = PostFactory(title="Reviewer's copy", status=Post.Status.DRAFT)
    start_sharing(draft)
    draft.save()
    paths = ["/no-such-page/", "/page/1/", "/admin/login/", preview_url(draft), "/healthz"]

    for path in paths * 2:
        site.get(path)

    assert site.django_requests == 2 * len(paths)


def test_nothing_is_kept_when_the_page_cache_is_off(site, post, settings):
    settings.HTTPCACHE = {**settings.HTTPCACHE, "PAGE_TIMEOUT": 0}

    first, second = site.get("/"), site.get("/")

    assert site.django_requests == 2
    assert first["status"] == second["status"] == 200


def test_a_bounded_number_of_pages_is_kept(make_site, post):
    site = make_site(max_entries=2)
    for path in ["/", "/tags/", "/archive/", "/tags/", "/archive/", "/"]:
        site.get(path)

    assert site.django_requests == 4  # "/" was the least recently read when "/archive/" came


def test_readers_are_served_by_django_when_the_cache_is_unreachable(site, post, monkeypatch):
    site.get("/")

    def unreachable():
        raise ConnectionError("cache down")

    monkeypatch.setattr(front, "current_state", unreachable)
    page = site.get("/")

    assert page["status"] == 200
    assert site.django_requests == 2


def test_the_shipped_wsgi_application_answers_through_the_front():
    from config import wsgi

    assert isinstance(wsgi.application, front.ReaderPages)
