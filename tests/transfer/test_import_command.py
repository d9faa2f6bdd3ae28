"""What every import command shares (blog/transfer/import_command.py, summary.py, writer.py):
a failed item leaves nothing behind, the summary counts warnings by kind, `--report FILE`."""

import json

import pytest

from blog.models import FormerURL, Post, Tag
from blog.transfer.summary import Summary
from tests.support.factories import jpeg_bytes
from tests.transfer.test_pelican import article, run, run_failing, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def test_a_failed_article_leaves_no_tag_and_no_old_tag_page_behind(content):
    write(content, "good.md", article("Good", Tags="Kept"))
    write(content, "bad.md", article("Bad", Tags="Lonely", body="![P]({static}/images/p.jpg)"))

    run_failing(content)

    assert list(Tag.objects.values_list("name", flat=True)) == ["Kept"]
    assert not FormerURL.objects.filter(path__contains="lonely").exists()
    assert FormerURL.objects.filter(path="/tag/kept.html").exists()


def test_the_fixed_article_is_imported_by_the_next_run(content, client):
    write(content, "bad.md", article("Bad", Tags="Lonely", body="![P]({static}/images/p.jpg)"))
    run_failing(content)

    write(content, "images/p.jpg", jpeg_bytes())
    out, _ = run(content)

    assert "1 created" in out
    assert Post.objects.get().tags.get().name == "Lonely"
    response = client.get("/tag/lonely.html")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_report_file_has_counts_failures_and_warnings_by_kind(content, tmp_path):
    write(content, "good.md", article("Good"))
    write(content, "cafe.md", article("Café"), encoding="cp1252")
    write(content, "bad.md", article("Bad", body="![P]({static}/images/gone.jpg)"))
    report_file = tmp_path / "report.json"

    out, _, _ = run_failing(content, "--report", report_file)

    report = json.loads(report_file.read_text())
    assert report["posts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 1}
    assert report["failures"] == [{"origin": "bad.md", "reason": "missing file: gone.jpg "
                                   f"({content / 'images' / 'gone.jpg'})"}]  # fmt: skip
    warnings = [item for items in report["warnings"].values() for item in items]
    assert [item["origin"] for item in warnings] == ["cafe.md"]
    assert "not UTF-8" in warnings[0]["message"]
    assert f"Report written to {report_file}." in out
    assert "Warnings: 1 " in out


def test_a_dry_run_report_says_so_and_nothing_is_written(content, tmp_path):
    write(content, "good.md", article("Good", Tags="T"))
    report_file = tmp_path / "report.json"

    run(content, "--dry-run", "--report", report_file)

    report = json.loads(report_file.read_text())
    assert report["dry_run"] is True
    assert report["posts"]["created"] == 1
    assert not Post.objects.exists()
    assert not Tag.objects.exists()


def test_a_report_that_cannot_be_written_is_a_clear_error(content, tmp_path):
    write(content, "good.md", article("Good"))

    _, _, message = run_failing(content, "--report", tmp_path / "no-such-folder" / "r.json")

    assert message.startswith(f"Could not write the report to {tmp_path / 'no-such-folder'}")
    assert Post.objects.get().slug == "good"


def test_warnings_are_grouped_by_the_kind_in_brackets():
    summary = Summary()
    summary.warn("post 1", "[remote-media] 2 pictures still on the old site")
    summary.warn("post 2", "[remote-media] 1 picture still on the old site")
    summary.warn("a.md", "read as cp1252")

    assert summary.warnings_by_kind() == {
        "other": [{"origin": "a.md", "message": "read as cp1252"}],
        "remote-media": [
            {"origin": "post 1", "message": "2 pictures still on the old site"},
            {"origin": "post 2", "message": "1 picture still on the old site"},
        ],
    }
    assert list(summary.lines())[-1] == "Warnings: 1 other, 2 remote-media."
