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

from .models import Attachment, Post

TOPICS = {
    "containers": {
        "tags": ["podman", "containers", "Linux"],
        "intro": (
            "Rootless containers have become the default way I run services at home. "
            "This post collects what I had to learn the hard way, so you do not have to."
        ),
        "code_intro": "The whole set-up is one unit file and one command:",
        "lang": "console",
        "code": (
            "$ podman run --rm -d --name web -p 8080:80 docker.io/library/nginx:stable\n"
            "3f1c2a9d8e7b\n"
            "$ podman ps --format '{{.Names}} {{.Status}}'\n"
            "web Up 3 seconds\n"
            "$ podman generate systemd --new --name web > ~/.config/systemd/user/web.service"
        ),
    },
    "checkpoint": {
        "tags": ["CRIU", "podman", "Linux"],
        "intro": (
            "Checkpointing a running container and restoring it on another host sounds like "
            "magic. With CRIU it is a few commands, as long as you know what breaks it."
        ),
        "code_intro": "A checkpoint is written to a tarball you can copy anywhere:",
        "lang": "console",
        "code": (
            "# podman container checkpoint --export=/tmp/web.tar.gz web\n"
            "# scp /tmp/web.tar.gz other-host:/tmp/\n"
            "# ssh other-host podman container restore --import=/tmp/web.tar.gz\n"
            "web"
        ),
    },
    "python": {
        "tags": ["Python", "performance"],
        "intro": (
            "Most slow Python programs I meet are slow for one boring reason, and a profiler "
            "finds it in a minute. Here is the minute."
        ),
        "code_intro": "Start with the standard library before you install anything:",
        "lang": "python",
        "code": (
            "import cProfile\n"
            "import pstats\n\n"
            "with cProfile.Profile() as profile:\n"
            "    rebuild_index(documents)\n\n"
            'stats = pstats.Stats(profile).sort_stats("cumulative")\n'
            "stats.print_stats(15)"
        ),
    },
    "nginx": {
        "tags": ["nginx", "ops"],
        "intro": (
            "A reverse proxy in front of an application server is two screens of "
            "configuration. Getting the headers right is the part people copy wrong."
        ),
        "code_intro": "The proxy block I start every site with:",
        "lang": "nginx",
        "code": (
            "location / {\n"
            "    proxy_pass http://127.0.0.1:8000;\n"
            "    proxy_set_header Host $host;\n"
            "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            "    proxy_set_header X-Forwarded-Proto $scheme;\n"
            "}"
        ),
    },
    "postgres": {
        "tags": ["PostgreSQL", "performance", "ops"],
        "intro": (
            "An index that is never used costs you on every write. Finding those is one "
            "query against the statistics views."
        ),
        "code_intro": "Indexes that have not been scanned since the statistics were reset:",
        "lang": "sql",
        "code": (
            "SELECT relname AS table_name, indexrelname AS index_name,\n"
            "       pg_size_pretty(pg_relation_size(indexrelid)) AS size\n"
            "  FROM pg_stat_user_indexes\n"
            " WHERE idx_scan = 0\n"
            " ORDER BY pg_relation_size(indexrelid) DESC;"
        ),
    },
    "django": {
        "tags": ["Django", "Python"],
        "intro": (
            "The Django ORM makes it easy to write a page that runs a query per row. "
            "It makes it just as easy to notice, if you let a test count for you."
        ),
        "code_intro": "Pin the number of queries, and the page cannot regress silently:",
        "lang": "python",
        "code": (
            "def test_front_page_queries(client, django_assert_max_num_queries):\n"
            "    PostFactory.create_batch(30, tags=['linux', 'python'])\n"
            "    with django_assert_max_num_queries(4):\n"
            "        client.get('/')"
        ),
    },
    "whisky": {
        "tags": ["whisky", "photos"],
        "intro": (
            "A hogshead is a cask of about 250 litres, often rebuilt from American oak "
            "barrels. Ours spent the winter in a cold shed, and it shows in the spirit."
        ),
        "code_intro": "The cask log, as I keep it:",
        "lang": "yaml",
        "code": (
            "cask: hogshead 2003\n"
            "filled: 2003-11-14\n"
            "volume_litres: 250\n"
            "samples:\n"
            "  - {date: 2011-05-02, abv: 58.1}\n"
            "  - {date: 2019-06-02, abv: 55.4}"
        ),
    },
    "shell": {
        "tags": ["shell", "Linux"],
        "intro": (
            "A shell script that survives its second year has `set -euo pipefail` at the top "
            "and quotes every variable. Here is why each of those matters."
        ),
        "code_intro": "The header every script of mine starts with:",
        "lang": "bash",
        "code": (
            "#!/usr/bin/env bash\n"
            "set -euo pipefail\n"
            "trap 'echo \"failed at line $LINENO\" >&2' ERR\n\n"
            'for file in "$@"; do\n'
            '    sha256sum -- "$file"\n'
            "done"
        ),
    },
}

