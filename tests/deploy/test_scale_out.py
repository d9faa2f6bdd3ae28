"""Several stateless app servers: one PostgreSQL, one Redis, uploads in an S3-compatible bucket.

Two gunicorn instances share a PostgreSQL database and a Redis database; a change saved
through either is what both serve at the next request. S3 media runs against moto's server
mode, a local S3 emulator.
"""

import json
import os
import re
import shutil

import pytest
import requests

from tests.support.servers import (
    ADMIN_PASSWORD,
    BIN_DIR,
    Server,
    deploy_site,
    free_port,
    start_gunicorn,
    within_the_stamp_check,
    world_readable_folder,
)

REDIS_URL = os.environ.get("HOGSHEAD_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
PUBLIC_READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::hogshead-media/*",
        }
    ],
}
# What the load balancer in front of the app servers says about the visitor's connection.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


def require_postgresql():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("app servers share PostgreSQL; runs in the PostgreSQL pass (DATABASE_URL)")


def require_redis():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is needed at {REDIS_URL} (HOGSHEAD_TEST_REDIS_URL): {error}")


class Browser(requests.Session):
    """Talks to an app server as the load balancer does for a browser on HTTPS."""

    def __init__(self):
        super().__init__()
        self.trust_env = False
        self.headers.update(BEHIND_TLS)

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        # The browser's side is HTTPS, so its Secure cookies go back with the next request.
        for cookie in self.cookies:
            cookie.secure = False
        return response


def browser():
    return Browser()


@pytest.fixture(scope="module")
def two_app_servers():
    require_postgresql()
    require_redis()
    folder = world_readable_folder("hogshead-scale-out-")
    site = deploy_site(folder, ALLOWED_HOSTS="localhost,127.0.0.1", REDIS_URL=REDIS_URL)
    # Another machine: nothing shared with the first but PostgreSQL and Redis.
    elsewhere = {**site.env, "HOGSHEAD_VAR_DIR": str(folder / "second-machine")}
    second = start_gunicorn(elsewhere, folder, free_port(), name="gunicorn-2")
    yield site, [site.gunicorn, second]
    second.stop()
    site.stop()
    shutil.rmtree(folder, ignore_errors=True)


def url(server, path):
    return f"http://localhost:{server.port}{path}"


def test_a_post_published_through_one_server_is_on_the_other_within_a_second(two_app_servers):
    site, (first, second) = two_app_servers
    reader = browser()
    before = reader.get(url(second, "/"), timeout=10)
    assert reader.get(url(second, "/"), timeout=10).content == before.content  # cached now
    draft_id = site.python(
        "from blog.models import Post\n"
        "from accounts.models import User\n"
        "print(Post.objects.create(title='Fresh from the cask', slug='fresh-from-the-cask',"
        " body='New.', status='draft', author=User.objects.get(username='admin')).pk)"
    ).split()[-1]

    author = browser()
    login = author.get(url(first, "/admin/login/"), timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
    referer = {"Referer": url(first, "/admin/login/").replace("http:", "https:")}
    logged_in = author.post(
        url(first, "/admin/login/"),
        data={"csrfmiddlewaretoken": token, "username": "admin", "password": ADMIN_PASSWORD},
        headers=referer,
        allow_redirects=False,
        timeout=10,
    )
    assert logged_in.status_code == 302
    changelist = author.get(url(first, "/admin/blog/post/"), timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist.text)[1]
    published = author.post(
        url(first, "/admin/blog/post/"),
        data={
            "csrfmiddlewaretoken": token,
            "action": "publish_now",
            "_selected_action": draft_id,
        },
        headers=referer,
        timeout=10,
    )
    assert published.status_code == 200
    assert "Fresh from the cask" in published.text

    after = within_the_stamp_check(
        lambda: reader.get(
            url(second, "/"), headers={"If-None-Match": before.headers["ETag"]}, timeout=10
        ),
        lambda response: response.status_code != 304,
    )

    assert after.status_code == 200
    assert "Fresh from the cask" in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_an_edit_saved_in_another_process_reaches_both_servers(two_app_servers):
    site, servers = two_app_servers
    reader = browser()
    for server in servers:
        assert "Served through a proxy" in reader.get(url(server, "/"), timeout=10).text

    site.python(
        "from blog.models import Post\n"
        "post = Post.objects.get(slug='served-through-a-proxy')\n"
        "post.title = 'Served by two servers'\n"
        "post.save()"
    )

    for server in servers:
        page = within_the_stamp_check(
            lambda server=server: reader.get(url(server, "/"), timeout=10),
            lambda response: "Served through a proxy" not in response.text,
        ).text
        assert "Served by two servers" in page


@pytest.fixture(scope="module")
def s3_site():
    import boto3

    folder = world_readable_folder("hogshead-s3-")
    port = free_port()
    moto = Server(
        [str(BIN_DIR / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        {"PATH": os.environ.get("PATH", ""), "HOME": str(folder)},
        folder / "moto.log",
        port,
    )
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing-secret",
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing-secret",
    )
    s3.create_bucket(Bucket="hogshead-media")
    # As docs/deploy.md says: anyone may read the bucket's objects, only the site may write.
    s3.put_bucket_policy(Bucket="hogshead-media", Policy=json.dumps(PUBLIC_READ_POLICY))
    site = deploy_site(
        folder,
        ALLOWED_HOSTS="localhost",
        REDIS_URL=None,
        HOGSHEAD_S3_BUCKET="hogshead-media",
        AWS_S3_ENDPOINT_URL=endpoint,
        **credentials,
    )
    site.endpoint = endpoint
    yield site
    site.stop()
    moto.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_uploads_go_to_the_bucket_and_are_read_back_through_the_site(s3_site):
    reader = browser()
    page = reader.get(url(s3_site.gunicorn, s3_site.urls["post"]), timeout=10)
    bucket_url = f"{s3_site.endpoint}/hogshead-media/posts/"
    picture_url = s3_site.urls["picture"]

    assert picture_url.startswith(bucket_url)
    assert f'src="{bucket_url}' in page.text
    assert s3_site.endpoint in page.headers["Content-Security-Policy"]
    assert not (s3_site.folder / "media").exists()

    picture = reader.get(picture_url, timeout=10)
    assert picture.status_code == 200
    assert picture.headers["Content-Type"] == "image/jpeg"
    assert "Content-Disposition" not in picture.headers
    assert picture.content.startswith(b"\xff\xd8")

    patch = reader.get(s3_site.urls["patch"], timeout=10)
    assert patch.content == b"--- a\n+++ b\n"
    assert patch.headers["Content-Disposition"] == 'attachment; filename="fix.patch"'

    html = reader.get(s3_site.urls["page"], timeout=10)
    assert html.headers["Content-Type"] == "text/html"
    assert html.headers["Content-Disposition"] == 'attachment; filename="page.html"'
