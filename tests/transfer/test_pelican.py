import hashlib
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from blog.models import Attachment, FormerURL, Post, Tag
from tests.support.factories import PostFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def write(folder, relative, text, encoding="utf-8"):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding=encoding)
    return path


def article(title, date="2019-06-02 10:20", body="Some text.", **metadata):
    header = {"Title": title, "Date": date, **metadata}
    lines = [f"{key}: {value}" for key, value in header.items() if value is not None]
    return "\n".join(lines) + "\n\n" + body + "\n"


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_pelican", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_pelican", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(failure.value)


def test_article_becomes_a_published_post_with_its_metadata(content):
    write(
        content,
        "hello.md",
        article(
            "Hello, World!",
            Tags="Python, Django",
            Author="Ada Lovelace",
            Summary="A first post.",
            Modified="2019-07-01",
        ),
    )

    out, _ = run(content)

    post = Post.objects.get()
    assert post.title == "Hello, World!"
    assert post.slug == "hello-world"
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at == datetime(2019, 6, 2, 10, 20, tzinfo=UTC)
    assert post.revised_at == datetime(2019, 7, 1, tzinfo=UTC)
    assert post.excerpt == "A first post."
    assert sorted(tag.name for tag in post.tags.all()) == ["Django", "Python"]
    assert post.author.display_name == "Ada Lovelace"
    assert not post.author.has_usable_password()
    assert "Posts: 1 created, 0 updated, 0 skipped (unchanged), 0 failed." in out


def test_slug_header_wins_and_drafts_stay_drafts(content):
    write(content, "a.md", article("Anything", Slug="chosen-slug", Status="draft"))

    run(content)

    post = Post.objects.get()
    assert post.slug == "chosen-slug"
    assert post.status == Post.Status.DRAFT


def test_subfolders_are_read_and_the_folder_is_the_category(content):
    write(content, "whisky/islay.md", article("Islay"))
    write(content, "pages/about.md", article("About"))

    run(content)

    post = Post.objects.get()
    assert [tag.name for tag in post.tags.all()] == ["whisky"]


def test_categories_can_be_kept_out_of_tags(content):
    write(content, "a.md", article("A", Category="Notes", Tags="x"))

    run(content, "--no-categories")

    assert [tag.name for tag in Post.objects.get().tags.all()] == ["x"]


def test_tags_differing_only_in_case_are_one_tag(content):
    Tag.objects.create(name="Python")
    write(content, "a.md", article("A", Tags="python, CentOS"))
    write(content, "b.md", article("B", Tags="PYTHON, centos"))

    run(content)

    assert sorted(Tag.objects.values_list("name", flat=True)) == ["CentOS", "Python"]
    assert Post.objects.filter(tags__name="Python").count() == 2


def test_footnote_and_code_block_render(content, client):
    body = "Text with a note.[^1]\n\n```python\nprint({static}/not/a/link)\n```\n\n[^1]: The note."
    write(content, "a.md", article("A", body=body))

    run(content)

    post = Post.objects.get()
    assert 'class="footnote"' in post.body_html
    assert '<div class="highlight">' in post.body_html
    assert "{static}/not/a/link" in post.body


def test_static_and_attach_pictures_become_attachments(content, client):
    picture = jpeg_bytes()
    write(content, "images/photo one.jpg", picture)
    write(content, "posts/files/notes.pdf", b"%PDF-1.4 notes")
    body = (
        "![A photo]({static}/images/photo%20one.jpg)\n\nRead [the notes]({attach}files/notes.pdf)."
    )
    write(content, "posts/a.md", article("A", body=body))

    run(content)

    post = Post.objects.get()
    names = [attachment.filename for attachment in post.attachments.all()]
    assert names == ["photo-one.jpg", "notes.pdf"]
    stored = post.attachments.get(file__endswith="photo-one.jpg")
    assert hashlib.sha256(stored.file.read()).digest() == hashlib.sha256(picture).digest()
    assert f'src="/media/posts/{post.pk}/' in post.body_html
    assert "photo-one.jpg" in post.body_html
    assert f'href="{post.attachments.get(file__endswith="notes.pdf").file.url}"' in post.body_html
    assert "![A photo](photo-one.jpg)" in post.body
    assert "[the notes](notes.pdf)" in post.body


def test_gallery_in_raw_html_becomes_a_gallery_block(content):
    for name in ("a.jpg", "a-thumb.jpg", "b.jpg", "b-thumb.jpg"):
        write(content, f"images/{name}", jpeg_bytes())
    body = (
        '<div class="gallery">\n'
        '  <a href="{static}/images/a.jpg"><img src="{static}/images/a-thumb.jpg" '
        'alt="First" title="The first"></a>\n'
        '  <a href="{static}/images/b.jpg"><img src="{static}/images/b-thumb.jpg" '
        'alt="Second"></a>\n'
        "</div>"
    )
    write(content, "a.md", article("A", body=body))

    run(content)

    post = Post.objects.get()
    assert post.body.strip() == ('```gallery\n![First](a.jpg "The first")\n![Second](b.jpg)\n```')
    assert sorted(a.filename for a in post.attachments.all()) == ["a.jpg", "b.jpg"]
    assert '<ul class="gallery">' in post.body_html
    assert post.body_html.count("<li>") == 2


