import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
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


_PROSE = (
    "The first attempt worked on my machine and nowhere else, which is the usual start. "
    "What follows is the version that survived a year of real use on a small server, with "
    "the mistakes left in where they teach something. Nothing here needs more than the "
    "packages your distribution already ships, and every step can be run twice without harm. "
    "Measure before you change anything, write the numbers down, and keep the old "
    "configuration next to the new one until the new one has earned your trust."
)


def long_markdown(seed=0):
    """A realistic long technical post (about 1,200 words): prose, headings, a shell session,
    a config file, Python, a table, a list, a quotation, inline code, links and a footnote."""
    paragraph = f"{_PROSE} Run `journalctl -u web-{seed}` to follow it. {_PROSE}"
    return "\n\n".join(
        [
            paragraph,
            "## Setting it up",
            paragraph,
            "```console\n"
            f"$ sudo apt-get install --no-install-recommends nginx-light postgresql-{15 + seed}\n"
            "Reading package lists... Done\n"
            "$ sudo systemctl enable --now nginx postgresql\n"
            "Created symlink /etc/systemd/system/multi-user.target.wants/nginx.service.\n"
            "$ curl -sS -o /dev/null -w '%{http_code} %{time_total}\\n' https://localhost/\n"
            "200 0.004211\n"
            "```",
            paragraph,
            "```nginx\n"
            "server {\n"
            "    listen 443 ssl http2;\n"
            "    server_name blog.example.org;\n"
            "    location /static/ { alias /srv/blog/static/; expires 1y; }\n"
            "    location / {\n"
            "        proxy_pass http://127.0.0.1:8000;\n"
            "        proxy_set_header Host $host;\n"
            "        proxy_set_header X-Forwarded-Proto $scheme;\n"
            "    }\n"
            "}\n"
            "```",
            "## Measuring it",
            paragraph,
            "| step | before | after |\n|---|--:|--:|\n| cold start | 2.4 s | 0.6 s |\n"
            "| warm request | 41 ms | 9 ms |\n| memory | 310 MB | 120 MB |",
            "```python\n"
            "import statistics\n"
            "import time\n\n\n"
            "def measure(request, repeat=50):\n"
            '    """Median wall time of `request()` in milliseconds."""\n'
            "    timings = []\n"
            "    for _ in range(repeat):\n"
            "        started = time.perf_counter()\n"
            "        request()\n"
            "        timings.append((time.perf_counter() - started) * 1000)\n"
            "    return statistics.median(timings)\n"
            "```",
            paragraph + " The details are in the footnote.[^why]",
            "> Simple set-ups are easy to debug; clever ones are easy to admire.",
            "## What to take away",
            "- keep the set-up boring\n- measure before and after\n- write it down where the "
            "next person will look\n- make every step safe to run twice",
            paragraph,
            f"More in [the manual](https://nginx.org/en/docs/) and [part {seed}](/).",
            "[^why]: Written after doing it the long way more than once.",
        ]
    )


def post_with_code_and_pictures(**fields):
    """A long post with code, a captioned figure and a three-picture gallery, as readers see
    the richest posts."""
    body = long_markdown(1) + (
        "\n\n![The server cupboard, door open](cupboard.jpg)\n\n"
        "The casks, in a gallery:\n\n```gallery\n"
        "![A hogshead on its side](cask-1.jpg)\n![Two casks in a cold shed](cask-2.jpg)\n"
        "![Chalk marks on a cask head](cask-3.jpg)\n```\n"
    )
    post = PostFactory(body=body, **fields)
    for number, name in enumerate(["cupboard.jpg", "cask-1.jpg", "cask-2.jpg", "cask-3.jpg"]):
        picture = jpeg_bytes(900, 600, colour=(60 * number, 90, 40))
        AttachmentFactory(post=post, caption="", file=ContentFile(picture, name))
    post.refresh_from_db()
    return post
