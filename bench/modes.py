"""How pages are served in a run: Django's modes and the two baselines.

A mode whose code is not in this version of the project, or a page it cannot serve,
is reported as n/a with the reason, never left out.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import servers, wrk
from .measure import sample
from .pages import PAGES

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mode:
    name: str
    description: str
    baseline: bool = False

    def unavailable(self):
        """Why this mode cannot run here, or None."""
        return None


class DjangoMode(Mode):
    def server(self, config, env):
        return servers.gunicorn("config.wsgi:application", config.port, env)

    def headers(self, page):
        return ()

    def url(self, config, page):
        return f"http://127.0.0.1:{config.port}{page['path']}"


class ConditionalMode(DjangoMode):
    def headers(self, page):
        validators = page.get("validators", {})
        if "ETag" in validators:
            return (f"If-None-Match: {validators['ETag']}",)
        if "Last-Modified" in validators:
            return (f"If-Modified-Since: {validators['Last-Modified']}",)
        return None

    def unavailable(self):
        return None


class CachedMode(DjangoMode):
    def unavailable(self):
        if "httpcache" not in settings.INSTALLED_APPS:
            return "no page cache in this version (httpcache app)"
        return None


class MinimalWsgiMode(Mode):
    def server(self, config, env):
        return servers.gunicorn(
            "bench.minimal_wsgi:application",
            config.port + 1,
            {**env, "BENCH_PAGES_DIR": str(config.work / "pages")},
            ready_path="/front",
        )

    def headers(self, page):
        return ()

    def url(self, config, page):
        return f"http://127.0.0.1:{config.port + 1}/{page['name']}"


class NginxFilesMode(MinimalWsgiMode):
    def server(self, config, env):
        return servers.static_files(config.work / "pages", config.port + 2, ready_path="/front")

    def url(self, config, page):
        return f"http://127.0.0.1:{config.port + 2}/{page['name']}"


class NginxMicrocacheMode(DjangoMode):
    def unavailable(self):
        return "no shipped nginx configuration in this version (deploy/)"


UNCACHED = DjangoMode("uncached", "Django, no page cache, no conditional headers")
MODES = (
    UNCACHED,
    CachedMode("cached", "Django with the page cache, anonymous reader"),
    ConditionalMode("conditional", "conditional GET answered 304 Not Modified"),
    NginxMicrocacheMode("nginx_microcache", "the shipped nginx config with its micro-cache"),
    MinimalWsgiMode("minimal_wsgi", "minimal WSGI app, same body, same gunicorn", baseline=True),
    NginxFilesMode("nginx_files", "nginx serving saved copies as files", baseline=True),
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


def _run_mode(mode, config, env, pages, say):
    reason = mode.unavailable()
    if reason:
        return {name: {"n/a": reason} for name in pages}, None
    runnable = {name: page for name, page in pages.items() if "n/a" not in page}
    results = {name: {"n/a": page["n/a"]} for name, page in pages.items() if "n/a" in page}
    rss = None
    with mode.server(config, env) as process:
        for name, page in runnable.items():
            headers = mode.headers(page)
            if headers is None:
                results[name] = {"n/a": "the page sends no ETag or Last-Modified"}
                continue
            url = mode.url(config, page)
            wrk.run(url, 1, config.connections, headers=headers)  # warm-up
            results[name] = wrk.run(url, config.duration, config.connections, headers=headers)
            results[name] = results[name].as_dict()
            say(f"  {mode.name:17} {name:9} {results[name]['requests_per_second']:>9.1f} req/s")
        rss = servers.worker_rss_mb(process.pid)
    return results, rss


def measure_size(config, site, all_modes=True, say=print):
    pages = measure_pages(site, config.work / "pages")
    env = dict(os.environ)
    measured = {"published": site.published, "pages": pages, "modes": {}, "worker_rss_mb": {}}
    for mode in MODES if all_modes else (UNCACHED,):
        results, rss = _run_mode(mode, config, env, pages, say)
        measured["modes"][mode.name] = results
        if rss:
            measured["worker_rss_mb"][mode.name] = [round(size, 1) for size in rss]
    return measured