def test_raw_html_figure_becomes_a_figure_paragraph(content):
    write(content, "images/d.png", jpeg_bytes())
    body = (
        '<figure><img src="{static}/images/d.png" alt="Dee">'
        "<figcaption>Dee &amp; co</figcaption></figure>"
    )
    write(content, "a.md", article("A", body=body))

    run(content)

    assert Post.objects.get().body.strip() == '![Dee](d.png "Dee & co")'


def test_filename_links_point_at_the_imported_post(content):
    write(content, "first.md", article("First", date="2019-06-02"))
    write(content, "second.md", article("Second", body="See [the first]({filename}first.md)."))

    run(content)

    second = Post.objects.get(slug="second")
    assert "/2019/06/02/first/" in second.body_html


def test_missing_picture_fails_that_post_and_the_rest_imports(content):
    write(content, "good.md", article("Good"))
    write(content, "bad.md", article("Bad", body="![Gone]({static}/images/gone.jpg)"))

    out, err, message = run_failing(content)

    assert list(Post.objects.values_list("slug", flat=True)) == ["good"]
    assert "bad.md: missing file: gone.jpg" in err
    assert "1 failed" in out
    assert "1 failed (listed above); everything else was imported." in message


def test_missing_picture_can_be_allowed(content):
    write(content, "bad.md", article("Bad", body="![Gone]({static}/images/gone.jpg)"))

    _, err = run(content, "--allow-missing-files")

    assert Post.objects.get().body.strip() == "![Gone](gone.jpg)"
    assert "missing file" in err


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Just some text without a header.\n", "no Title in the header"),
        ("Title: No date\n\nBody.\n", "no Date in the header"),
        ("Title: Bad\nDate: yesterday\n\nBody.\n", "Date 'yesterday' is not a date"),
        ("Title: Bad\nDate 2019-06-02\n\nBody.\n", "no Date in the header"),
    ],
)
def test_malformed_header_is_reported_with_path_and_reason(content, text, reason):
    write(content, "good.md", article("Good"))
    write(content, "broken.md", text)

    _, err, _ = run_failing(content)

    assert f"broken.md: {reason}" in err
    assert Post.objects.get().slug == "good"


def test_non_utf8_file_is_read_as_cp1252_and_reported(content):
    write(content, "cafe.md", article("Café", body="Crème brûlée."), encoding="cp1252")

    _, err = run(content)

    post = Post.objects.get()
    assert post.title == "Café"
    assert "Crème brûlée" in post.body_html
    assert "cafe.md: not UTF-8" in err


def test_non_utf8_file_fails_without_a_fallback(content):
    write(content, "cafe.md", article("Café"), encoding="cp1252")

    _, err, _ = run_failing(content, "--fallback-encoding=")

    assert "cafe.md:" in err
    assert not Post.objects.exists()


def test_rerun_skips_unchanged_posts_and_updates_changed_ones(content):
    write(content, "images/p.jpg", jpeg_bytes())
    write(content, "a.md", article("A", Tags="x", body="![P]({static}/images/p.jpg)"))
    write(content, "b.md", article("B"))
    run(content)
    first_ids = set(Post.objects.values_list("pk", flat=True))

    out, _ = run(content)
    assert "0 created, 0 updated, 2 skipped" in out
    assert "Attachments copied: 0. Redirects recorded: 0." in out

    write(content, "b.md", article("B", body="Changed text.", Tags="y"))
    out, _ = run(content)

    assert "0 created, 1 updated, 1 skipped" in out
    assert set(Post.objects.values_list("pk", flat=True)) == first_ids
    assert Attachment.objects.count() == 1
    b = Post.objects.get(slug="b")
    assert "Changed text." in b.body_html
    assert [tag.name for tag in b.tags.all()] == ["y"]


def test_changed_picture_is_replaced_on_rerun(content):
    write(content, "images/p.jpg", jpeg_bytes(colour=(0, 0, 0)))
    write(content, "a.md", article("A", body="![P]({static}/images/p.jpg)"))
    run(content)
    new_picture = jpeg_bytes(colour=(255, 255, 255), width=80)
    write(content, "images/p.jpg", new_picture)

    run(content)

    post = Post.objects.get()
    attachment = post.attachments.get()
    assert attachment.file.read() == new_picture
    assert f"/media/posts/{post.pk}/renditions/{attachment.filename}/" in post.body_html


