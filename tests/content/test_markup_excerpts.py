import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import env_choice
from tests.support.factories import AttachmentFactory, PostFactory

pytestmark = pytest.mark.django_db

LONG_BODY = "First paragraph, the *teaser*.\n\nSecond paragraph.\n\nThird paragraph."


@pytest.fixture
def excerpt_listings(settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "LISTING": "excerpt"}


def test_listings_show_full_posts_by_default(client):
    PostFactory(body=LONG_BODY)

    text = client.get("/").text

    assert "Third paragraph." in text
    assert "Read more" not in text


def test_excerpt_listing_shows_the_first_paragraph_and_a_read_more_link(client, excerpt_listings):
    post = PostFactory(title="Long one", body=LONG_BODY)

    text = client.get("/").text

    assert "<p>First paragraph, the <em>teaser</em>.</p>" in text
    assert "Second paragraph." not in text
    assert (
        f'<a href="{post.get_absolute_url()}">Read more'
        '<span class="visually-hidden"> of “Long one”</span></a>'
    ) in text


def test_excerpt_listing_applies_to_tag_and_author_pages(client, excerpt_listings):
    post = PostFactory(body=LONG_BODY, tags=["linux"])

    for url in ("/tags/linux/", f"/authors/{post.author.username}/"):
        text = client.get(url).text
        assert "Read more" in text
        assert "Third paragraph." not in text


def test_post_page_always_shows_the_whole_post(client, excerpt_listings):
    post = PostFactory(body=LONG_BODY)

    text = client.get(post.get_absolute_url()).text

    assert "Third paragraph." in text
    assert "Read more" not in text


def test_text_before_the_more_marker_is_the_excerpt(client, excerpt_listings):
    PostFactory(body="Intro.\n\nStill the intro.\n\n<!-- more -->\n\nThe rest.")

    text = client.get("/").text

    assert "<p>Intro.</p>" in text
    assert "<p>Still the intro.</p>" in text
    assert "The rest." not in text
    assert "more --" not in text


def test_more_marker_inside_code_is_just_code():
    post = PostFactory(body="Intro.\n\n```\n<!-- more -->\n```\n\nAfter the code.")

    assert post.excerpt_html == "<p>Intro.</p>\n"
    assert "&lt;!-- more --&gt;" in post.body_html


def test_excerpt_field_wins_and_is_escaped(client, excerpt_listings):
    PostFactory(excerpt="A <b>bold</b> summary.\n\nIn two parts.", body=LONG_BODY)

    text = client.get("/").text

    assert "<p>A &lt;b&gt;bold&lt;/b&gt; summary.</p>\n\n<p>In two parts.</p>" in text
    assert "First paragraph" not in text


def test_first_paragraph_skips_headings_and_quotes():
    post = PostFactory(body="## Heading\n\n> A quote.\n\nReal start.\n\nMore.")

    assert post.excerpt_html == "<p>Real start.</p>\n"


def test_one_paragraph_post_is_shown_whole_without_read_more(client, excerpt_listings):
    PostFactory(body="Short and sweet.")

    text = client.get("/").text

    assert "Short and sweet." in text
    assert "Read more" not in text


def test_excerpt_images_point_at_attachments():
    attachment = AttachmentFactory(post__body="A ![photo](picture.jpg) here.\n\nMore text.")
    attachment.post.refresh_from_db()

    rendition = f"/media/posts/{attachment.post_id}/renditions/picture.jpg/64.jpg"
    assert f'src="{rendition}"' in attachment.post.excerpt_html


def test_post_page_shows_reading_time(client, settings):
    settings.HOGSHEAD = {**settings.HOGSHEAD, "WORDS_PER_MINUTE": 100}
    post = PostFactory(body=" ".join(["word"] * 250))

    assert (
        '<span class="reading-time">3 min read</span>' in client.get(post.get_absolute_url()).text
    )


def test_short_post_reads_in_one_minute(client):
    post = PostFactory(body="Tiny.")

    assert post.word_count == 1
    assert "1 min read" in client.get(post.get_absolute_url()).text


def test_reading_time_counts_words_not_markup():
    post = PostFactory(body="**Bold** [link](https://example.com/a/long/path) `code`")

    assert post.word_count == 3


def test_listing_and_post_pages_queries_do_not_grow(
    client, excerpt_listings, django_assert_max_num_queries
):
    posts = [PostFactory(body=LONG_BODY, tags=["one", "two"]) for _ in range(10)]

    # Count, page of posts with their authors, their tags; the footer's archive months.
    with django_assert_max_num_queries(4):
        assert client.get("/").text.count("Read more") == 10
    # The post with its author, its tags, previous, next, related posts and first picture
    # (the footer is cached now).
    with django_assert_max_num_queries(6):
        assert "min read" in client.get(posts[5].get_absolute_url()).text


def test_listing_setting_refuses_an_unknown_value(monkeypatch):
    monkeypatch.setenv("LISTING", "summary")

    with pytest.raises(ImproperlyConfigured, match="LISTING must be one of excerpt, full"):
        env_choice("LISTING", "full", {"full", "excerpt"})
