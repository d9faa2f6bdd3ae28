"""Our own lossless format: `export_blog` writes it, `import_blog` reads it back.

    DIR/redirects.yaml            old addresses of tag pages, feeds and deleted posts
    DIR/posts/<slug>/index.md     front matter (YAML between `---` lines), then the Markdown
    DIR/posts/<slug>/<file>       the post's attachments, byte for byte

The body is written exactly as stored, so importing it renders the same HTML.
"""

import re
import shutil
from datetime import datetime
from pathlib import Path

import yaml
from django.utils import timezone

from blog.models import FormerURL, Post

from .sources import AuthorSource, FileSource, PostSource, RedirectSource, SourceError

FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


def _moment(value):
    return value.isoformat() if value else None


def front_matter(post):
    author = post.author
    return {
        "title": post.title,
        "slug": post.slug,
        "status": post.status,
        "published": _moment(post.published_at),
        "revised": _moment(post.revised_at),
        "created": _moment(post.created_at),
        "updated": _moment(post.updated_at),
        "author": {
            "username": author.username,
            "display_name": author.display_name,
            "email": author.email,
        },
        "tags": [tag.name for tag in post.sorted_tags()],
        "excerpt": post.excerpt,
        "former_urls": sorted(former.path for former in post.former_urls.all()),
        "attachments": [
            {"file": attachment.filename, "caption": attachment.caption}
            for attachment in post.attachments.all()
        ],
    }


def export_blog(directory):
    """Write every post, its files and the site's other old addresses; returns the counts."""
    root = Path(directory)
    counts = {"posts": 0, "files": 0, "redirects": 0}
    posts = (
        Post.objects.select_related("author")
        .prefetch_related("tags", "attachments", "former_urls")
        .order_by("published_at", "pk")
    )
    for post in posts.iterator(chunk_size=500):
        folder = root / "posts" / post.slug
        folder.mkdir(parents=True)
        header = yaml.safe_dump(front_matter(post), allow_unicode=True, sort_keys=False)
        with (folder / "index.md").open("w", encoding="utf-8", newline="") as handle:
            handle.write(f"---\n{header}---\n{post.body}")
        for attachment in post.attachments.all():
            with (
                attachment.file.open("rb") as source,
                (folder / attachment.filename).open("wb") as target,
            ):
                shutil.copyfileobj(source, target)
            counts["files"] += 1
        counts["posts"] += 1
    others = FormerURL.objects.exclude(post__isnull=False).select_related("tag").order_by("path")
    redirects = [
        {"path": former.path, "target": former.target, "tag": former.tag.name if former.tag else ""}
        for former in others
    ]
    (root / "redirects.yaml").write_text(
        yaml.safe_dump(redirects, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    counts["redirects"] = len(redirects)
    return counts


def _parse_moment(value, name):
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} {value!r} is not an ISO 8601 date") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class ExportReader:
    def __init__(self, directory):
        self.root = Path(directory)

    def read(self):
        if not (self.root / "posts").is_dir():
            raise ValueError(f"{self.root} has no posts/ folder: not a Hogshead export")
        sources = []
        for path in sorted((self.root / "posts").glob("*/index.md")):
            origin = path.relative_to(self.root).as_posix()
            try:
                sources.append(self.source(path, origin))
            except (ValueError, KeyError, TypeError, yaml.YAMLError, OSError) as error:
                reason = f"missing {error}" if isinstance(error, KeyError) else str(error)
                sources.append(SourceError(origin, reason))
        return sources, self.redirects()

    def source(self, path, origin):
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        match = FRONT_MATTER_RE.match(text)
        if match is None:
            raise ValueError("no front matter between --- lines")
        header, body = match.groups()
        meta = yaml.safe_load(header)
        if not isinstance(meta, dict):
            raise ValueError("the front matter is not a mapping of fields")
        if meta.get("status") not in Post.Status.values:
            raise ValueError(f"status {meta.get('status')!r} is not draft or published")
        author = meta.get("author") or {}
        return PostSource(
            origin=origin,
            title=meta["title"],
            slug=meta["slug"],
            body=body,
            author=AuthorSource(
                author.get("username", "admin"),
                display_name=author.get("display_name", ""),
                email=author.get("email", ""),
            ),
            published_at=_parse_moment(meta["published"], "published"),
            status=meta["status"],
            excerpt=meta.get("excerpt", ""),
            revised_at=_parse_moment(meta.get("revised"), "revised"),
            created_at=_parse_moment(meta.get("created"), "created"),
            tags=list(meta.get("tags") or []),
            files=[self.file(path.parent, a) for a in meta.get("attachments") or []],
            former_urls=list(meta.get("former_urls") or []),
        )

    @staticmethod
    def file(folder, attachment):
        name = str(attachment["file"])
        if name != Path(name).name or name in {"", ".", "..", "index.md"}:
            raise ValueError(f"attachment {name!r} is not a file name in the post's folder")
        return FileSource(name=name, path=folder / name, caption=attachment.get("caption", ""))

    def redirects(self):
        path = self.root / "redirects.yaml"
        if not path.is_file():
            return []
        rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return [
            RedirectSource(
                row["path"], row.get("target", FormerURL.Target.POST), row.get("tag", "")
            )
            for row in rows
        ]
