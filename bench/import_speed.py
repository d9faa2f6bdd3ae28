"""How long importing a large Pelican blog takes: `python bench/import_speed.py [N]`.

Writes N (default 10,000) Markdown articles into a temporary Pelican folder, migrates a
fresh SQLite database in a temporary folder (or the empty database named by DATABASE_URL),
then times `import_pelican` on it, and a second, unchanged run (every post skipped).
"""

import os
import random
import resource
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

WORDS = [
    "cask", "barrel", "peat", "smoke", "malt", "grain", "still", "copper", "spirit", "oak",
    "sherry", "bourbon", "islay", "speyside", "water", "yeast", "mash", "wash", "distil",
    "age", "bottle", "dram", "nose", "palate", "finish",
]  # fmt: skip

BODY = """{intro}

## Tasting notes

{paragraph}[^1]

```python
def proof(abv):
    return abv * {n} / 100
```

- nose: {w1}
- palate: {w2}

[^1]: Noted on a {w3} day.
"""


def words(rng, count):
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def write_articles(folder, count):
    rng = random.Random(42)
    tags = [f"Tag{n}" for n in range(60)]
    for n in range(count):
        category = f"category{n % 10}"
        path = folder / category / f"post-{n}.md"
        path.parent.mkdir(exist_ok=True)
        header = (
            f"Title: Post number {n} about {rng.choice(WORDS)}\n"
            f"Date: {2010 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d} 10:{n % 60:02d}\n"
            f"Tags: {', '.join(rng.sample(tags, 3))}\n"
            f"Author: Author {n % 5}\n\n"
        )
        body = BODY.format(
            intro=words(rng, 40),
            paragraph=words(rng, 120),
            n=n,
            w1=rng.choice(WORDS),
            w2=rng.choice(WORDS),
            w3=rng.choice(WORDS),
        )
        path.write_text(header + body, encoding="utf-8")


def cpu_seconds():
    """CPU time of this process and of its finished children (the rendering pool)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    work = Path(tempfile.mkdtemp(prefix="hogshead-bench-"))
    os.environ.setdefault("HOGSHEAD_VAR_DIR", str(work / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ.setdefault("DEBUG", "0")  # no per-query logging
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command

    from blog.models import Post

    call_command("migrate", verbosity=0)
    if Post.objects.exists():
        sys.exit("The database has posts already; point DATABASE_URL at an empty one.")
    content = work / "content"
    content.mkdir()
    write_articles(content, count)
    print(f"{count} articles in {content}; database {django.db.connection.vendor}")

    for label in ("first import", "unchanged re-run"):
        started, cpu = time.perf_counter(), cpu_seconds()
        call_command("import_pelican", str(content), "--no-progress", stdout=StringIO())
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        print(
            f"{label}: {elapsed:.1f} s ({count / elapsed:.0f} posts/s); "
            f"CPU {cpu:.1f} s in all processes; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
    if Post.objects.count() != count:
        sys.exit(f"Expected {count} posts, found {Post.objects.count()}.")


if __name__ == "__main__":
    main()
