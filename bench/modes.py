"""How pages are served in a run: Django's modes and the two baselines.

A mode whose code is not in this version of the project, or a page it cannot serve,
is reported as n/a with the reason, never left out.
"""

import contextlib
import os
from pathlib import Path

from django.conf import settings

from . import servers, wrk
from .measure import sample
from .pages import PAGES

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONFIG = ROOT / "deploy" / "nginx.conf"
# The shipped nginx site, made to run here: loopback ports, this run's folders.
NGINX_REPLACEMENTS = (
    ("server 127.0.0.1:8000;", "server 127.0.0.1:{django_port};"),
    ("listen 80;", "listen 127.0.0.1:{port};"),
    ("listen [::]:80;", ""),
    ("root /srv/hogshead;", "root {work};"),
    ("/var/cache/nginx/hogshead", "{work}/nginx-cache"),
)


class Mode:
    baseline = False
    conditional = False  # sends the page's validators back: If-None-Match / If-Modified-Since
    environment = {}  # settings for gunicorn's Django, on top of the run's (None: unset)

    def __init__(self, name, description):
        self.name = name
        self.description = description

    def unavailable(self):
        """Why this mode cannot run in this version, or None."""
        return None

    def port(self, config):
        return config.port

    def path(self, page):
        return page["path"]

    def gunicorn_environment(self, env):
        merged = {**env, **self.environment}
        return {name: value for name, value in merged.items() if value is not None}

    @contextlib.contextmanager
    def serve(self, config, env):
        """Runs the servers; yields gunicorn's process (for its workers' memory) or None."""
        env = self.gunicorn_environment(env)
        with servers.gunicorn("config.wsgi:application", config.port, env) as process:
            yield process


def _page_cache():
    return "httpcache" in settings.INSTALLED_APPS


class Uncached(Mode):
    # The page cache keeps nothing (a page kept for 0 seconds), and no validators are sent.
    environment = {"PAGE_CACHE_SECONDS": "0"}


class Cached(Mode):
    # The run's environment switches the page cache off (bench.run.server_environment, for
    # the in-process figures); this mode serves with the shipped default.
    environment = {"PAGE_CACHE_SECONDS": None}

    def unavailable(self):
        return None if _page_cache() else "no page cache in this version (httpcache app)"


class Conditional(Cached):
    conditional = True


class NginxMicrocache(Cached):
    def unavailable(self):
        if not NGINX_CONFIG.exists():
            return "no shipped nginx configuration in this version (deploy/nginx.conf)"
        text = NGINX_CONFIG.read_text()
        missing = [old for old, _ in NGINX_REPLACEMENTS if old not in text]
        if missing:
            return f"deploy/nginx.conf no longer has {missing[0]!r}: update bench/modes.py"
        return super().unavailable()

    def port(self, config):
        return config.port + 3

    @contextlib.contextmanager
    def serve(self, config, env):
        site = NGINX_CONFIG.read_text()
        for old, new in NGINX_REPLACEMENTS:
            site = site.replace(
                old, new.format(django_port=config.port, port=self.port(config), work=config.work)
            )
        with (
            super().serve(config, env) as process,
            servers.nginx(site, self.port(config), prefix=config.work / "nginx-proxy"),
        ):
            yield process


class MinimalWsgi(Mode):
    baseline = True

    def port(self, config):
        return config.port + 1

    def path(self, page):
        return f"/{page['name']}"

    @contextlib.contextmanager
    def serve(self, config, env):
        env = {**env, "BENCH_PAGES_DIR": str(config.work / "pages")}
        app = "bench.minimal_wsgi:application"
        with servers.gunicorn(app, self.port(config), env, ready_path="/front") as process:
            yield process


class NginxFiles(MinimalWsgi):
    def port(self, config):
        return config.port + 2

    @contextlib.contextmanager
    def serve(self, config, env):
        with servers.static_files(config.work / "pages", self.port(config), ready_path="/front"):
            yield None


UNCACHED = Uncached("uncached", "Django, page cache off, no conditional headers")
MODES = (
    UNCACHED,
    Cached("cached", "Django with the page cache, anonymous reader"),
    Conditional("conditional", "conditional GET answered 304 Not Modified"),
    NginxMicrocache("nginx_microcache", "the shipped nginx config with its micro-cache"),
    MinimalWsgi("minimal_wsgi", "minimal WSGI app, same body, same gunicorn settings"),
    NginxFiles("nginx_files", "nginx serving saved copies of the pages as files"),
)


def measure_pages(site, pages_dir, repeat=15):
    """Every page in-process: status, queries, size; saves the bodies for the baselines."""
    pages_dir.mkdir(parents=True, exist_ok=True)
    measured = {}
    for page in PAGES:
        path = page.path(site)
        if path is None:
            measured[page.name] = {"name": page.name, "n/a": "no such page in this version"}
            continue
        result = sample(path, repeat=repeat)
        measured[page.name] = {"name": page.name} | result.as_dict()
        if result.status != 200:
            measured[page.name]["n/a"] = f"answers {result.status}"
            continue
        (pages_dir / page.name).write_bytes(result.body)
    return measured


def _run_page(mode, config, page):
    url = f"http://127.0.0.1:{mode.port(config)}{mode.path(page)}"
    headers = ()
    if mode.conditional:
        validators = servers.probe(url).validators
        if "ETag" in validators:
            headers = (f"If-None-Match: {validators['ETag']}",)
        elif "Last-Modified" in validators:
            headers = (f"If-Modified-Since: {validators['Last-Modified']}",)
        else:
            return {"n/a": "the page sends no ETag or Last-Modified"}
    wrk.run(url, 1, config.connections, headers=headers)  # warm-up
    result = wrk.run(url, config.duration, config.connections, headers=headers).as_dict()
    answer = servers.probe(url, headers)  # what the last request of the run got
    return result | {"status": answer.status, "bytes": answer.bytes}


def run_mode(mode, config, env, pages, say=print):
    """Each page under `mode`; returns ({page: result}, gunicorn worker RSS in MB)."""
    reason = mode.unavailable()
    if reason:
        return {name: {"n/a": reason} for name in pages}, []
    results = {name: {"n/a": page["n/a"]} for name, page in pages.items() if "n/a" in page}
    with mode.serve(config, env) as process:
        for name, page in pages.items():
            if name in results:
                continue
            results[name] = _run_page(mode, config, page)
            if "n/a" not in results[name]:
                rate = results[name]["requests_per_second"]
                say(f"  {mode.name:17} {name:9} {rate:>9.1f} req/s")
        rss = servers.worker_rss_mb(process.pid) if process else []
    return results, rss


def measure_size(config, site, all_modes=True, say=print):
    pages = measure_pages(site, config.work / "pages")
    env = dict(os.environ)
    measured = {"published": site.published, "pages": pages, "modes": {}, "worker_rss_mb": {}}
    for mode in MODES if all_modes else (UNCACHED,):
        results, rss = run_mode(mode, config, env, pages, say)
        measured["modes"][mode.name] = results
        if rss:
            measured["worker_rss_mb"][mode.name] = [round(size, 1) for size in rss]
    return measured
