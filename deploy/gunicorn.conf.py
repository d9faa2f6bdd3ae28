"""gunicorn settings for Hogshead: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment, so the systemd unit, the container and the
tests use this one file. gunicorn listens only to the reverse proxy in front of it.
"""

import os


def _int(name, default):
    return int(os.environ.get(name) or default)


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))  # The CPUs this process may use (containers).
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("GUNICORN_WORKERS", 2 * _cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
# A request that takes longer than this is stuck: its worker is replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# X-Forwarded-Proto (and the rest) is believed only from these addresses: the proxy's.
# None by default, like the login throttle (config/settings/base.py): name the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

# Access and error logs go to standard output as JSON lines, like Django's (ops/logs.py).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ops.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

# Heartbeat files in memory, not on a disk that may stall (Docker's overlay file system).
if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's own advice for containers
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Recent gunicorn opens a control socket under $HOME for `gunicornc`; nothing here uses it,
# and the systemd unit gives the service no writable home.
control_socket_disable = True
