"""The writer every import shares: sources read from an old engine become posts, one post
per transaction, counted and reported.

A reader (`pelican.py`, `wxr.py`, `export.py`) turns its input into `PostSource`s (or a
`SourceError` for an input it could not read) and `RedirectSource`s; `Importer` matches
each source with a post already here (by former URL, then by slug), and creates, updates or
skips it. A failure rolls back that one post and the rest goes on.
"""

from collections import defaultdict

from django.db import transaction

from blog.models import FormerURL, Post, TaggedPost

from .attachments import copy_attachments
from .authors_and_tags import AuthorsAndTags
from .parallel import rendered_in_parallel
from .sources import PostSource, SourceError, file_digest
from .summary import Summary


class Importer:
    """Creates, updates or skips one post per source, each in its own transaction."""

    batch_size = 100

    def __init__(self, *, dry_run=False, jobs=1, report=print, progress=None):
        self.dry_run = dry_run
        self.jobs = jobs
        self.report = report  # called with one line per event worth telling
        self.progress = progress or (lambda iterable, total: iterable)
        self.summary = Summary()
        self.known = AuthorsAndTags()
        # A failed item leaves nothing behind: not even its tags, through the old tag pages.
        self.tags_of_failed = set()
        # Loaded once: matching a source must not query the whole table per post.
        # Posts and pages have slugs of their own: (kind, slug) -> pk.
        self.post_by_slug = {
            (kind, slug): pk for kind, slug, pk in Post.objects.values_list("kind", "slug", "pk")
        }
        self.post_by_former_url = dict(
            FormerURL.objects.filter(post__isnull=False).values_list("path", "post_id")
        )
        self.former_urls_of = defaultdict(set)
        for path, pk in self.post_by_former_url.items():
            self.former_urls_of[pk].add(path)
        self.claimed = {}  # post pk -> origin of the source that took it in this run
        self._matched = {}

    def run(self, sources, redirects=()):
        sources = list(sources)
        with self._rendered_in_parallel(sources) as rendered:
            progress = iter(self.progress(sources, len(sources)))
            for start in range(0, len(sources), self.batch_size):
                # Each post is its own transaction (a savepoint): a failure undoes that post
                # only. Committing a batch at a time spares the disk a sync per post.
                batch = sources[start : start + self.batch_size]
                self._load_matched_posts(batch)
                with transaction.atomic():
                    for source in batch:
                        next(progress)
                        fields = next(rendered) if getattr(source, "prerender", False) else None
                        self._import_one(source, fields)
            next(progress, None)
        if not self.dry_run:
            self.record_redirects(redirects)
        return self.summary

    def _load_matched_posts(self, batch):
        """The posts a batch of sources will be compared with, with their tags and
        attachments, in three queries rather than three per post."""
        pks = {self.match(s) for s in batch if isinstance(s, PostSource)} - {None}
        self._matched = (
            Post.objects.select_related("author")
            .prefetch_related("tags", "attachments", "coauthors")
            .in_bulk(pks)
            if pks
            else {}
        )

    def _matched_post(self, pk):
        post = self._matched.pop(pk, None)
        return post or Post.objects.select_related("author").get(pk=pk)

    def _rendered_in_parallel(self, sources):
        if self.dry_run:
            return rendered_in_parallel([], self.jobs)
        new = [
            source
            for source in sources
            if isinstance(source, PostSource) and not source.files and self.match(source) is None
        ]
        return rendered_in_parallel(new, self.jobs)

    def _import_one(self, source, rendered):
        if isinstance(source, SourceError):
            self._fail(source.origin, source.reason)
            return
        try:
            self.import_post(source, rendered)
        except SourceError as error:
            self._fail(error.origin, error.reason)
            self.tags_of_failed.update(name.casefold() for name in source.tags)
        for warning in source.warnings:
            self.summary.warn(source.origin, warning)
            self.report(f"warning: {source.origin}: {warning}")

    def _fail(self, origin, reason):
        self.summary.fail(origin, reason)
        self.report(f"FAILED {origin}: {reason}")

    def match(self, source):
        """The post this source was imported as before: by a former URL, else by slug."""
        for path in source.former_urls:
            if path in self.post_by_former_url:
                return self.post_by_former_url[path]
        return self.post_by_slug.get((source.kind, source.slug))

    def import_post(self, source, rendered=None):
        pk = self.match(source)
        if pk in self.claimed:
            raise SourceError(
                source.origin, f"same post as {self.claimed[pk]} (slug {source.slug!r})"
            )
        if self.post_by_slug.get((source.kind, source.slug), pk) != pk:
            raise SourceError(source.origin, f"the slug {source.slug!r} is another {source.kind}'s")
        missing = [f"{f.name} ({f.path})" for f in source.files if not f.path.is_file()]
        if missing:
            raise SourceError(source.origin, f"missing file: {', '.join(missing)}")
        if self.dry_run:
            self._plan(source, pk)
            return
        try:
            post = self._matched_post(pk) if pk is not None else None
            if post is not None and self._unchanged(post, source):
                action = "skipped"  # no transaction needed to write nothing
            else:
                with transaction.atomic():
                    action, post = self._save(source, post, rendered)
        except SourceError:
            self.known.forget()
            raise
        except Exception as error:  # One bad post must not stop the rest.
            self.known.forget()
            raise SourceError(source.origin, f"{type(error).__name__}: {error}") from error
        self.claimed[post.pk] = source.origin
        self.post_by_slug[(post.kind, post.slug)] = post.pk
        for path in source.former_urls:
            self.post_by_former_url[path] = post.pk
            self.former_urls_of[post.pk].add(path)
        self.summary.count(action)
        if action != "skipped":
            self.report(f"{action} {source.origin} → {post.get_absolute_url()}")

    def _plan(self, source, pk):
        if pk is None:
            action = "created"
        else:
            post = self._matched_post(pk)
            action = "skipped" if self._unchanged(post, source) else "updated"
        self.summary.count(action)
        if pk is not None:
            self.claimed[pk] = source.origin
        verb = "would be skipped (unchanged)" if action == "skipped" else f"would be {action}"
        self.report(f"{verb}: {source.origin} ({source.slug})")

    def _fields(self, source):
        return {
            "kind": source.kind,
            "title": source.title,
            "slug": source.slug,
            "body": source.body,
            "excerpt": source.excerpt,
            "status": source.status,
            "published_at": source.published_at,
            "revised_at": source.revised_at,
            "pinned": source.pinned,
            "menu_order": source.menu_order,
            "in_navigation": source.in_navigation,
        }

    def _unchanged(self, post, source):
        fields = self._fields(source)
        if any(getattr(post, name) != value for name, value in fields.items()):
            return False
        if post.author_id != self.known.author_for(source.author, create=False).pk:
            return False
        if {user.username for user in post.coauthors.all()} != {
            self.known.author_for(author, create=False).username for author in source.coauthors
        }:
            return False
        if bool(post.password) != bool(source.password) or (
            source.password and not post.check_password(source.password)
        ):
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

    def _save(self, source, post, rendered):
        action = "created" if post is None else "updated"
        post = post or Post()
        for name, value in self._fields(source).items():
            setattr(post, name, value)
        post.author = self.known.author_for(source.author)
        if not (source.password and post.check_password(source.password)):
            post.set_password(source.password)
        if rendered is not None and action == "created":
            for name, value in rendered.items():
                setattr(post, name, value)
            post.save(render=False)
        else:
            post.save()
        if source.created_at is not None:
            Post.objects.filter(pk=post.pk).update(created_at=source.created_at)
        self._save_tags(post, source.tags, created=action == "created")
        if source.coauthors or action == "updated":
            post.coauthors.set([self.known.author_for(author) for author in source.coauthors])
        if source.files or action == "updated":
            self.summary.files_copied += copy_attachments(post, source.files)
        self._save_former_urls(post, source.former_urls)
        return action, post

    def _save_tags(self, post, names, created):
        tags = {tag.pk: tag for tag in (self.known.tag_for(name) for name in names if name.strip())}
        if created:
            TaggedPost.objects.bulk_create(
                [TaggedPost(content_object=post, tag=tag) for tag in tags.values()]
            )
        else:
            post.tags.set(list(tags.values()))

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
            tag = redirect.tag.casefold()
            if tag in self.tags_of_failed and tag not in self.known.tags:
                continue
            former = existing.get(redirect.path)
            if former is not None and (
                former.post_id is not None
                or (former.target, former.tag.name.casefold() if former.tag else "")
                == (redirect.target, redirect.tag.casefold())
            ):
                continue
            try:
                with transaction.atomic():
                    tag = self.known.tag_for(redirect.tag) if redirect.tag else None
                    FormerURL.objects.update_or_create(
                        path=redirect.path,
                        defaults={"target": redirect.target, "tag": tag, "post": None},
                    )
            except Exception as error:
                self.known.forget()
                self._fail(redirect.path, f"{type(error).__name__}: {error}")
                continue
            self.summary.redirects_recorded += 1
