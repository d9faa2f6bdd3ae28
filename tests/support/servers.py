"""Running the project the way a server does: subprocesses with production settings.

Shared by the deployment tests (settings, entrypoint, gunicorn, nginx, Apache, scale-out).
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN_DIR = Path(PYTHON).parent
# This project's helpers own these loopback ports (see docs/deploy.md, "Tests").
PORT_RANGE = range(8300, 8400)


def production_env(tmp_path, **overrides):
    """A clean environment, as a service manager would give gunicorn, with production settings."""
    env = {
        "PATH": f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "HOGSHEAD_VAR_DIR": str(tmp_path / "var"),
        # nginx and Apache run on this machine, in front of gunicorn.
        "FORWARDED_ALLOW_IPS": "127.0.0.1,::1",
    }
    env.update({key: str(value) for key, value in overrides.items() if value is not None})
    for key in [key for key, value in overrides.items() if value is None]:
        env.pop(key, None)
    return env


def run(args, env, timeout=120, check=True, **kwargs):
    result = subprocess.run(
        args,
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, args))} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def manage(*args, env, **kwargs):
    return run([PYTHON, "manage.py", *args], env, **kwargs)


def python(code, env, **kwargs):
    """Run `code` in a fresh interpreter with Django set up under `env`; return its stdout."""
    script = f"import django\ndjango.setup()\n{code}"
    return run([PYTHON, "-c", script], env, **kwargs).stdout


def settings_of(env, *names):
    """The values of some settings as production would see them, through JSON."""
    code = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    return json.loads(python(code, env))


_handed_out = set()


def free_port(ports=PORT_RANGE):
    """A port of ours nobody listens on, never the same twice in one test run."""
    for port in ports:
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            _handed_out.add(port)
            return port
    raise RuntimeError(f"No free port in {ports}")


def wait_for_port(port, process=None, timeout=30, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(
                f"{process.args[0]} exited with {process.returncode} before listening on {port}"
                + (f":\n{Path(log).read_text()}" if log else "")
            )
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"Nothing listens on port {port} after {timeout} s")


def fresh_database_url(folder, name):
    """An empty database for servers the test starts: on PostgreSQL when the suite runs on it
    (DATABASE_URL), else an SQLite file in `folder`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{Path(folder) / f'{name}.sqlite3'}"
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    database = f"{config['NAME']}_{name}"
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    return url.rsplit("/", 1)[0] + f"/{database}"


def self_signed_certificate(folder, host="localhost"):
    """A certificate for `host` and 127.0.0.1, and its key: (certificate path, key path)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = Path(folder) / "tls.crt", Path(folder) / "tls.key"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o644)  # The web server's workers may not be root.
    return certificate_path, key_path


class Server:
    """A process the test started, with its output in a file, stopped at the end."""

    def __init__(self, args, env, log, port, cwd=BASE_DIR):
        self.log = Path(log)
        self.port = port
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                args, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        wait_for_port(port, self.process, log=self.log)

    def output(self):
        return self.log.read_text(errors="replace")

    def json_lines(self, until, timeout=5):
        """The log as JSON lines, once one satisfies `until` (servers log after answering)."""
        deadline = time.monotonic() + timeout
        while True:
            lines = [json.loads(line) for line in self.output().splitlines() if line.strip()]
            if any(until(line) for line in lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(env, folder, port, name="gunicorn"):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    return Server(
        [str(BIN_DIR / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        env,
        Path(folder) / f"{name}.log",
        port,
    )


ADMIN_PASSWORD = "correct horse battery staple"

SITE_CONTENT = f"""
import json
from django.core.files.base import ContentFile
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory, jpeg_bytes

admin = UserFactory(
    username="admin", is_staff=True, is_superuser=True, password={ADMIN_PASSWORD!r}
)
post = PostFactory(
    title="Served through a proxy",
    slug="served-through-a-proxy",
    author=admin,
    body="![The cask](cask.jpg)\\n\\n[The patch](fix.patch)",
    tags=["deploy"],
)
picture = AttachmentFactory(post=post, file=ContentFile(jpeg_bytes(), name="cask.jpg"))
patch = AttachmentFactory(post=post, file=ContentFile(b"--- a\\n+++ b\\n", name="fix.patch"))
page = AttachmentFactory(post=post, file=ContentFile(b"<script>1</script>", name="page.html"))
post.refresh_from_db()
print(json.dumps({{
    "post": post.get_absolute_url(),
    "picture": picture.file.url,
    "patch": patch.file.url,
    "page": page.file.url,
}}))
"""


class Site:
    """A deployed Hogshead: database migrated, static files collected, content, gunicorn."""

    def __init__(self, folder, env):
        self.folder = Path(folder)
        self.env = env
        self.urls = {}
        self.gunicorn = None

    def python(self, code):
        return python(code, self.env)

    def stop(self):
        if self.gunicorn is not None:
            self.gunicorn.stop()


def world_readable_folder(prefix):
    """A temporary folder web server workers (www-data when the test runs as root) can read."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def deploy_site(folder, with_content=True, start=True, **env_overrides):
    env = production_env(
        folder,
        DATABASE_URL=fresh_database_url(folder, "site"),
        CACHE_KEY_PREFIX=f"test-{secrets.token_hex(4)}",
        **env_overrides,
    )
    site = Site(folder, env)
    manage("migrate", "--no-input", env=env)
    manage("collectstatic", "--no-input", env=env)
    if with_content:
        site.urls = json.loads(site.python(SITE_CONTENT).strip().splitlines()[-1])
    if start:
        site.gunicorn = start_gunicorn(env, folder, free_port())
    return site


# How long a worker trusts its last reading of the content stamp in production
# (HTTPCACHE["STAMP_CHECK_SECONDS"]): a change made elsewhere reaches it at most that late.
STAMP_CHECK_SECONDS = 1


def within_the_stamp_check(fetch, shows_the_change):
    """`fetch()` until `shows_the_change(response)`; fails after STAMP_CHECK_SECONDS and
    a little time to answer."""
    deadline = time.monotonic() + STAMP_CHECK_SECONDS + 0.5
    while True:
        response = fetch()
        if shows_the_change(response):
            return response
        assert time.monotonic() < deadline, "the change did not show within the stamp check"
        time.sleep(0.05)
