import io
from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from accounts.models import User
from blog.models import Attachment, Post


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"author{n}")
    display_name = factory.Sequence(lambda n: f"Author {n}")
    password = factory.django.Password("correct horse battery staple")


class PostFactory(DjangoModelFactory):
    """A published post from a day ago; pass `tags=[...]` to tag it."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-number-{n}")
    author = factory.SubFactory(UserFactory)
    body = "Some *Markdown* text."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


def jpeg_bytes(width=64, height=48, colour=(200, 120, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    post = factory.SubFactory(PostFactory)
    caption = "A picture"
    file = factory.django.ImageField(filename="picture.jpg", format="JPEG", width=64, height=48)
