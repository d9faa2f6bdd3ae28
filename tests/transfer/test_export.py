import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from blog.models import Attachment, FormerURL, Post, Tag
from tests.support.factories import PostFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

BODY = """Intro with a note.[^1]

![A photo](photo.jpg "A caption")

```gallery
![One](photo.jpg)
![Two](second.jpg)
```

```python
print("hello")
```

<!-- more -->

Get [the patch](fix.patch).\r\n
[^1]: The note."""


def attach(post, name, data, caption=""):
    Attachment.objects.create(post=post, file=ContentFile(data, name=name), caption=caption)


@pytest.fixture
def blog():
    ada = UserFactory(username="ada.l", display_name="Ada", email="ada@example.com")
    now = timezone.now()
    rich = PostFactory(
        slug="rich", title="Rich: a post", body=BODY, author=ada, tags=["Python", "CentOS"]
    )
    attach(rich, "photo.jpg", jpeg_bytes(), caption="A photo")
    attach(rich, "second.jpg", jpeg_bytes(colour=(1, 2, 3)))
    attach(rich, "fix.patch", b"--- a\n+++ b\n")
    rich.slug = "rich-renamed"
    rich.save()  # leaves /…/rich/ behind as a former URL
    rich.revised_at = now
    rich.save()
    PostFactory(slug="draft", status=Post.Status.DRAFT, excerpt="Own excerpt.", author=ada)
    PostFactory(slug="soon", published_at=now + timedelta(days=3), tags=["later"])
    PostFactory(slug="gone").delete()
    FormerURL.objects.create(path="/tag/python/", target="tag", tag=Tag.objects.get(name="Python"))
    FormerURL.objects.create(path="/feed/", target="feed")


def snapshot():
    """Everything a reader or author would notice, with post ids taken out of media URLs."""
    posts = {}
    for post in Post.objects.prefetch_related("tags", "attachments", "former_urls"):
        unid = lambda html, pk=post.pk: html.replace(f"/media/posts/{pk}/", "/media/posts/ID/")  # noqa: E731
        posts[post.slug] = {
            "title": post.title,
            "body": post.body,
            "body_html": unid(post.body_html),
            "excerpt_html": unid(post.excerpt_html),
            "status": post.status,
            "published_at": post.published_at,
            "revised_at": post.revised_at,
            "created_at": post.created_at,
            "author": (post.author.username, post.author.display_name, post.author.email),
            "tags": sorted(tag.name for tag in post.tags.all()),
            "former_urls": sorted(former.path for former in post.former_urls.all()),
            "files": [
                (a.filename, a.caption, a.kind, hashlib.sha256(a.file.read()).hexdigest())
                for a in post.attachments.all()
            ],
        }
    others = sorted(
        (f.path, f.target, f.tag.name if f.tag else "")
        for f in FormerURL.objects.filter(post__isnull=True)
    )
    return posts, others


def empty_the_site():
    FormerURL.objects.all().delete()
    Post.objects.all().delete()
    FormerURL.objects.all().delete()
    Tag.objects.all().delete()
    User.objects.all().delete()


def test_export_then_import_into_an_empty_site_is_identical(blog, tmp_path):
    before = snapshot()
    assert "/media/posts/ID/" in before[0]["rich-renamed"]["body_html"]
    call_command("export_blog", str(tmp_path / "out"), stdout=StringIO())
    empty_the_site()
    assert not Post.objects.exists() and not Attachment.objects.exists()

    call_command("import_blog", str(tmp_path / "out"), "--no-progress", stdout=StringIO())

    after = snapshot()
    assert after[0].keys() == before[0].keys()
    for slug, fields in before[0].items():
        assert after[0][slug] == fields, slug
    assert after[1] == before[1]


def test_export_writes_markdown_with_front_matter_and_files(blog, tmp_path):
    call_command("export_blog", str(tmp_path / "out"), stdout=StringIO())

    folder = tmp_path / "out" / "posts" / "rich-renamed"
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 'Rich: a post'\nslug: rich-renamed\n")
    assert re.search(r"former_urls:\n- /\d{4}/\d\d/\d\d/rich/\n", text)
    assert text.endswith("[^1]: The note.")
    assert sorted(p.name for p in folder.iterdir()) == [
        "fix.patch", "index.md", "photo.jpg", "second.jpg"
    ]  # fmt: skip


def test_import_of_the_export_into_the_same_site_changes_nothing(blog, tmp_path):
    before = snapshot()
    call_command("export_blog", str(tmp_path / "out"), stdout=StringIO())
    out = StringIO()

    call_command("import_blog", str(tmp_path / "out"), "--no-progress", stdout=out)

    assert "0 created, 0 updated, 3 skipped" in out.getvalue()
    assert snapshot() == before


def test_export_refuses_a_folder_with_files_in_it(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")

    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export_blog", str(tmp_path))


def test_a_broken_export_file_is_reported_and_the_rest_imports(blog, tmp_path):
    call_command("export_blog", str(tmp_path / "out"), stdout=StringIO())
    empty_the_site()
    (tmp_path / "out/posts/draft/index.md").write_text("---\ntitle: [unclosed\n---\nBody")
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_blog", str(tmp_path / "out"), "--no-progress", stdout=StringIO(), stderr=err
        )

    assert "posts/draft/index.md:" in err.getvalue()
    assert sorted(Post.objects.values_list("slug", flat=True)) == ["rich-renamed", "soon"]


def test_an_export_naming_a_file_outside_its_folder_is_refused(tmp_path):
    folder = tmp_path / "out" / "posts" / "evil"
    folder.mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("private")
    (folder / "index.md").write_text(
        "---\ntitle: Evil\nslug: evil\nstatus: draft\npublished: '2019-06-02T10:00:00+00:00'\n"
        "attachments:\n- file: ../../../secret.txt\n---\nBody\n"
    )
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_blog", str(tmp_path / "out"), "--no-progress", stderr=err)

    assert "is not a file name in the post's folder" in err.getvalue()
    assert not Post.objects.exists()