TITLES = [
    ("containers", "Rootless podman for home services"),
    ("checkpoint", "Moving a running container with CRIU"),
    ("python", "A profiler in one minute"),
    ("whisky", "Our hogshead in 2003"),
    ("nginx", "The reverse proxy headers people get wrong"),
    ("postgres", "Finding unused PostgreSQL indexes"),
    ("django", "Counting queries in Django tests"),
    ("shell", "Shell scripts that survive"),
    ("containers", "Pods, not just containers"),
    ("checkpoint", "What CRIU cannot checkpoint"),
    ("whisky", "Springbank 2007"),
    ("python", "Generators for large files"),
    ("nginx", "Caching static files for a year"),
    ("postgres", "VACUUM, explained with a shed"),
    ("django", "Render Markdown once, on save"),
    ("shell", "Reading man pages faster"),
    ("containers", "Building images without a daemon"),
    ("whisky", "Delivery 2011"),
    ("python", "Typing a legacy module, one function at a time"),
    ("checkpoint", "Live migration on a laptop"),
    ("postgres", "Full-text search before Elasticsearch"),
    ("django", "Class-based views that stay small"),
    ("nginx", "TLS in ten lines"),
    ("shell", "Loops over file names with spaces"),
    ("containers", "Health checks that mean something"),
    ("python", "Packaging with pyproject.toml"),
    ("whisky", "Tasting notes, year sixteen"),
    ("django", "A custom user model from day one"),
]

PARAGRAPHS = [
    "The first attempt worked on my machine and nowhere else. The second attempt worked "
    "everywhere, but only because I had stopped measuring. The third is what follows.",
    "None of this is new. It is written down because every time I need it, the notes I "
    "find are either ten years old or assume a setup nobody has.",
    "If you only take one thing from this post: write the command down where the next "
    "person will look for it, and make it safe to run twice.",
    "There is a trade-off here, and it is worth naming. Simple set-ups are easy to debug; "
    "clever ones are easy to admire. Pick the first until the second pays for itself.",
    "The numbers below come from a two-core machine with a slow disk, which is the kind "
    "of machine most small services really run on.",
]

TABLE = (
    "| Step | Before | After |\n"
    "|:-----|-------:|------:|\n"
    "| cold start | 2.4 s | 0.6 s |\n"
    "| warm request | 41 ms | 9 ms |\n"
)

PATCH = b"""From 2f9c Mon Sep 17 00:00:00 2001
Subject: [PATCH] Quote file names in the backup loop

--- a/backup.sh
+++ b/backup.sh
@@ -3,3 +3,3 @@
-for f in $FILES; do
+for f in "${FILES[@]}"; do
     cp -- "$f" /backup/
"""


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


# One post shows a gallery: pictures from the shed, as a grid that opens in the lightbox.
GALLERY_TITLE = "Our hogshead in 2003"
GALLERY = [
    ("the-cask-on-its-side.jpg", "The cask on its side, before filling"),
    ("chalk-marks.jpg", "Chalk marks on the cask head"),
    ("the-cold-shed.jpg", "The cold shed in January"),
    ("first-sample.jpg", "The first sample, 2011"),
]


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
