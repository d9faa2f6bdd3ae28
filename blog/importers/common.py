"""What every importer shares: sources read from an old engine become posts, one post per
transaction, counted and reported.

A reader (`pelican.py`, `wxr.py`, `export.py`) turns its input into `PostSource`s (or a
`SourceError` for an input it could not read) and `RedirectSource`s; `Importer` matches
each source with a post already here (by former URL, then by slug), and creates, updates or
skips it. A failure rolls back that one post and the rest goes on.
"""

import hashlib
import multiprocessing
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils.encoding import escape_uri_path
from django.utils.text import slugify

from blog.models import Attachment, FormerURL, Post, Tag, TaggedPost
from blog.uploads import normalise_filename

USERNAME_RE = re.compile(r"[\w.@+-]{1,150}")
# Rendering (Markdown + bleach) is most of an import's time; below this many posts a pool
# of processes costs more than it saves.
PARALLEL_RENDER_THRESHOLD = 200


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


def add_file(path, files, warnings, allow_missing=False):
    """Add the file at `path` to a post's `files` (keyed by path) and return the bare name
    the post's Markdown refers to it by: the name an upload gets, made unique in the post."""
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


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    files_copied: int = 0
    redirects_recorded: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def lines(self, dry_run=False):
        verb = "would be " if dry_run else ""
        counts = [
            f"{self.created} {verb}created",
            f"{self.updated} {verb}updated",
            f"{self.skipped} skipped (unchanged)",
            f"{self.failed} failed",
        ]
        yield f"Posts: {', '.join(counts)}."
        if not dry_run:
            yield (
                f"Attachments copied: {self.files_copied}. "
                f"Redirects recorded: {self.redirects_recorded}."
            )
        for label, number in self.notes.items():
            yield f"{label}: {number}."


def _render_fields(item):
    """In a worker process: what `Post.render()` stores, for a post without attachments."""
    slug, body, excerpt = item
    post = Post(slug=slug, body=body, excerpt=excerpt)
    post.render()
    return {name: getattr(post, name) for name in Post.RENDERED_FIELDS}


