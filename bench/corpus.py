"""A deterministic corpus of blog posts, the same for a given seed and size on every machine.

Rendering 100,000 posts through Markdown, Pygments and bleach would take longer than the
benchmark itself, so the corpus renders a pool of blocks (paragraphs, headings, code, links,
pictures) once with the real pipeline and assembles posts from them. Markdown renders
top-level blocks independently, so a post's `body_html` is exactly what `Post.render()` would
store; the smoke test checks that on a sample.
"""

import io
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.core.files.storage import default_storage
from django.utils.html import strip_tags
from django.utils.text import slugify
from PIL import Image

from blog.content.markup import render_post
from blog.media.inspection import inspect_upload
from blog.media.renditions import write_renditions
from blog.models import Attachment

SEED = 20240611
POOL_SEED = 7
# Dates spread evenly over eight years before a fixed moment, so every run sees the same pages.
LAST_DATE = datetime(2026, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=8 * 365)
DRAFT_EVERY = 50  # every 50th post is a draft: readers must never see it
PICTURE_SHARE = 0.15

TAG_NAMES = (
    "python", "django", "postgresql", "linux", "networking", "security", "performance",
    "testing", "debugging", "databases", "javascript", "css", "rust", "go", "containers",
    "nginx", "git", "editors", "typography", "whisky", "travel", "books", "hardware",
    "career", "meta",
)  # fmt: skip
# Popular tags are much larger than rare ones, as on a real blog.
TAG_WEIGHTS = tuple(1 / (rank + 1) ** 0.8 for rank in range(len(TAG_NAMES)))
AUTHORS = (
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("ken", "Ken Thompson"),
    ("barbara", "Barbara Liskov"),
    ("edsger", "Edsger Dijkstra"),
)
AUTHOR_WEIGHTS = (6, 3, 2, 1, 1)
PICTURES = ("cask-1.jpg", "cask-2.jpg", "cask-3.jpg", "cask-4.jpg")
PICTURE_FOLDER = "bench"
PICTURE_CAPTION = "A cask"

