"""Health check, logs, error e-mail and waiting for the database: what operators rely on."""

import json

import pytest
from django.core import mail
from django.core.management import call_command

from tests.support.servers import PYTHON, production_env, python, run

pytestmark = pytest.mark.django_db


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_answers_any_host_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["blog.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", headers={"Host": "10.1.2.3:8000"})

    assert response.status_code == 200


def test_health_check_is_503_without_the_cache(client, cache_unreachable):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert b"8399" not in response.content


def test_health_check_is_503_without_the_database(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://hogshead:s3cret@127.0.0.1:8398/blog")
    code = (
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code, response.content.decode())"
    )

    status, body = python(code, env).strip().splitlines()[-1].split(" ", 1)

    assert status == "503"
    assert json.loads(body) == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert "s3cret" not in body


def test_logs_are_json_lines_on_standard_output(tmp_path):
    code = (
        "import logging\n"
        "logging.getLogger('blog').warning('Post %s saved', 'hogshead', extra={'post_id': 7})"
    )

    output = python(code, production_env(tmp_path))

    record = json.loads(output.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "blog"
    assert record["message"] == "Post hogshead saved"
    assert record["post_id"] == 7
    assert "time" in record


@pytest.fixture
def failing_site(client, settings):
    settings.ROOT_URLCONF = "tests.support.urls_failing"
    client.raise_request_exception = False
    return client


def test_a_lost_database_is_a_short_503_to_retry_not_a_server_error(failing_site, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]

    response = failing_site.get("/database-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert response.text == "The site is briefly unavailable. Please try again in a few seconds.\n"
    assert mail.outbox == []  # an outage is in the logs, not a mail per request


def test_server_errors_are_emailed_to_the_admins(failing_site, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]

    response = failing_site.get("/boom/")

    assert response.status_code == 500
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.org"]
    assert "Internal Server Error: /boom/" in mail.outbox[0].subject
    assert "Something broke" in mail.outbox[0].body


def test_without_admins_no_mail_is_sent(failing_site, settings):
    settings.ADMINS = []

    assert failing_site.get("/boom/").status_code == 500
    assert mail.outbox == []


def test_wait_for_db_returns_once_the_database_answers(capsys):
    call_command("wait_for_db", "--timeout", "5")

    assert "The database is up." in capsys.readouterr().out


def test_wait_for_db_gives_up_with_a_clear_message(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:8398/blog")

    result = run(
        [PYTHON, "manage.py", "wait_for_db", "--timeout", "1", "--interval", "0.2"],
        env,
        check=False,
    )

    assert result.returncode == 1
    assert "The database did not answer within 1 seconds" in result.stderr
    assert "Waiting for the database" in result.stderr
