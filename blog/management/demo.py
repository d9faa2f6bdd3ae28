"""Demo content for `make run`: enough real-looking posts to fill three pages.

Deterministic (fixed seed) so screenshots and bug reports look the same everywhere.
"""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from blog.models import Attachment, Post

from .demo_text import GALLERY, GALLERY_TITLE, PARAGRAPHS, PATCH, TABLE, TITLES, TOPICS


def _picture(seed, width=1200, height=800):
    """A JPEG of soft stripes: a stand-in photograph that needs no download."""
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top = [rng.randint(60, 200) for _ in range(3)]
    bottom = [rng.randint(20, 120) for _ in range(3)]
    for y in range(height):
        mix = y / height
        colour = tuple(int(a * (1 - mix) + b * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(6):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(40, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(240, 230, 210), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _body(topic, title, index, picture_name=None, patch_name=None):
    rng = random.Random(index)  # noqa: S311 - deterministic filler
    paragraphs = rng.sample(PARAGRAPHS, 3)
    parts = [topic["intro"], paragraphs[0]]
    if picture_name:
        parts.append(f'![{title}]({picture_name} "{title}")')
    parts += [
        "## How it works",
        paragraphs[1] + " The details are in the footnote.[^why]",
        topic["code_intro"],
        f"```{topic['lang']}\n{topic['code']}\n```",
    ]
    if index % 3 == 0:
        parts += ["## Measured", TABLE]
    if patch_name:
        parts.append(f"The fix is small; download [the patch]({patch_name}) and apply it.")
    if title == GALLERY_TITLE:
        pictures = "\n".join(f"![{caption}]({name})" for name, caption in GALLERY)
        parts += ["Pictures from the shed:", f"```gallery\n{pictures}\n```"]
    parts += [
        "## What to take away",
        "- keep the set-up boring\n- measure before and after\n- write it down",
        paragraphs[2],
        "[^why]: Written after doing it the long way more than once.",
    ]
    return "\n\n".join(parts)


@transaction.atomic
def load_demo(author, now=None):
    """Create the demo posts; returns how many were created."""
    now = now or timezone.now()
    for index, (topic_key, title) in enumerate(TITLES):
        topic = TOPICS[topic_key]
        picture_name = f"{slugify(title)}.jpg" if topic_key == "whisky" or index % 7 == 2 else None
        patch_name = "quote-file-names.patch" if title == "Shell scripts that survive" else None
        post = Post.objects.create(
            title=title,
            slug=slugify(title),
            author=author,
            body=_body(topic, title, index, picture_name, patch_name),
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(days=6 * index + 1, hours=index % 5),
        )
        post.tags.add(*topic["tags"])
        if picture_name:
            Attachment.objects.create(
                post=post, caption=title, file=ContentFile(_picture(index), name=picture_name)
            )
        if patch_name:
            Attachment.objects.create(
                post=post, caption="The patch", file=ContentFile(PATCH, name=patch_name)
            )
        if title == GALLERY_TITLE:
            for number, (name, caption) in enumerate(GALLERY, start=1):
                picture = _picture(100 * index + number)
                Attachment.objects.create(
                    post=post, caption=caption, order=number, file=ContentFile(picture, name=name)
                )
    Post.objects.create(
        title="Notes for a post about cask strength",
        slug="notes-cask-strength",
        author=author,
        body="A draft: only staff see this, marked as a draft.",
        status=Post.Status.DRAFT,
    )
    Post.objects.create(
        title="Scheduled: the 2026 bottling",
        slug="the-2026-bottling",
        author=author,
        body="Published automatically in a week.",
        status=Post.Status.PUBLISHED,
        published_at=now + timedelta(days=7),
    )
    return len(TITLES) + 2
