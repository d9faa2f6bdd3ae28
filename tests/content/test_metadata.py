"""What pages say about themselves: title, description, canonical URL, link previews
(OpenGraph, Twitter), JSON-LD on posts, rel=prev/next on paginated lists."""

import json
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile

from blog.content.metadata import describe
from blog.models import Post
from tests.support.factories import AttachmentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """The <title>, <meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self, text):
        super().__init__()
        self.title, self.meta, self.links, self.json_ld = "", {}, [], []
        self._in = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs["content"])
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in = None

    def one(self, key):
        (value,) = self.meta[key]
        return value

    def link(self, rel):
        return [link["href"] for link in self.links if link.get("rel") == rel]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


# The description, computed when the post is saved.


def test_description_is_the_excerpt():
    post = PostFactory(excerpt="  A short   summary. ", body="First paragraph.\n\nSecond.")

    assert post.description == "A short summary."


def test_description_is_else_the_first_paragraph_as_plain_text():
    post = PostFactory(body="Some *emphasis* & [a link](https://example.org).\n\nSecond paragraph.")

    assert post.description == "Some emphasis & a link."


def test_description_of_a_one_paragraph_post_is_its_text():
    assert PostFactory(body="Only **this**.").description == "Only this."


def test_long_descriptions_are_cut_at_a_word():
    post = PostFactory(body="word " * 100)

    assert len(post.description) <= 200
    assert post.description.endswith("word…")


@pytest.mark.parametrize(
    ("excerpt", "excerpt_html", "body_html", "expected"),
    [
        ("", "", "", ""),
        ("", "<p>Tea &amp; cake</p>", "<p>x</p>", "Tea & cake"),
        ("", "", "<h2>Head</h2><p>Text</p>", "Head Text"),
        ("", "", "<p>" + "x" * 300 + "</p>", "x" * 199 + "…"),
    ],
)
def test_describe(excerpt, excerpt_html, body_html, expected):
    assert describe(excerpt, excerpt_html, body_html) == expected


def test_description_follows_edits():
    post = PostFactory(body="Old text.")

    post.body = "New text."
    post.save()

    assert Post.objects.get(pk=post.pk).description == "New text."


# Post pages.


def test_post_page_has_title_description_and_canonical_url(client):
    post = PostFactory(title='Casks & "barrels"', excerpt='Oak <b>casks</b> & "more".')

    page = head(client, post.get_absolute_url())

    assert page.title == 'Casks & "barrels" — Hogshead'
    assert page.one("description") == 'Oak <b>casks</b> & "more".'
    assert page.link("canonical") == [f"http://testserver{post.get_absolute_url()}"]


def test_post_page_link_preview_without_a_picture(client):
    post = PostFactory(title="Casks", excerpt="Oak.", tags=["wood", "Oak"])

    page = head(client, post.get_absolute_url())

    assert page.one("og:type") == "article"
    assert page.one("og:title") == "Casks"
    assert page.one("og:description") == "Oak."
    assert page.one("og:url") == f"http://testserver{post.get_absolute_url()}"
    assert page.one("og:site_name") == "Hogshead"
    assert page.one("twitter:card") == "summary"
    assert page.meta["article:tag"] == ["Oak", "wood"]
    assert "og:image" not in page.meta


def test_post_page_link_preview_shows_the_first_picture(client):
    post = PostFactory()
    AttachmentFactory(post=post, file=ContentFile(b"not an image", name="notes.txt"))
    first = AttachmentFactory(post=post, caption="The first cask", order=1)
    AttachmentFactory(post=post, order=2)

    page = head(client, post.get_absolute_url())

    assert page.one("og:image") == f"http://testserver{first.file.url}"
    assert page.one("og:image:width") == "64"
    assert page.one("og:image:alt") == "The first cask"
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == f"http://testserver{first.file.url}"


def test_post_page_has_blog_posting_json_ld(client):
    author = UserFactory(username="ada", display_name="Ada")
    post = PostFactory(title="Casks", excerpt="Oak.", author=author, tags=["wood"])
    picture = AttachmentFactory(post=post)

    (block,) = head(client, post.get_absolute_url()).json_ld
    data = json.loads(block)

    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Casks"
    assert data["description"] == "Oak."
    assert data["url"] == f"http://testserver{post.get_absolute_url()}"
    assert data["author"] == {
        "@type": "Person",
        "name": "Ada",
        "url": "http://testserver/authors/ada/",
    }
    assert data["datePublished"] == post.published_at.isoformat()
    assert data["dateModified"] == post.published_at.isoformat()
    assert data["keywords"] == ["wood"]
    assert data["image"] == f"http://testserver{picture.file.url}"


def test_json_ld_cannot_be_broken_out_of(client):
    title = '</script><script>alert("x")</script> & <!--'
    post = PostFactory(title=title, excerpt=title)

    text = client.get(post.get_absolute_url()).text
    (block,) = Head(text).json_ld

    assert '<script>alert("x")' not in text
    assert json.loads(block)["headline"] == title


# Listings.


def test_list_pages_link_their_neighbours_in_the_head(client, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "PAGINATE_BY": 1}
    for _ in range(3):
        PostFactory(tags=["whisky"])

    first, middle, last = (head(client, url) for url in ["/", "/page/2/", "/page/3/"])

    assert (first.link("prev"), first.link("next")) == ([], ["http://testserver/page/2/"])
    assert middle.link("prev") == ["http://testserver/"]
    assert middle.link("next") == ["http://testserver/page/3/"]
    assert (last.link("prev"), last.link("next")) == (["http://testserver/page/2/"], [])
    assert middle.link("canonical") == ["http://testserver/page/2/"]
    tag_page = head(client, "/tags/whisky/page/2/")
    assert tag_page.link("next") == ["http://testserver/tags/whisky/page/3/"]


def test_canonical_url_leaves_out_the_query_string(client):
    PostFactory()

    assert head(client, "/?utm_source=x").link("canonical") == ["http://testserver/"]


def test_tag_page_describes_itself(client):
    PostFactory(tags=["whisky"])

    page = head(client, "/tags/whisky/")

    assert page.one("og:title") == "Posts tagged “whisky”"
    assert page.one("description") == "Posts tagged “whisky” on Hogshead."


def test_front_page_has_the_site_preview(client):
    page = head(client, "/")

    assert page.one("og:type") == "website"
    assert page.one("og:title") == "Hogshead"
    assert page.one("twitter:card") == "summary"


def test_search_page_has_no_canonical_url(client):
    assert head(client, "/search/?q=x").link("canonical") == []
