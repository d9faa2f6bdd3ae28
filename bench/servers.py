"""The servers a benchmark run talks to, each started and stopped by the run itself.

All listen on 127.0.0.1 only. gunicorn runs with the project's deploy configuration when
there is one (deploy/gunicorn.conf.py) and a fixed worker count, so runs compare.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
WORKERS = 2
START_TIMEOUT = 60


class ServerError(RuntimeError):
    pass


def _wait_until_answering(port, path, process, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"server exited with {process.returncode}:\n{_tail(log)}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
            return
        except urllib.error.HTTPError:
            return  # it answers; the page's own status is measured elsewhere
        except OSError:
            time.sleep(0.2)
    raise ServerError(f"nothing answered on port {port} within {START_TIMEOUT}s:\n{_tail(log)}")


def _tail(log, lines=30):
    try:
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Answer:
    status: int
    bytes: int
    validators: dict = field(default_factory=dict)


def probe(url, headers=()):
    """One request, as wrk would send it: the status, the body size and the validators."""
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))  # noqa: S310
    try:
        response = urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read()
        found = {name: response.headers[name] for name in ("ETag", "Last-Modified")}
        return Answer(response.status, len(body), {k: v for k, v in found.items() if v})


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return sizes
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


@contextlib.contextmanager
def gunicorn(app, port, env, ready_path="/", workers=WORKERS, log_dir=None):
    """Run `app` (a WSGI path like config.wsgi:application) under gunicorn; yields the process."""
    if not port_is_free(port):
        raise ServerError(f"port {port} is already in use")
    command = [sys.executable, "-m", "gunicorn"]
    if GUNICORN_CONFIG.exists():
        command += ["--config", str(GUNICORN_CONFIG)]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", app]
    log = Path(log_dir or tempfile.gettempdir()) / f"gunicorn-{port}.log"
    with open(log, "w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_answering(port, ready_path, process, log)
        yield process
    finally:
        _stop(process)


NGINX_MAIN = """\
worker_processes {workers};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
{http}
}}
"""

STATIC_FILES_SERVER = """\
    default_type "text/html; charset=utf-8";
    server {{
        listen 127.0.0.1:{port};
        root {pages};
        # As deploy/nginx.conf does for its micro-cache: TCP_CORK stalls keep-alive answers.
        tcp_nopush off;
        location / {{ try_files $uri =404; }}
    }}
"""


@contextlib.contextmanager
def nginx(http_block, port, ready_path="/", workers=WORKERS, prefix=None):
    """Run nginx in the foreground with `http_block` inside its http { } context."""
    if not port_is_free(port):
        raise ServerError(f"port {port} is already in use")
    with contextlib.ExitStack() as stack:
        if prefix is None:
            prefix = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-nginx-"))
        prefix = Path(prefix)
        prefix.mkdir(parents=True, exist_ok=True)
        os.chmod(prefix, 0o755)  # noqa: S103 - nginx workers run as nobody and read from it
        config = prefix / "nginx.conf"
        config.write_text(NGINX_MAIN.format(workers=workers, prefix=prefix, http=http_block))
        log = prefix / "error.log"
        process = subprocess.Popen(  # noqa: S603 - nginx from PATH, our own config
            ["nginx", "-p", str(prefix), "-c", str(config)],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_answering(port, ready_path, process, log)
            yield process
        finally:
            _stop(process)


def static_files(pages_dir, port, ready_path="/"):
    """nginx serving saved pages as files: the physical limit."""
    os.chmod(pages_dir, 0o755)  # noqa: S103
    return nginx(STATIC_FILES_SERVER.format(port=port, pages=pages_dir), port, ready_path)
