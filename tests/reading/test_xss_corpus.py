"""Every payload of the XSS corpus, placed wherever a writer or a reader can put text, renders
inert on every page: no element, attribute or URL a browser could execute."""

from urllib.parse import quote

import markdown
import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.support.factories import AttachmentFactory, PostFactory, UserFactory
from tests.support.xss import PAYLOADS, executable_markup

pytestmark = pytest.mark.django_db


def test_corpus_is_large_and_the_checker_sees_what_an_unsanitised_render_would_run():
    assert len(PAYLOADS) >= 60
    unsafe = [p for p in PAYLOADS if executable_markup(markdown.markdown(p))]
    assert len(unsafe) >= 60


@pytest.fixture
def payload_post(request):
    payload = request.param
    author = UserFactory(display_name=payload[:150])
    post = PostFactory(
        title=payload[:200], body=payload, excerpt=payload, author=author, tags=[payload[:100]]
    )
    AttachmentFactory(post=post, caption=payload[:300])
    post.refresh_from_db()
    return payload, post


def reader_pages(post, payload):
    tag = post.tags.get()
    quoted = quote(payload, safe="")
    return [
        "/",
        post.get_absolute_url(),
        reverse("blog:tag_detail", kwargs={"slug": tag.slug}),
        reverse("blog:tag_list"),
        reverse("blog:author_detail", kwargs={"username": post.author.username}),
        reverse("blog:archive"),
        f"{reverse('blog:search')}?q={quoted}",
        f"{reverse('blog:search')}?q=alert",  # snippets of every payload post
        f"/?page={quoted}",
        f"/{quoted}/",
        f"/tags/{quoted}/",
    ]


def admin_pages(post, payload):
    return [
        f"{reverse('admin:blog_post_changelist')}?q={quote(payload, safe='')}",
        reverse("admin:blog_post_change", args=[post.pk]),
        reverse("admin:blog_post_add"),
    ]


@pytest.mark.parametrize("payload_post", PAYLOADS, indirect=True, ids=range(len(PAYLOADS)))
def test_payload_is_inert_on_every_reader_page(payload_post, reader):
    payload, post = payload_post
    for url in reader_pages(post, payload):
        response = reader.get(url, follow=True)
        assert response.status_code in (200, 404), url
        problems = executable_markup(response.content.decode())
        assert not problems, f"{url}: {problems}"
    page = reader.get(post.get_absolute_url()).content.decode()
    assert escape(post.title) in page


@pytest.mark.parametrize("payload_post", PAYLOADS, indirect=True, ids=range(len(PAYLOADS)))
def test_payload_is_inert_in_the_admin(payload_post, staff_client):
    payload, post = payload_post
    for url in admin_pages(post, payload):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        problems = executable_markup(response.content.decode())
        assert not problems, f"{url}: {problems}"
