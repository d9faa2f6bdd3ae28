"""A private deployment for the stress tests: its own PostgreSQL, Redis and gunicorn.

Everything listens on loopback ports 8700-8799 and lives in a temporary folder, so the
tests may restart or stop PostgreSQL and Redis without touching anybody else's.
"""

import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.support import servers
from tests.support.forms import form_values
from tests.support.servers import (
    ADMIN_PASSWORD,
    Server,
    manage,
    production_env,
    python,
)

PORT_RANGE = range(8700, 8800)
# What the reverse proxy in front of gunicorn says about the visitor's connection.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


def free_port():
    return servers.free_port(PORT_RANGE)


def postgresql_bin_dir():
    try:
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if Path(found, "initdb").exists():
            return Path(found)
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        pytest.fail("PostgreSQL's initdb is needed for the stress tests (Debian: postgresql)")
    return Path(candidates[-1]).parent


class PrivatePostgreSQL:
    """A PostgreSQL cluster of our own, so a test may restart it."""

    def __init__(self, folder):
        self.bin = postgresql_bin_dir()
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        as_postgres = os.geteuid() == 0
        if as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
        self._run("initdb", "-D", self.data, "--auth=trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def _run(self, program, *args):
        subprocess.run(
            [*self.prefix, str(self.bin / program), *map(str, args)],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def _pg_ctl(self, *args):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", *args, "-D", self.data, "-w", "-l", self.folder / "pg.log", "-o", options
        )

    def start(self):
        self._pg_ctl("start")

    def restart(self):
        self._pg_ctl("restart", "-m", "fast")

    def stop(self):
        self._run("pg_ctl", "stop", "-D", self.data, "-m", "fast", "-w")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)
        return self.url(name)


class PrivateRedis:
    """A Redis of our own, so a test may stop it; it keeps nothing on disk."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self):
        self.server = Server(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            self.folder / "redis.log",
            self.port,
        )

    def stop(self):
        self.server.stop()


class Browser(requests.Session):
    """Talks to gunicorn as the reverse proxy does for a browser on HTTPS."""

    def __init__(self, base):
        super().__init__()
        self.base = base
        self.trust_env = False
        self.headers.update(BEHIND_TLS)

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        response = super().request(method, self.base + url, *args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False  # The browser's side is HTTPS.
        return response

    def submit(self, path, form_id, files=None, **changes):
        """Load a form, change some fields and send it, with the page's CSRF token."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        data = {**form_values(page.text, form_id), **changes}
        referer = {"Referer": self.base.replace("http:", "https:", 1) + path}
        return self.post(path, data=data, files=files, headers=referer, allow_redirects=False)

    def log_in(self):
        response = self.submit(
            "/admin/login/", "login-form", username="admin", password=ADMIN_PASSWORD
        )
        assert response.status_code == 302, response.text[:500]


SEED = f"""
from tests.support.factories import PostFactory, UserFactory
admin = UserFactory(
    username="admin", is_staff=True, is_superuser=True, password={ADMIN_PASSWORD!r}
)
posts = [
    PostFactory(
        title=f"Seed post {{number}}", slug=f"seed-post-{{number}}", author=admin,
        body=f"Some *Markdown* for post {{number}}.", tags=["cask", f"tag-{{number % 3}}"],
    )
    for number in range(30)
]
print(posts[1].get_absolute_url())
"""


class StressSite:
    def __init__(self, folder, postgresql, redis, media_root=None):
        self.folder = Path(folder)
        self.postgresql = postgresql
        self.redis = redis
        self.env = production_env(
            self.folder,
            DATABASE_URL=postgresql.create_database(f"hogshead_{self.folder.name}"),
            REDIS_URL=redis.url,
            MEDIA_ROOT=media_root or self.folder / "media",
            ALLOWED_HOSTS="localhost,127.0.0.1",
            # The same two workers from start to end, so their memory can be compared.
            GUNICORN_MAX_REQUESTS="0",
            GUNICORN_WORKERS="2",
        )
        manage("migrate", "--no-input", env=self.env)
        manage("collectstatic", "--no-input", env=self.env)
        self.post_path = python(SEED, self.env).split()[-1]
        self.port = free_port()
        self.gunicorn = Server(
            [
                str(Path(self.env["PATH"].split(os.pathsep)[0]) / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
            ],
            {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            self.folder / "gunicorn.log",
            self.port,
        )
        self.base = f"http://localhost:{self.port}"
        workers = int(self.env["GUNICORN_WORKERS"])
        assert wait_until(lambda: len(self.worker_pids()) == workers), "gunicorn workers"

    def browser(self):
        return Browser(self.base)

    def python(self, code):
        return python(code, self.env)

    def worker_pids(self):
        children = Path(f"/proc/{self.gunicorn.process.pid}/task").glob("*/children")
        return sorted(int(pid) for path in children for pid in path.read_text().split())

    def worker_rss_kib(self):
        total = 0
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+) kB", status)[1])
        return total

    def stop(self):
        self.gunicorn.stop()


@pytest.fixture(scope="session")
def stress_folder():
    folder = Path(tempfile.mkdtemp(prefix="hogshead-stress-"))
    folder.chmod(0o755)
    yield folder
    if not os.environ.get("STRESS_KEEP"):  # the servers' logs, to look into a failure
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def private_postgresql(stress_folder):
    server = PrivatePostgreSQL(stress_folder / "postgresql")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def private_redis(stress_folder):
    (stress_folder / "redis").mkdir()
    server = PrivateRedis(stress_folder / "redis")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stress_site(stress_folder, private_postgresql, private_redis, request):
    folder = stress_folder / request.module.__name__.rpartition(".")[2]
    folder.mkdir()
    site = StressSite(folder, private_postgresql, private_redis)
    site.redis = private_redis
    yield site
    site.stop()


def wait_until(condition, timeout=30, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