WORDS = (  # noqa: SIM905 - a paragraph of words reads better than 120 quoted strings
    "the a of to and in is it that for on with as was at by this be from or an are not "
    "server request cache query index page post table column worker process thread memory "
    "latency throughput database template render markdown python django nginx gunicorn "
    "socket kernel file disk network packet header cookie session token user author reader "
    "draft feed search sitemap archive tag listing pager count offset cursor key value "
    "hogshead barrel cask whisky oak peat malt still copper warehouse cooper stave hoop "
    "quickly slowly carefully simply rarely often always never mostly nearly almost "
    "build test measure profile deploy debug read write serve parse load store fetch "
    "small large fast slow cold warm stale fresh simple subtle hidden obvious boring"
).split()
CODE_SNIPPETS = (
    ("python", "def handler(request):\n    posts = Post.objects.published()[:10]\n"
               "    return render(request, 'list.html', {'posts': posts})\n"),
    ("python", "for attempt in range(3):\n    try:\n        return fetch(url, timeout=5)\n"
               "    except TimeoutError:\n        time.sleep(2 ** attempt)\n"),
    ("bash", "sudo systemctl reload nginx\ncurl -sI https://example.org/ | head -n 5\n"),
    ("bash", "for f in *.log; do\n  gzip -9 \"$f\"\ndone\n"),
    ("sql", "SELECT id, title FROM blog_post\nWHERE status = 'published'\n"
            "ORDER BY published_at DESC\nLIMIT 10;\n"),
    ("javascript", "const rows = await fetch('/api/posts').then((r) => r.json());\n"
                   "rows.forEach((row) => console.log(row.title));\n"),
    ("rust", "fn main() {\n    let total: u64 = (1..=100).sum();\n    println!(\"{total}\");\n}\n"),
    ("go", "func main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}\n}\n"),
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    markdown: str
    html: str
    words: int
    # Markdown leaves a blank line after a highlighted code block.
    separator_after: str = "\n"


@dataclass(frozen=True)
class CorpusPost:
    index: int
    title: str
    slug: str
    author: int  # index into AUTHORS
    body: str
    body_html: str
    excerpt_html: str
    word_count: int
    published_at: datetime
    is_draft: bool
    tags: tuple[int, ...]  # indexes into TAG_NAMES
    pictures: tuple[int, ...]  # indexes into PICTURES


PICTURE_SIZE = (1200, 750)


def picture_name(index):
    return f"{PICTURE_FOLDER}/{PICTURES[index]}"


def _picture_bytes(index):
    image = Image.new("RGB", PICTURE_SIZE, (120 + 30 * index, 80 + 10 * index, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _delete_folder(storage, folder):
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        storage.delete(f"{folder}/{name}")
    for name in folders:
        _delete_folder(storage, f"{folder}/{name}")


def store_pictures(storage=default_storage):
    """The corpus's pictures as unsaved attachments: each file (and its renditions) stored
    once, the way `Attachment.save()` stores an upload, and shared by every post showing it."""
    _delete_folder(storage, PICTURE_FOLDER)  # renditions are written under fixed names
    attachments = []
    for index in range(len(PICTURES)):
        name = storage.save(picture_name(index), io.BytesIO(_picture_bytes(index)))
        with storage.open(name, "rb") as file:
            facts = inspect_upload(file, PICTURES[index])
            renditions = write_renditions(storage, name, file, facts.content_type)
        attachments.append(
            Attachment(
                file=name,
                caption=PICTURE_CAPTION,
                kind=facts.kind,
                content_type=facts.content_type,
                size=storage.size(name),
                width=facts.width,
                height=facts.height,
                renditions=renditions,
            )
        )
    return attachments


def _render(markdown_text, references):
    fields = render_post(markdown_text, attachment_urls=references)
    return fields["body_html"], fields["word_count"]


def _block(markdown_text, references=None, **kwargs):
    html, words = _render(markdown_text, references or {})
    return Block(markdown_text, html, words, **kwargs)


def _sentence(rng, low, high):
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph_text(rng, low=40, high=120):
    words = rng.randint(low, high)
    sentences = []
    while words > 0:
        length = min(words, rng.randint(6, 18))
        sentences.append(_sentence(rng, length, length))
        words -= length
    if rng.random() < 0.4:
        sentences.insert(rng.randrange(len(sentences)), f"Use `{rng.choice(WORDS)}()` here.")
    if rng.random() < 0.3:
        sentences.insert(rng.randrange(len(sentences)), f"This is *{rng.choice(WORDS)}*.")
    return " ".join(sentences)


class BlockPool:
    """Rendered building blocks; each is rendered once, with the real pipeline."""

    def __init__(self, pictures, seed=POOL_SEED, paragraphs=240, links=40, headings=60):
        """`pictures`: the attachments of `store_pictures()`, in the order of PICTURES."""
        rng = random.Random(seed)
        self.paragraphs = [_block(_paragraph_text(rng)) for _ in range(paragraphs)]
        self.links = [
            _block(
                f"{_sentence(rng, 8, 20)} See [the {rng.choice(WORDS)} notes]"
                f"(https://example.org/{rng.choice(WORDS)}/{n}/) for details. "
                f"{_sentence(rng, 8, 20)}"
            )
            for n in range(links)
        ]
        self.headings = [_block(f"## {_sentence(rng, 2, 6)[:-1]}") for _ in range(headings)]
        self.code = [
            _block(f"```{language}\n{source}```", separator_after="\n\n")
            for language, source in CODE_SNIPPETS
        ]
        references = {picture.filename: picture.reference() for picture in pictures}
        self.pictures = [
            _block(f"![A {rng.choice(WORDS)} cask]({name})", references) for name in PICTURES
        ]

    @cached_property
    def excerpts(self):
        """The excerpt each opening paragraph gives a post (render_post's first paragraph)."""
        return {
            block.markdown: render_post(block.markdown + "\n\nMore.")["excerpt_html"]
            for block in self.paragraphs
        }


def assemble(blocks):
    body = "\n\n".join(block.markdown for block in blocks)
    html = "".join(block.html + block.separator_after for block in blocks[:-1]) + blocks[-1].html
    return body, html, sum(block.words for block in blocks)


def make_post(pool, index, size, seed=SEED):
    rng = random.Random(seed * 1_000_003 + index)
    target = rng.randint(380, 1250)
    opening = rng.choice(pool.paragraphs)
    blocks = [opening]
    words = opening.words
    while words < target:
        block = rng.choice(pool.paragraphs)
        blocks.append(block)
        words += block.words
    # The required parts go inside the post, never first (the teaser) nor last.
    pictures = ()
    if rng.random() < PICTURE_SHARE:
        pictures = tuple(sorted(rng.sample(range(len(PICTURES)), rng.randint(1, 2))))
    extras = [rng.choice(pool.headings), rng.choice(pool.code), rng.choice(pool.links)]
    extras += [pool.pictures[picture] for picture in pictures]
    for extra in extras:
        blocks.insert(rng.randint(1, len(blocks) - 1), extra)
    body, body_html, word_count = assemble(blocks)

    title = _sentence(rng, 3, 8)[:-1]
    tags = set()
    for _ in range(rng.randint(1, 4)):
        tags.add(rng.choices(range(len(TAG_NAMES)), weights=TAG_WEIGHTS)[0])
    # Evenly spread, oldest first, so a bigger corpus is a denser one over the same years.
    offset = (index + rng.random()) / size
    published_at = (LAST_DATE - SPAN + SPAN * offset).replace(microsecond=0)
    return CorpusPost(
        index=index,
        title=title,
        slug=f"{slugify(title)[:60]}-{index}",
        author=rng.choices(range(len(AUTHORS)), weights=AUTHOR_WEIGHTS)[0],
        body=body,
        body_html=body_html,
        excerpt_html=pool.excerpts[opening.markdown],
        word_count=word_count,
        published_at=published_at,
        is_draft=index % DRAFT_EVERY == DRAFT_EVERY - 1,
        tags=tuple(sorted(tags)),
        pictures=pictures,
    )


def generate(size, pool, seed=SEED):
    """Yield `size` posts; the same ones for the same seed and size."""
    for index in range(size):
        yield make_post(pool, index, size, seed)


def word_count_of(html):
    """How `render_post` counts words; used by the tests to check the assembled counts."""
    return len(strip_tags(html).split())
