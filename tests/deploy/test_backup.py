"""deploy/backup.sh and deploy/restore.sh, run for real against PostgreSQL: back up, wipe,
restore, and every post, tag, attachment and redirect is back, byte for byte."""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from blog.models import Attachment, FormerURL, Post, Tag
from tests.support.factories import AttachmentFactory, PostFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are pg_dump; runs in the PostgreSQL pass"
    ),
]


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def run(script, directory):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.run(
        [ROOT / "deploy" / script, directory],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )


def snapshot():
    return {
        "posts": sorted(
            Post.objects.values_list(
                "slug", "title", "status", "published_at", "body_html", "author__username"
            )
        ),
        "tags": sorted(Tag.objects.values_list("name", "slug")),
        "tagging": sorted(
            Post.tags.through.objects.values_list("content_object__slug", "tag__name")
        ),
        "attachments": sorted(
            (
                a.post.slug,
                a.file.name,
                a.caption,
                hashlib.sha256(Path(a.file.path).read_bytes()).hexdigest(),
            )
            for a in Attachment.objects.select_related("post")
        ),
        "former_urls": sorted(FormerURL.objects.values_list("path", "post__slug")),
    }


def test_backup_then_restore_brings_everything_back(tmp_path):
    post = PostFactory(title="Springbank 2007", tags=["Whisky", "photos"])
    AttachmentFactory(post=post, caption="The cask")
    AttachmentFactory(
        post=PostFactory(tags=["criu"], status=Post.Status.DRAFT), caption="Draft picture"
    )
    FormerURL.objects.create(path="/posts/2007-Jun-02-springbank.html", post=post)
    FormerURL.objects.create(path="/deleted.html")
    before = snapshot()
    assert len(before["attachments"]) == 2

    output = run("backup.sh", tmp_path / "backup").stdout
    # Each picture is its upload and its renditions.
    media_files = sum(len(a.file_names()) for a in Attachment.objects.all())
    assert f"{media_files} media files" in output

    Post.objects.all().delete()
    Tag.objects.all().delete()
    FormerURL.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert snapshot() != before

    run("restore.sh", tmp_path / "backup")
    assert snapshot() == before


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    PostFactory(title="Kept")
    AttachmentFactory(caption="Kept picture")
    run("backup.sh", tmp_path / "backup")
    PostFactory(title="Written after the backup")
    before = snapshot()
    with (tmp_path / "backup" / "media.tar.gz").open("ab") as archive:
        archive.write(b"bit rot")

    with pytest.raises(subprocess.CalledProcessError) as failure:
        run("restore.sh", tmp_path / "backup")
    assert "FAILED" in failure.value.stdout + failure.value.stderr
    assert snapshot() == before
