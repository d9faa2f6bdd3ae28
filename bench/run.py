"""`python -m bench`: load each corpus size, start the servers, measure, write the report.

Settings come from the environment (all optional):
BENCH_SIZES ("1000 10000 100000"), BENCH_DURATION (seconds per wrk run, 10),
BENCH_CONNECTIONS (4), BENCH_PORT (first of six ports, 8400), BENCH_DATABASE_URL
(dropped and re-created for every size), BENCH_REDIS_URL, BENCH_RESULTS (bench/results).
"""

import datetime
import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent


class Config:
    def __init__(self, environ=os.environ):
        self.sizes = [int(size) for size in environ.get("BENCH_SIZES", "1000 10000 100000").split()]
        self.duration = int(environ.get("BENCH_DURATION", "10"))
        self.connections = int(environ.get("BENCH_CONNECTIONS", "4"))
        self.port = int(environ.get("BENCH_PORT", "8400"))
        self.database_url = environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hs_bench_corpus"
        )
        self.redis_url = environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
        self.results = Path(environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
        self.work = Path(tempfile.mkdtemp(prefix="hogshead-bench-"))
        # nginx's workers (nobody) read the saved pages from here.
        self.work.chmod(0o755)

    def as_dict(self):
        return {
            "sizes": self.sizes,
            "duration": self.duration,
            "connections": self.connections,
            "workers": 2,
        }


def server_environment(config):
    """The environment of a production deployment on this machine, plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "STATIC_ROOT": str(config.work / "static"),
        "MEDIA_ROOT": str(config.work / "media"),
        "LOG_LEVEL": "WARNING",
        # The shipped gunicorn configuration, with a fixed number of workers, and without
        # recycling them every 1,000 requests, which would restart them mid-run.
        "GUNICORN_WORKERS": "2",
        "GUNICORN_MAX_REQUESTS": "0",
        # In-process figures are the uncached mode's (bench.modes.Uncached).
        "PAGE_CACHE_SECONDS": "0",
    }


def recreate_database(url):
    from dj_database_url import parse

    settings = parse(url)
    name = settings["NAME"]
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def say(message):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def write_results(config, results):
    from . import report

    config.results.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.date.today():%Y-%m-%d}-{config.sizes[-1]}"
    (config.results / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n")
    markdown = report.render(results)
    (config.results / f"{stem}.md").write_text(markdown)
    say(f"written to {config.results / stem}.md")
    return markdown


def main():
    config = Config()
    os.environ.update(server_environment(config))
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from . import load, machine, modes, pages

    # Created before anything asks the database a question (its version, below): on a new
    # machine it does not exist yet.
    recreate_database(config.database_url)
    results = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.describe(),
        "config": config.as_dict(),
        "sizes": {},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    for size in config.sizes:
        connection.close()
        recreate_database(config.database_url)
        call_command("migrate", "--no-input", verbosity=0)
        say(f"loading {size:,} posts")
        timings = {}
        load.load(
            size,
            progress=lambda done, total: done % 20000 == 0 and say(f"  {done:,}"),
            timings=timings,
        )
        say(f"inserted in {timings['insert_seconds']}s, indexed in {timings['index_seconds']}s")
        full = size == config.sizes[-1]
        results["sizes"][str(size)] = modes.measure_size(
            config, pages.Site(), all_modes=full, say=say
        ) | {"load": timings}
        # After every size, so a run stopped early keeps what it measured.
        markdown = write_results(config, results)
    print(markdown)
    shutil.rmtree(config.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
