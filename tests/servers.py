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

BASE_DIR = Path(__file__).resolve().parent.parent
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
    }
    env.update({key: str(value) for key, value in overrides.items() if value is not None})
    for key in [key for key, value in overrides.items() if value is None]:
        env.pop(key, None)
    return env


def run(args, env, timeout=120, check=True, **kwargs):
    result = subprocess.run(  # noqa: S603 - our own commands
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


def free_port():
    """A port of ours nobody listens on, never the same twice in one test run."""
    for port in PORT_RANGE:
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            _handed_out.add(port)
            return port
    raise RuntimeError(f"No free port in {PORT_RANGE}")


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
