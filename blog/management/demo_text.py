"""The words of the demo posts: topics with their code, filler paragraphs, titles, a table,
a patch to download and the gallery's pictures."""

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


# One post shows a gallery: pictures from the shed, as a grid that opens in the lightbox.
GALLERY_TITLE = "Our hogshead in 2003"
GALLERY = [
    ("the-cask-on-its-side.jpg", "The cask on its side, before filling"),
    ("chalk-marks.jpg", "Chalk marks on the cask head"),
    ("the-cold-shed.jpg", "The cold shed in January"),
    ("first-sample.jpg", "The first sample, 2011"),
]