class Importer:
    """Creates, updates or skips one post per source, each in its own transaction."""

    batch_size = 100

    def __init__(self, *, dry_run=False, jobs=1, report=print, progress=None):
        self.dry_run = dry_run
        self.jobs = jobs
        self.report = report  # called with one line per event worth telling
        self.progress = progress or (lambda iterable, total: iterable)
        self.summary = Summary()
        self._authors = None
        self._tags = None
        # Loaded once: matching a source must not query the whole table per post.
        self.post_by_slug = dict(Post.objects.values_list("slug", "pk"))
        self.post_by_former_url = dict(
            FormerURL.objects.filter(post__isnull=False).values_list("path", "post_id")
        )
        self.former_urls_of = defaultdict(set)
        for path, pk in self.post_by_former_url.items():
            self.former_urls_of[pk].add(path)
        self.claimed = {}  # post pk -> origin of the source that took it in this run

    # Caches of authors and tags, dropped when a transaction that may have added to them
    # is rolled back.
    def _forget_caches(self):
        self._authors = self._tags = None

    @property
    def authors(self):
        """Users by user name, and by display name (case-insensitive) where that is free."""
        if self._authors is None:
            users = get_user_model().objects.all()
            self._authors = {f"name:{u.display_name.casefold()}": u for u in users}
            self._authors.update({user.username: user for user in users})
        return self._authors

    @property
    def tags(self):
        if self._tags is None:
            self._tags = {tag.name.casefold(): tag for tag in Tag.objects.all()}
        return self._tags

    def run(self, sources, redirects=()):
        sources = list(sources)
        with self._rendered_in_parallel(sources) as rendered:
            progress = iter(self.progress(sources, len(sources)))
            for start in range(0, len(sources), self.batch_size):
                # Each post is its own transaction (a savepoint): a failure undoes that post
                # only. Committing a batch at a time spares the disk a sync per post.
                with transaction.atomic():
                    for source in sources[start : start + self.batch_size]:
                        next(progress)
                        fields = next(rendered) if getattr(source, "prerender", False) else None
                        self._import_one(source, fields)
            next(progress, None)
        if not self.dry_run:
            self.record_redirects(redirects)
        return self.summary

    @contextmanager
    def _rendered_in_parallel(self, sources):
        """Markdown and bleach are most of an import's time: new posts without attachments
        are rendered by a pool of processes, in order, while this one writes to the database.
        Yields an iterator of their rendered fields; such sources are marked `prerender`."""
        todo = [
            source
            for source in sources
            if isinstance(source, PostSource) and not source.files and self.match(source) is None
        ]
        parallel = (
            not self.dry_run
            and self.jobs > 1
            and len(todo) >= PARALLEL_RENDER_THRESHOLD
            and "fork" in multiprocessing.get_all_start_methods()
        )
        if not parallel:
            yield iter(())
            return
        for source in todo:
            source.prerender = True
        items = [(source.slug, source.body, source.excerpt) for source in todo]
        with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
            yield pool.imap(_render_fields, items, chunksize=25)

    def _import_one(self, source, rendered):
        if isinstance(source, SourceError):
            self._fail(source.origin, source.reason)
            return
        try:
            self.import_post(source, rendered)
        except SourceError as error:
            self._fail(error.origin, error.reason)
        for warning in source.warnings:
            self.summary.warnings.append(f"{source.origin}: {warning}")
            self.report(f"warning: {source.origin}: {warning}")

    def _fail(self, origin, reason):
        self.summary.failed += 1
        self.summary.failures.append(f"{origin}: {reason}")
        self.report(f"FAILED {origin}: {reason}")

    def match(self, source):
        """The post this source was imported as before: by a former URL, else by slug."""
        for path in source.former_urls:
            if path in self.post_by_former_url:
                return self.post_by_former_url[path]
        return self.post_by_slug.get(source.slug)

    def import_post(self, source, rendered=None):
        pk = self.match(source)
        if pk in self.claimed:
            raise SourceError(
                source.origin, f"same post as {self.claimed[pk]} (slug {source.slug!r})"
            )
        if self.post_by_slug.get(source.slug, pk) != pk:
            raise SourceError(source.origin, f"the slug {source.slug!r} is another post's")
        missing = [f"{f.name} ({f.path})" for f in source.files if not f.path.is_file()]
        if missing:
            raise SourceError(source.origin, f"missing file: {', '.join(missing)}")
        if self.dry_run:
            self._plan(source, pk)
            return
        try:
            with transaction.atomic():
                action, post = self._save(source, pk, rendered)
        except SourceError:
            self._forget_caches()
            raise
        except Exception as error:  # One bad post must not stop the rest.
            self._forget_caches()
            raise SourceError(source.origin, f"{type(error).__name__}: {error}") from error
        self.claimed[post.pk] = source.origin
        self.post_by_slug[post.slug] = post.pk
        for path in source.former_urls:
            self.post_by_former_url[path] = post.pk
            self.former_urls_of[post.pk].add(path)
        setattr(self.summary, action, getattr(self.summary, action) + 1)
        if action != "skipped":
            self.report(f"{action} {source.origin} → {post.get_absolute_url()}")

    def _plan(self, source, pk):
        if pk is None:
            action = "created"
        else:
            post = Post.objects.select_related("author").get(pk=pk)
            action = "skipped" if self._unchanged(post, source) else "updated"
        setattr(self.summary, action, getattr(self.summary, action) + 1)
        if pk is not None:
            self.claimed[pk] = source.origin
        verb = "would be skipped (unchanged)" if action == "skipped" else f"would be {action}"
        self.report(f"{verb}: {source.origin} ({source.slug})")

    def _fields(self, source):
        return {
            "title": source.title,
            "slug": source.slug,
            "body": source.body,
            "excerpt": source.excerpt,
            "status": source.status,
            "published_at": source.published_at,
            "revised_at": source.revised_at,
        }

    def _unchanged(self, post, source):
        fields = self._fields(source)
        if any(getattr(post, name) != value for name, value in fields.items()):
            return False
        if post.author_id != self.author_for(source.author, create=False).pk:
            return False
        if {tag.name.casefold() for tag in post.tags.all()} != {
            name.casefold() for name in source.tags
        }:
            return False
        recorded = self.former_urls_of[post.pk] | {post.get_absolute_url()}
        if not set(source.former_urls) <= recorded:
            return False
        attachments = [(a.filename, a.caption, a.size) for a in post.attachments.all()]
        wanted = [(f.name, f.caption, f.path.stat().st_size) for f in source.files]
        if attachments != wanted:
            return False
        return all(
            file_digest(attachment.file) == file_digest(wanted.path)
            for attachment, wanted in zip(post.attachments.all(), source.files, strict=True)
        )

    def _save(self, source, pk, rendered):
        post = None
        if pk is not None:
            post = Post.objects.select_related("author").get(pk=pk)
            if self._unchanged(post, source):
                return "skipped", post
        action = "created" if post is None else "updated"
        post = post or Post()
        for name, value in self._fields(source).items():
            setattr(post, name, value)
        post.author = self.author_for(source.author)
        if rendered is not None and action == "created":
            for name, value in rendered.items():
                setattr(post, name, value)
            post.save(render=False)
        else:
            post.save()
        if source.created_at is not None:
            Post.objects.filter(pk=post.pk).update(created_at=source.created_at)
        self._save_tags(post, source.tags, created=action == "created")
        if source.files or action == "updated":
            self._save_files(post, source)
        self._save_former_urls(post, source.former_urls)
        return action, post

    def _username(self, author):
        """The user name as given when Django accepts it ("ada.l"), else a slug of it
        (Pelican gives display names: "Ada Lovelace" becomes "ada-lovelace")."""
        if USERNAME_RE.fullmatch(author.username):
            return author.username
        return slugify(author.username)[:150] or "imported"

    def author_for(self, author, create=True):
        username = self._username(author)
        user = self.authors.get(username) or self.authors.get(
            f"name:{author.display_name.casefold()}" if author.display_name else None
        )
        if user is None:
            user = get_user_model()(
                username=username, display_name=author.display_name, email=author.email
            )
            if not create:
                return user
            user.set_unusable_password()
            user.save()
            self.authors[username] = user
        return user

    def tag_for(self, name):
        tag = self.tags.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(name=name)
            self.tags[name.casefold()] = tag
        return tag

    def _save_tags(self, post, names, created):
        tags = {tag.pk: tag for tag in (self.tag_for(name) for name in names if name.strip())}
        if created:
            TaggedPost.objects.bulk_create(
                [TaggedPost(content_object=post, tag=tag) for tag in tags.values()]
            )
        else:
            post.tags.set(list(tags.values()))

    def _save_files(self, post, source):
        """Attachments as the source has them, through the model (so its save hooks run):
        identical files are kept, changed or new ones copied, the rest removed."""
        existing = {attachment.filename: attachment for attachment in post.attachments.all()}
        renamed = {}
        for order, wanted in enumerate(source.files):
            attachment = existing.pop(wanted.name, None)
            if attachment is not None and file_digest(attachment.file) == file_digest(wanted.path):
                if (attachment.caption, attachment.order) != (wanted.caption, order):
                    attachment.caption, attachment.order = wanted.caption, order
                    attachment.save()
                continue
            if attachment is not None:
                attachment.delete()
            with wanted.path.open("rb") as handle:
                attachment = Attachment(
                    post=post, caption=wanted.caption, order=order, file=File(handle, wanted.name)
                )
                attachment.save()
            self.summary.files_copied += 1
            if attachment.filename != wanted.name:
                renamed[wanted.name] = attachment.filename
        for attachment in existing.values():
            attachment.delete()
        if renamed:
            # The storage kept an older file of that name until commit: point the text at
            # the name the new file got.
            post.refresh_from_db()
            for old, new in renamed.items():
                post.body = post.body.replace(f"]({old}", f"]({new}").replace(
                    f"]: {old}", f"]: {new}"
                )
            post.save()

    def _save_former_urls(self, post, paths):
        live = post.get_absolute_url()
        rows = [
            FormerURL(path=path, post=post, target=FormerURL.Target.POST)
            for path in dict.fromkeys(paths)
            if path != live
        ]
        if not rows:
            return
        FormerURL.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=["post", "target", "tag"],
        )
        self.summary.redirects_recorded += len(rows)

    def record_redirects(self, redirects):
        """Tag pages, feeds and gone posts of the old site; each in its own transaction.
        An address that leads to a post already is left to it; unchanged rows are not
        written again."""
        redirects = list({redirect.path: redirect for redirect in redirects}.values())
        existing = {}
        for start in range(0, len(redirects), 500):
            paths = [redirect.path for redirect in redirects[start : start + 500]]
            for former in FormerURL.objects.filter(path__in=paths).select_related("tag"):
                existing[former.path] = former
        for redirect in redirects:
            former = existing.get(redirect.path)
            if former is not None and (
                former.post_id is not None
                or (former.target, former.tag.name.casefold() if former.tag else "")
                == (redirect.target, redirect.tag.casefold())
            ):
                continue
            try:
                with transaction.atomic():
                    tag = self.tag_for(redirect.tag) if redirect.tag else None
                    FormerURL.objects.update_or_create(
                        path=redirect.path,
                        defaults={"target": redirect.target, "tag": tag, "post": None},
                    )
            except Exception as error:
                self._forget_caches()
                self._fail(redirect.path, f"{type(error).__name__}: {error}")
                continue
            self.summary.redirects_recorded += 1