def test_dry_run_says_what_would_happen_and_changes_nothing(content):
    write(content, "b.md", article("B"))
    run(content)
    write(content, "a.md", article("A"))

    out, _ = run(content, "--dry-run")

    assert "would be created: a.md (a)" in out
    assert "would be skipped (unchanged): b.md (b)" in out
    assert "1 would be created" in out
    assert list(Post.objects.values_list("slug", flat=True)) == ["b"]
    assert FormerURL.objects.filter(post__slug="a").count() == 0
    assert User.objects.count() == 1


def test_existing_post_with_the_slug_is_updated_not_duplicated(content):
    PostFactory(slug="a", title="Old title")
    write(content, "a.md", article("A"))

    run(content)

    assert Post.objects.get().title == "A"


def test_old_article_url_redirects_to_the_post(content, client):
    write(content, "a.md", article("A post", date="2019-06-02"))

    run(content)

    response = client.get("/a-post.html")
    assert response.status_code == 301
    assert response["Location"] == "/2019/06/02/a-post/"


def test_article_url_pattern_is_configurable(content, client):
    write(content, "a.md", article("A post", date="2019-06-02"))

    run(content, "--article-url", "posts/{date:%Y}-{date:%b}-{date:%d}-{slug}.html")

    assert client.get("/posts/2019-Jun-02-a-post.html")["Location"] == "/2019/06/02/a-post/"


def test_old_tag_category_and_feed_pages_redirect(content, client):
    write(content, "a.md", article("A", date="2019-06-02", Tags="Python", Category="Notes"))

    out, _ = run(content)

    assert client.get("/tag/python.html")["Location"] == "/tags/python/"
    assert client.get("/category/notes.html")["Location"] == "/tags/notes/"
    assert client.get("/feeds/all.atom.xml").status_code == 301
    assert client.get("/feeds/notes.atom.xml").status_code == 301
    assert "Redirects recorded: " in out


def test_posts_rendered_in_parallel_are_rendered_as_a_save_would(content, monkeypatch):
    monkeypatch.setattr("blog.transfer.parallel.PARALLEL_RENDER_THRESHOLD", 2)
    for n in range(5):
        write(content, f"p{n}.md", article(f"Post {n}", body=f"Text {n}.[^1]\n\n[^1]: Note {n}."))

    run(content, "--jobs", "2")

    for post in Post.objects.all():
        stored = (post.body_html, post.excerpt_html, post.word_count)
        post.render()
        assert stored == (post.body_html, post.excerpt_html, post.word_count)
        assert post.body_html.count("footnote") >= 1


def test_link_to_an_article_that_is_not_imported_is_left_and_reported(content):
    write(content, "a.md", article("A", body="See [b]({filename}b.md)."))

    _, err = run(content)

    assert "[b]({filename}b.md)" in Post.objects.get().body
    assert "a.md: links to b.md, which is not an imported article" in err
    assert not Attachment.objects.exists()


def test_queries_per_imported_post_do_not_grow_with_the_blog(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count, folder):
        for n in range(count):
            write(folder, f"p{n}.md", article(f"{folder.name} {n}", Tags="Shared, Other"))
        with CaptureQueriesContext(connection) as captured:
            run(folder)
        return len(captured.captured_queries)

    few = queries_for(5, tmp_path / "few")
    many = queries_for(25, tmp_path / "many")  # into a blog that has posts already

    assert Post.objects.count() == 30
    assert (many - few) / 20 <= 6


def test_files_outside_the_content_folder_are_not_copied(content):
    write(content.parent, "secret.txt", "not for the web")
    write(content, "posts/a.md", article("A", body="[s]({static}/../secret.txt)"))

    _, err = run(content)

    assert not Attachment.objects.exists()
    assert "[s]({static}/../secret.txt)" in Post.objects.get().body
    assert "secret.txt is outside" in err


def test_relative_links_between_folders_resolve(content):
    write(content, "notes/first.md", article("First", date="2019-06-02"))
    write(content, "essays/second.md", article("Second", body="[f]({filename}../notes/first.md)"))

    run(content)

    assert "/2019/06/02/first/" in Post.objects.get(slug="second").body_html


def test_unchanged_rerun_queries_do_not_grow_with_the_blog(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rerun_queries(count, folder):
        for n in range(count):
            write(folder, f"p{n}.md", article(f"{folder.name} {n}", Tags="Shared, Other"))
        run(folder)
        with CaptureQueriesContext(connection) as captured:
            out, _ = run(folder)
        assert f"{count} skipped" in out
        return len(captured.captured_queries)

    assert rerun_queries(30, tmp_path / "many") == rerun_queries(3, tmp_path / "few")


def test_article_url_ending_in_a_slash_also_answers_its_index_html(content, client):
    write(content, "a.md", article("A post", date="2019-06-02"))

    run(content, "--article-url", "{date:%Y}/{slug}/")

    assert client.get("/2019/a-post/")["Location"] == "/2019/06/02/a-post/"
    assert client.get("/2019/a-post/index.html")["Location"] == "/2019/06/02/a-post/"
    assert client.get("/2019/a-post")["Location"] == "/2019/06/02/a-post/"
