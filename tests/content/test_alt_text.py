import pytest

from blog.content.alt_text import images_without_alt_text
from tests.support.factories import PostFactory


def test_pictures_without_a_description_are_named():
    html = (
        '<p><img src="/media/posts/1/cask.jpg" alt=""></p>'
        '<p><img src="/media/posts/1/still%20life.jpg"></p>'
        '<p><img src="/media/posts/1/described.jpg" alt="Two casks in a shed"></p>'
        '<p><img src="/media/posts/1/cask.jpg" alt=" "></p>'
    )

    assert images_without_alt_text(html) == ["cask.jpg", "still life.jpg"]


def test_pictures_are_named_as_the_author_knows_them():
    html = '<img src="/media/posts/1/renditions/cask.jpg/960.jpg" alt="">'
    names = {"/media/posts/1/renditions/cask.jpg/960.jpg": "cask.jpg"}

    assert images_without_alt_text(html, names) == ["cask.jpg"]


@pytest.mark.django_db
def test_markdown_picture_with_empty_brackets_has_no_description():
    post = PostFactory(body="![](https://example.org/a.png) and ![A cask](b.png)")

    assert images_without_alt_text(post.body_html) == ["a.png"]
