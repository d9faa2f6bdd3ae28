"""Project-level guarantees: migrations match the models, the local set-up works twice."""

import pytest
from django.core.management import call_command

from accounts.models import User
from blog.models import Attachment, Post


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_setup_local_creates_admin_and_demo_content_once(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path

    call_command("setup_local")
    first = capsys.readouterr().out
    call_command("setup_local")
    second = capsys.readouterr().out

    password = (tmp_path / "admin-password").read_text().strip()
    assert f"user admin, password {password}" in first
    assert f"user admin, password {password}" in second
    assert User.objects.get(username="admin").check_password(password)
    assert Post.objects.published().count() >= 25
    assert Post.objects.count() == Post.objects.published().count() + 2
    assert Attachment.objects.filter(kind=Attachment.Kind.IMAGE).exists()
    assert "demo content not loaded" in second


@pytest.mark.django_db
def test_demo_content_fills_three_pages_with_code_and_pictures(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("setup_local", stdout=None)

    front = client.get("/")

    assert "Page 1 / 3" in front.text
    assert 'class="highlight"' in front.text
    assert client.get("/page/3/").status_code == 200
    picture = Attachment.objects.filter(kind=Attachment.Kind.IMAGE).first()
    assert picture.renditions
    rendition = picture.reference().renditions[0].url
    assert rendition in client.get(picture.post.get_absolute_url()).text
    gallery_post = Post.objects.get(body__contains="```gallery")
    assert client.get(gallery_post.get_absolute_url()).text.count('class="gallery-link"') == 4
