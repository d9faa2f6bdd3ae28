"""nginx and Apache, from deploy/nginx.conf and deploy/apache.conf, in front of gunicorn.

Both proxies run for real on loopback ports, with TLS, in front of one gunicorn serving a
database with production settings. Without the binaries these tests fail in CI
(HOGSHEAD_REQUIRE_PROXIES=1, set by .ci/run) and are skipped, with the reason, elsewhere.
"""

import re
import shutil
import time

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.support.proxies import start_apache, start_nginx
from tests.support.servers import (
    ADMIN_PASSWORD,
    deploy_site,
    self_signed_certificate,
    world_readable_folder,
)

pytestmark = pytest.mark.proxies

LOOPBACK_VISITOR = {"nginx": "127.0.0.2", "apache": "127.0.0.3"}


@pytest.fixture(scope="module")
def site():
    folder = world_readable_folder("hogshead-proxies-")
    deployed = deploy_site(
        folder,
        ALLOWED_HOSTS="localhost",
        AXES_FAILURE_LIMIT=3,
        HOGSHEAD_MAX_UPLOAD_MB=20,
        REDIS_URL=None,
    )
    deployed.certificate, deployed.key = self_signed_certificate(folder)
    yield deployed
    deployed.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=["nginx", "apache"])
def proxy(request, site):
    start = {"nginx": start_nginx, "apache": start_apache}[request.param]
    running = start(site, site.certificate, site.key)
    yield running
    running.stop()


def new_browser(site):
    session = requests.Session()
    session.trust_env = False  # Only our certificate, and no proxy from the environment.
    session.verify = str(site.certificate)
    return session


@pytest.fixture
def browser(site):
    return new_browser(site)


def get(browser, url, **kwargs):
    kwargs.setdefault("allow_redirects", False)
    kwargs.setdefault("timeout", 10)
    return browser.get(url, **kwargs)


def test_front_page_over_https(browser, proxy, site):
    response = get(browser, f"{proxy.https}/")

    assert response.status_code == 200
    assert "Served through a proxy" in response.text
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["ETag"].startswith('W/"')
    assert "max-age=" in response.headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(browser, proxy):
    response = get(browser, f"{proxy.http}/tags/?x=1")

    assert response.status_code == 301
    assert re.fullmatch(r"https://localhost:\d+/tags/\?x=1", response.headers["Location"])


