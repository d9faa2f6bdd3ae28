"""Cleaning up: deleted attachments and posts take their files and renditions with them
(once the deletion commits), and `cleanup_media` finds files nobody refers to."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from tests.support.factories import AttachmentFactory, PostFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def media_folders():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())


def test_deleting_an_attachment_removes_its_file_and_renditions(
    django_capture_on_commit_callbacks,
):
    kept = AttachmentFactory(file__filename="kept.jpg")
    gone = AttachmentFactory(post=kept.post, file__filename="gone.jpg")
    assert len(media_files()) == 6  # two uploads, two renditions each

    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()

    assert media_files() == sorted(kept.file_names())
    assert f"posts/{kept.post_id}/renditions/gone.jpg" not in media_folders()


def test_deleting_a_post_removes_every_file_of_it(django_capture_on_commit_callbacks):
    other = AttachmentFactory(file__filename="other.jpg")
    post = PostFactory()
    AttachmentFactory(post=post, file__filename="a.jpg")
    AttachmentFactory(post=post, file__filename="b.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()

    assert media_files() == sorted(other.file_names())
    assert not [folder for folder in media_folders() if folder.startswith(f"posts/{post.pk}")]


def test_a_rolled_back_deletion_keeps_the_files(django_capture_on_commit_callbacks):
    attachment = AttachmentFactory()
    before = media_files()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        attachment.delete()
        raise RuntimeError("the rest of the request failed")

    assert callbacks == []
    assert media_files() == before


def test_replacing_an_attachments_file_removes_the_old_one(django_capture_on_commit_callbacks):
    attachment = AttachmentFactory(file__filename="old.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = ContentFile(jpeg_bytes(), name="new.jpg")
        attachment.save()

    assert media_files() == sorted(attachment.file_names())
    assert "new.jpg" in attachment.file.name


def make_orphans():
    root = Path(settings.MEDIA_ROOT)
    orphans = ["posts/999/left-over.jpg", "posts/999/renditions/left-over.jpg/480.webp", "x.txt"]
    for name in orphans:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"orphan")
        hour_ago = time.time() - 3700
        os.utime(root / name, (hour_ago, hour_ago))
    return sorted(orphans)


def test_cleanup_media_lists_orphans_and_deletes_nothing_by_default():
    attachment = AttachmentFactory()
    orphans = make_orphans()
    out = StringIO()

    call_command("cleanup_media", stdout=out)

    assert out.getvalue().splitlines()[:3] == orphans
    assert "3 orphan file(s), 18\xa0bytes. Dry run: nothing deleted" in out.getvalue()
    assert media_files() == sorted([*attachment.file_names(), *orphans])


def test_cleanup_media_delete_removes_only_orphans():
    attachment = AttachmentFactory()
    make_orphans()

    call_command("cleanup_media", "--delete", stdout=StringIO())

    assert media_files() == sorted(attachment.file_names())
    assert "posts/999" not in media_folders()


def test_cleanup_media_leaves_files_young_enough_to_be_an_upload_in_progress():
    root = Path(settings.MEDIA_ROOT)
    (root / "posts/5").mkdir(parents=True)
    (root / "posts/5/uploading.jpg").write_bytes(b"just written")
    out = StringIO()

    call_command("cleanup_media", "--delete", stdout=out)

    assert (root / "posts/5/uploading.jpg").exists()
    assert "Deleted 0 orphan file(s)" in out.getvalue()


def test_cleanup_media_with_no_media_folder_yet():
    out = StringIO()

    call_command("cleanup_media", stdout=out)

    assert out.getvalue() == "No orphan files.\n"


def test_replacing_a_file_with_one_of_the_same_name_keeps_the_name(
    django_capture_on_commit_callbacks,
):
    post = PostFactory(body="![Cask](cask.jpg)")
    attachment = AttachmentFactory(post=post, file__filename="cask.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = ContentFile(jpeg_bytes(width=80, height=40), name="cask.jpg")
        attachment.save()

    post.refresh_from_db()
    assert attachment.filename == "cask.jpg"
    assert (attachment.width, attachment.height) == (80, 40)
    assert media_files() == sorted(attachment.file_names())
    assert 'width="80"' in post.body_html
