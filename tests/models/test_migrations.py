"""A site made by the code before the blog was split into packages upgrades with `migrate`
and keeps every row: the split changed no table, and the migrations since (pages, post
visibility) only add columns, every existing row staying a public post as it was.

The old code is taken from this repository's own history (`git archive`), run for real in
a process of its own (migrate, demo content, an old address), then today's code migrates
the same SQLite file and reads every row back.
"""

import os
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The last commit of main with the flat blog/ (before blog/models/, blog/reading/, …).
PREVIOUS_MAIN = "dd0a1616229c403decd211f2b5acffa021e1b118"
TABLES = [
    "blog_post",
    "blog_tag",
    "blog_taggedpost",
    "blog_attachment",
    "blog_formerurl",
    "accounts_user",
]


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False)


@pytest.fixture
def previous_main(tmp_path):
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: the previous code cannot be taken from history")
    if _git("cat-file", "-e", f"{PREVIOUS_MAIN}^{{commit}}").returncode != 0:
        pytest.skip(f"commit {PREVIOUS_MAIN} is not in this (shallow?) clone's history")
    archive = _git("archive", "--format=tar", PREVIOUS_MAIN)
    assert archive.returncode == 0, archive.stderr.decode()
    folder = tmp_path / "previous"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _manage(code, var, *args, script=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "HOGSHEAD_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "PYTHONPATH": str(code),
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-c", script] if script else [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=code, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _row_counts(database):
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in TABLES
        }


def test_a_site_made_by_the_previous_main_migrates_and_keeps_every_row(previous_main, tmp_path):
    var = tmp_path / "var"
    _manage(previous_main, var, "migrate", "--no-input")
    _manage(previous_main, var, "setup_local")
    # A renamed published post leaves a former URL behind, as on a site in use.
    _manage(
        previous_main,
        var,
        script=(
            "import django; django.setup()\n"
            "from blog.models import Post\n"
            "post = Post.objects.published().first()\n"
            "post.slug = post.slug + '-renamed'\n"
            "post.save()\n"
        ),
    )
    before = _row_counts(var / "db.sqlite3")
    assert all(before.values()), before

    plan = _manage(ROOT, var, "migrate", "--no-input", "--plan")
    _manage(ROOT, var, "migrate", "--no-input")
    # Today's code reads every row, renders a post's page and follows the old address.
    checked = _manage(
        ROOT,
        var,
        script=(
            "import django; django.setup()\n"
            "from django.test import Client\n"
            "from blog.models import Attachment, FormerURL, Post, Tag\n"
            "posts = list(Post.objects.all())\n"
            "assert all(post.body_html for post in posts if post.body)\n"
            "assert {post.kind for post in posts} == {'post'}\n"
            "assert not any(post.password or post.pinned for post in posts)\n"
            "assert all(a.file_names() for a in Attachment.objects.all())\n"
            "former = FormerURL.objects.get()\n"
            'client = Client(HTTP_HOST="localhost")\n'
            "response = client.get(former.path)\n"
            "assert response.status_code == 301, response.status_code\n"
            "assert client.get(response['Location']).status_code == 200\n"
            "print(len(posts), Tag.objects.count())\n"
        ),
    )

    planned = [line for line in plan.splitlines() if line.startswith("blog.")]
    assert planned == ["blog.0009_post_kinds_visibility_pages"]
    assert _row_counts(var / "db.sqlite3") == before
    assert checked.split() == [str(before["blog_post"]), str(before["blog_tag"])]
