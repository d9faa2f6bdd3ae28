"""Production settings come from the environment, fail loudly, and pass `check --deploy`."""

import pytest

from tests.support.servers import manage, production_env, settings_of


def test_check_deploy_reports_no_warnings(tmp_path):
    env = production_env(tmp_path, ALLOWED_HOSTS="blog.example.org")

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("secret_key", [None, "", "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    env = production_env(tmp_path, SECRET_KEY=secret_key)

    result = manage("check", env=env, check=False)

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random string of at least 50 characters" in result.stderr


def test_settings_are_read_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        ALLOWED_HOSTS="blog.example.org, www.example.org",
        CSRF_TRUSTED_ORIGINS="https://blog.example.org",
        DATABASE_URL="postgres://blog:secret@db.internal:5433/blog",
        REDIS_URL="redis://cache.internal:6379/2",
        ADMINS="Ada Lovelace <ada@example.org>, ops@example.org",
        HOGSHEAD_MAX_UPLOAD_MB="8",
        MEDIA_ROOT="/srv/hogshead/media",
        STATIC_ROOT="/srv/hogshead/static",
    )

    settings = settings_of(
        env,
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASES",
        "CACHES",
        "ADMINS",
        "HOGSHEAD",
        "MEDIA_ROOT",
        "STATIC_ROOT",
    )

    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["blog.example.org", "www.example.org"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://blog.example.org"]
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "blog")
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"] == "ops.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert settings["ADMINS"] == [["Ada Lovelace", "ada@example.org"], ["", "ops@example.org"]]
    assert settings["HOGSHEAD"]["MAX_UPLOAD_BYTES"] == 8 * 1024 * 1024
    assert (settings["MEDIA_ROOT"], settings["STATIC_ROOT"]) == (
        "/srv/hogshead/media",
        "/srv/hogshead/static",
    )


def test_without_redis_the_cache_is_local_memory_and_the_database_sqlite(tmp_path):
    settings = settings_of(production_env(tmp_path, REDIS_URL=None), "CACHES", "DATABASES")

    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_debug_is_off_unless_switched_on(tmp_path):
    assert settings_of(production_env(tmp_path), "DEBUG") == {"DEBUG": False}
    assert settings_of(production_env(tmp_path, DEBUG="1"), "DEBUG") == {"DEBUG": True}


def test_a_malformed_number_stops_start_up_with_its_name(tmp_path):
    result = manage(
        "check", env=production_env(tmp_path, HOGSHEAD_MAX_UPLOAD_MB="20MB"), check=False
    )

    assert result.returncode != 0
    assert "HOGSHEAD_MAX_UPLOAD_MB must be a whole number, not '20MB'" in result.stderr


def test_https_only_settings_in_production(tmp_path):
    settings = settings_of(
        production_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    )

    assert settings == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


@pytest.mark.parametrize(("timeout", "expected"), [(None, 5), ("2", 2)])
def test_postgresql_connections_give_up_after_a_few_seconds(tmp_path, timeout, expected):
    env = production_env(
        tmp_path,
        DATABASE_URL="postgres://hogshead@db.example.org/hogshead",
        DATABASE_CONNECT_TIMEOUT=timeout,
    )

    database = settings_of(env, "DATABASES")["DATABASES"]["default"]

    assert database["OPTIONS"]["connect_timeout"] == expected
    assert database["CONN_HEALTH_CHECKS"] is True
