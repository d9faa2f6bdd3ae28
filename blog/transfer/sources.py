"""What an importer reads from an old engine, before anything is written: posts, their
files and old addresses, as plain data (`PostSource`, `RedirectSource`), or the reason an
input could not be read (`SourceError`).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path

from blog.media.filenames import normalise_filename
from blog.models import Post


class SourceError(Exception):
    """An input that cannot become a post; `reason` says why, in words for the report."""

    def __init__(self, origin, reason):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


@dataclass
class AuthorSource:
    username: str
    display_name: str = ""
    email: str = ""


@dataclass
class FileSource:
    """A file to attach: `name` is how the post's Markdown refers to it."""

    name: str
    path: Path
    caption: str = ""


@dataclass
class PostSource:
    origin: str  # where it came from, for the report: a file path, "post 123"
    title: str
    slug: str
    body: str
    author: AuthorSource
    published_at: datetime
    status: str = Post.Status.PUBLISHED
    excerpt: str = ""
    revised_at: datetime | None = None
    created_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    files: list[FileSource] = field(default_factory=list)
    former_urls: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    prerender: bool = False  # rendered by the importer's pool of processes
    kind: str = Post.Kind.POST  # or Post.Kind.PAGE
    password: str = ""  # as the old engine had it, in clear; stored hashed
    pinned: bool = False
    menu_order: int = 0
    in_navigation: bool = True
    coauthors: list[AuthorSource] = field(default_factory=list)


@dataclass
class RedirectSource:
    """An old address of a tag page, a feed, or a post that is gone (no tag, target post)."""

    path: str
    target: str
    tag: str = ""


def former_path(url):
    """An old URL as FormerURL stores it: path percent-encoded, query string kept as sent."""
    parts = urlsplit(url)
    path = escape_uri_path(unquote(parts.path or "/"))
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{path}?{parts.query}" if parts.query else path


def add_file(path, files, warnings, root, allow_missing=False):
    """Add the file at `path` to a post's `files` (keyed by path) and return the bare name
    the post's Markdown refers to it by: the name an upload gets, made unique in the post.

    Only files inside `root` (the folder being imported) are taken: a reference such as
    `{static}/../../etc/passwd` must not publish a file of this machine. Others: None.
    """
    path = path.resolve()
    if not path.is_relative_to(Path(root).resolve()):
        warnings.append(f"{path} is outside {root}: not copied")
        return None
    key = path.as_posix()
    if key in files:
        return files[key].name
    name = normalise_filename(path.name)
    taken = {source.name for source in files.values()}
    stem, dot, suffix = name.rpartition(".")
    number = 2
    while name in taken:
        name = f"{stem}-{number}.{suffix}" if dot else f"{suffix}-{number}"
        number += 1
    if not path.is_file() and allow_missing:
        warnings.append(f"missing file {path} (left as a broken reference)")
        return name
    files[key] = FileSource(name=name, path=path)
    return name


def file_digest(path_or_field_file):
    """SHA-256 of a file on disk (a Path) or in storage (a FieldFile)."""
    if isinstance(path_or_field_file, Path):
        with path_or_field_file.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    digest = hashlib.sha256()
    with path_or_field_file.open("rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()
