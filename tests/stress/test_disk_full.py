"""The media folder's disk is full: an upload is a form error, and nothing is half-saved."""

import contextlib
import io
import os
import subprocess

import pytest
from PIL import Image

from .conftest import StressSite

pytestmark = pytest.mark.stress


def noisy_jpeg(width, height):
    """A picture that does not compress: random pixels."""
    pixels = os.urandom(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@contextlib.contextmanager
def site_with_media_on_a_tmpfs(folder, size, postgresql, redis):
    media = folder / "media"
    media.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(media)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a small tmpfs as the media folder: {mounted.stderr.strip()}"
        if os.environ.get("HOGSHEAD_REQUIRE_STRESS"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        site = StressSite(folder, postgresql, redis, media_root=media)
        yield site
        site.stop()
    finally:
        subprocess.run(["umount", str(media)], check=False)


@pytest.fixture(scope="module")
def site_on_a_small_disk(stress_folder, private_postgresql, private_redis):
    with site_with_media_on_a_tmpfs(
        stress_folder / "disk_full", "1m", private_postgresql, private_redis
    ) as site:
        yield site


@pytest.fixture(scope="module")
def site_on_a_3mb_disk(stress_folder, private_postgresql, private_redis):
    with site_with_media_on_a_tmpfs(
        stress_folder / "disk_full_3mb", "3m", private_postgresql, private_redis
    ) as site:
        yield site


def stored_files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def post_state(site, slug):
    """(id, last change, number of attachments) of a post, read from the database."""
    return site.python(
        "from blog.models import Post\n"
        f"post = Post.objects.get(slug={slug!r})\n"
        "print(post.pk, post.updated_at.isoformat(), post.attachments.count())"
    ).split()


def upload_with_a_new_text(site, slug, name, picture, body):
    """An author attaches `picture` to the post and changes its text, in one save."""
    post_id = post_state(site, slug)[0]
    author = site.browser()
    author.log_in()
    return author.submit(
        f"/admin/blog/post/{post_id}/change/",
        "post_form",
        files={"attachments-0-file": (name, picture, "image/jpeg")},
        body=body,
    )


def test_an_upload_bigger_than_the_free_space_is_a_form_error(site_on_a_small_disk):
    site = site_on_a_small_disk
    media = site.folder / "media"
    picture = noisy_jpeg(1200, 900)
    assert len(picture) > 1024 * 1024  # more than the whole disk
    before, files_before = post_state(site, "seed-post-1"), stored_files(media)

    response = upload_with_a_new_text(
        site, "seed-post-1", "harbour.jpg", picture, "Changed along with the upload."
    )

    assert response.status_code == 200
    assert "disk has no room for “harbour.jpg”" in response.text
    assert post_state(site, "seed-post-1") == before
    assert before[2] == "0"
    assert stored_files(media) == files_before


def test_a_disk_that_fills_up_while_renditions_are_written_keeps_nothing_and_the_text(
    site_on_a_3mb_disk,
):
    site = site_on_a_3mb_disk
    media = site.folder / "media"
    # Random pixels: its renditions take more than the room asked for beforehand (twice
    # the picture), so the check passes and the disk fills up half-way through them.
    picture = noisy_jpeg(1200, 900)
    free = os.statvfs(media).f_bavail * os.statvfs(media).f_frsize
    assert 2 * len(picture) < free < 3 * len(picture)
    before, files_before = post_state(site, "seed-post-2"), stored_files(media)

    response = upload_with_a_new_text(
        site, "seed-post-2", "noise.jpg", picture, "A paragraph the author must not lose."
    )

    assert response.status_code == 200
    assert "disk filled up while storing “noise.jpg”" in response.text
    assert "A paragraph the author must not lose." in response.text  # the form, as typed
    assert post_state(site, "seed-post-2") == before
    assert before[2] == "0"
    assert stored_files(media) == files_before
