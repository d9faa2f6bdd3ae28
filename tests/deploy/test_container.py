"""The container set-up without Docker: the entrypoint run for real, the files' structure."""

import configparser
import os
import re
import runpy
import sqlite3
import subprocess

import pytest
import yaml

from tests.support.servers import BASE_DIR, PYTHON, fresh_database_url, production_env

ENTRYPOINT = BASE_DIR / "deploy" / "entrypoint.sh"


def run_entrypoint(env, *command):
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *command],
        cwd="/",  # The script finds the project from its own location.
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_entrypoint_migrates_collects_static_and_becomes_the_command(tmp_path):
    env = production_env(tmp_path, DATABASE_URL=fresh_database_url(tmp_path, "entrypoint"))
    command = [PYTHON, "-c", "import os; print('serving as', os.getpid(), os.getppid())"]

    result = subprocess.Popen(
        ["sh", str(ENTRYPOINT), *command],
        cwd="/",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = result.communicate(timeout=180)

    assert result.returncode == 0, stderr
    assert "The database is up." in stdout
    # exec: the command replaced the script, keeping its process id (signals reach gunicorn).
    assert f"serving as {result.pid} " in stdout
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "css").glob("hogshead.*.css.gz"))
    migrated = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--check"], cwd=BASE_DIR, env=env, check=False
    )
    assert migrated.returncode == 0


def test_entrypoint_gives_up_when_the_database_never_answers(tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:8398/blog",
        WAIT_FOR_DB_TIMEOUT="1",
    )

    result = run_entrypoint(env, PYTHON, "-c", "print('started')")

    assert result.returncode != 0
    assert "The database did not answer within 1 seconds" in result.stderr
    assert "started" not in result.stdout


def test_extra_app_servers_can_skip_migrations(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{database}", HOGSHEAD_MIGRATE="0")

    result = run_entrypoint(env, PYTHON, "-c", "print('started')")

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
    tables = sqlite3.connect(database).execute("SELECT name FROM sqlite_master").fetchall()
    assert ("blog_post",) not in tables


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_has_the_four_services_with_healthchecks(compose):
    services = compose["services"]

    assert set(services) == {"web", "db", "redis", "nginx"}
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
    assert services["db"]["image"] == "postgres:16"
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert set(compose["volumes"]) >= {"db-data", "static", "media"}


def test_compose_web_waits_for_healthy_database_and_redis(compose):
    web = compose["services"]["web"]

    assert web["build"] == "."
    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    environment = web["environment"]
    assert environment["DATABASE_URL"].endswith("@db:5432/hogshead")
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_compose_nginx_runs_the_shipped_config_and_shares_static_and_media(compose):
    nginx, web = compose["services"]["nginx"], compose["services"]["web"]
    nginx_conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()

    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    assert nginx["network_mode"] == "service:web"
    assert "server 127.0.0.1:8000;" in nginx_conf
    assert web["environment"]["GUNICORN_BIND"] == "127.0.0.1:8000"
    root = re.search(r"root (\S+);", nginx_conf)[1]
    for name in ("static", "media"):
        path = f"{root}/{name}"
        assert f"{name}:{path}" in web["volumes"]
        assert f"{name}:{path}:ro" in nginx["volumes"]
        assert web["environment"][f"{name.upper()}_ROOT"] == path
    assert nginx["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_image_is_multi_stage_and_runs_unprivileged():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.MULTILINE)[1:]

    assert len(stages) == 2
    assert stages[0].startswith("python:3.11-slim AS build")
    final = stages[1]
    assert "COPY --from=build /opt/venv /opt/venv" in final
    assert re.search(r"^USER hogshead$", final, re.MULTILINE)
    assert "RUN " not in final.split("USER hogshead")[1]
    assert "HEALTHCHECK" in final
    assert 'ENTRYPOINT ["deploy/entrypoint.sh"]' in final
    assert 'CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]' in final
    assert ENTRYPOINT.stat().st_mode & 0o111


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(BASE_DIR / "deploy" / "systemd" / name)
    return parser


def test_systemd_unit_starts_gunicorn_through_the_entrypoint_as_an_unprivileged_user():
    service = unit("hogshead.service")["Service"]
    env_example = (BASE_DIR / "deploy" / "hogshead.env.example").read_text()

    assert service["ExecStart"] == (
        "/srv/hogshead/app/deploy/entrypoint.sh gunicorn --config deploy/gunicorn.conf.py"
    )
    assert service["User"] == "hogshead"
    assert service["Type"] == "notify"
    assert service["WorkingDirectory"] == "/srv/hogshead/app"
    assert service["EnvironmentFile"] == "/etc/hogshead/hogshead.env"
    assert service["ProtectSystem"] == "strict"
    writable = service["ReadWritePaths"].split()
    for variable in ("STATIC_ROOT", "MEDIA_ROOT", "HOGSHEAD_VAR_DIR"):
        assert re.search(rf"^{variable}=(\S+)$", env_example, re.MULTILINE)[1] in writable


def test_backup_timer_runs_the_backup_script():
    service = unit("hogshead-backup.service")["Service"]
    timer = unit("hogshead-backup.timer")["Timer"]

    assert "/srv/hogshead/app/deploy/backup.sh /var/backups/hogshead/" in service["ExecStart"]
    assert service["ReadWritePaths"] == "/var/backups/hogshead"
    assert timer["OnCalendar"] == "*-*-* 03:15"


def gunicorn_settings(monkeypatch, **environment):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_DIR / "deploy" / "gunicorn.conf.py"))


def test_gunicorn_defaults_listen_locally_and_believe_no_proxy(monkeypatch):
    config = gunicorn_settings(monkeypatch)

    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert config["timeout"] == 30
    assert config["forwarded_allow_ips"] == ""
    assert config["accesslog"] == "-"
    assert config["wsgi_app"] == "config.wsgi:application"


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    config = gunicorn_settings(
        monkeypatch,
        GUNICORN_BIND="10.0.0.11:8000",
        GUNICORN_WORKERS="3",
        GUNICORN_TIMEOUT="90",
        FORWARDED_ALLOW_IPS="10.0.0.10",
    )

    assert config["bind"] == ["10.0.0.11:8000"]
    assert (config["workers"], config["timeout"]) == (3, 90)
    assert config["forwarded_allow_ips"] == "10.0.0.10"