def test_health_check_answers_over_plain_http(browser, proxy):
    response = get(browser, f"{proxy.http}/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_redirects_keep_the_https_address(browser, proxy, site):
    response = get(browser, f"{proxy.https}/page/1/", allow_redirects=True)

    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [301]
    assert response.url == f"{proxy.https}/"

    wrong_date = site.urls["post"].replace(site.urls["post"][1:5], "1999")
    response = get(browser, f"{proxy.https}{wrong_date}", allow_redirects=True)
    assert response.url == f"{proxy.https}{site.urls['post']}"
    assert "The patch" in response.text


def stylesheet_url(html):
    return re.search(
        r'<link rel="stylesheet" href="(/static/css/hogshead\.[0-9a-f]{12}\.css)"', html
    )[1]


def test_static_files_are_hashed_compressed_and_cached_for_a_year(browser, proxy):
    stylesheet = stylesheet_url(get(browser, f"{proxy.https}/").text)

    response = get(browser, f"{proxy.https}{stylesheet}", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "body" in response.text


def test_unhashed_static_names_are_cached_briefly(browser, proxy):
    response = get(browser, f"{proxy.https}/static/css/hogshead.css")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_uploaded_picture_is_shown_inline(browser, proxy, site):
    response = get(browser, f"{proxy.https}{site.urls['picture']}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert "Content-Disposition" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.content.startswith(b"\xff\xd8")


@pytest.mark.parametrize("upload", ["patch", "page"])
def test_other_uploads_are_downloads(browser, proxy, site, upload):
    response = get(browser, f"{proxy.https}{site.urls[upload]}")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_missing_upload_is_404(browser, proxy):
    assert get(browser, f"{proxy.https}/media/posts/1/nothing.jpg").status_code == 404


def test_conditional_get_answers_304(browser, proxy):
    first = get(browser, f"{proxy.https}/tags/")

    again = get(browser, f"{proxy.https}/tags/", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def admin_login(browser, base, password=ADMIN_PASSWORD):
    login_page = get(browser, f"{base}/admin/login/?next=/admin/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)[1]
    return browser.post(
        f"{base}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": "admin", "password": password},
        headers={"Referer": f"{base}/admin/login/?next=/admin/"},
        allow_redirects=False,
        timeout=10,
    )


def test_admin_login_through_the_proxy(browser, proxy):
    response = admin_login(browser, proxy.https)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    session_cookie = next(cookie for cookie in browser.cookies if cookie.name == "sessionid")
    assert session_cookie.secure
    assert session_cookie.has_nonstandard_attr("HttpOnly")
    dashboard = get(browser, f"{proxy.https}/admin/")
    assert dashboard.status_code == 200
    assert "Site administration" in dashboard.text
    front_page = get(browser, f"{proxy.https}/")
    assert "private" in front_page.headers["Cache-Control"]
    assert "no-store" in front_page.headers["Cache-Control"]
    assert ">Admin</a>" in front_page.text


def test_a_request_larger_than_the_upload_limit_is_refused_by_the_proxy(browser, proxy):
    body = b"x" * (22 * 1024 * 1024)

    response = browser.post(f"{proxy.https}/admin/login/", data=body, timeout=30)

    assert response.status_code == 413


class FromAddress(HTTPAdapter):
    """Connect from another loopback address: another visitor, as far as the proxy knows."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def test_login_throttling_sees_through_forged_forwarded_for(browser, proxy, site):
    visitor = new_browser(site)
    visitor.mount("https://", FromAddress(LOOPBACK_VISITOR[proxy.name]))
    responses = []
    for forged in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]:
        visitor.headers["X-Forwarded-For"] = forged
        responses.append(admin_login(visitor, proxy.https, password="wrong"))

    assert [r.status_code for r in responses] == [200, 200, 429, 429]
    assert "Too many failed logins from your address" in responses[-1].text
    # Someone else, from another address, still logs in.
    assert admin_login(browser, proxy.https).status_code == 302


def test_gunicorn_logs_json_lines_with_the_visitors_address(browser, proxy, site):
    get(
        browser,
        f"{proxy.https}/tags/deploy/?via={proxy.name}",
        headers={"X-Forwarded-For": "192.0.2.77"},
    )

    lines = site.gunicorn.json_lines(until=lambda line: line.get("query") == f"via={proxy.name}")
    hit = next(line for line in lines if line.get("query") == f"via={proxy.name}")
    assert hit["logger"] == "gunicorn.access"
    assert hit["path"] == "/tags/deploy/"
    assert hit["status"] == "200"
    assert hit["method"] == "GET"
    assert hit["forwarded_for"].startswith("192.0.2.77, 127.0.0.1")


def test_nginx_micro_cache_spares_gunicorn_a_burst_of_readers(browser, proxy, site):
    """nginx keeps an anonymous page for the app's few seconds of s-maxage; Apache has no
    such cache, so each request reaches gunicorn."""
    query = f"burst={proxy.name}"
    for _ in range(3):
        assert get(browser, f"{proxy.https}/tags/?{query}").status_code == 200
    expected = {"nginx": 1, "apache": 3}[proxy.name]

    def reached_gunicorn():
        lines = site.gunicorn.json_lines(until=lambda line: line.get("query") == query)
        return sum(line.get("query") == query for line in lines)

    deadline = time.monotonic() + 2
    while reached_gunicorn() < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert reached_gunicorn() == expected
