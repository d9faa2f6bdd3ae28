"""Pelican `content/` folders: Markdown articles with a `Key: value` header.

Links written with Pelican's `{static}`, `{attach}` and `{filename}` prefixes (or the old
`|static|` form) become attachments of the post or links to the imported post; `{tag}`,
`{category}`, `{author}` and `{index}` become our tag pages and front page.
"""

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from blog.models import FormerURL, Post

from .html_to_markdown import convert_text
from .sources import AuthorSource, PostSource, RedirectSource, SourceError, add_file, former_path

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
# Pelican's own folder for pages: not articles.
PAGE_FOLDERS = {"pages"}

# The header as Python-Markdown's `meta` extension reads it: `Key: value` lines, indented
# continuation lines, optionally between `---` lines, ended by a blank line.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
PREFIX_RE = re.compile(
    r"(?:\{|\|)(?P<kind>static|attach|filename|tag|category|author|index)(?:\}|\|)"
    r"(?P<target>[^\s\"'<>)\]]*)"
)

DEFAULT_ARTICLE_URL = "{slug}.html"
DEFAULT_TAG_URL = "tag/{slug}.html"
DEFAULT_CATEGORY_URL = "category/{slug}.html"
FEED_URLS = ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/atom.xml", "feeds/rss.xml")
CATEGORY_FEED_URLS = ("feeds/{slug}.atom.xml", "feeds/{slug}.rss.xml")


def pelican_slug(text):
    """Pelican's default slugify: ASCII, lower case, runs of spaces and hyphens to one `-`."""
    return slugify(text)


def decode(raw, fallback_encoding):
    """Text of a file: UTF-8 (with or without a BOM), else the fallback encoding, reported."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        if not fallback_encoding:
            raise
        try:
            text = raw.decode(fallback_encoding)
        except UnicodeDecodeError:
            raise error from None
        byte = f"byte {raw[error.start]:#04x} at {error.start}"
        return text, f"not UTF-8 ({byte}); read as {fallback_encoding}"


def split_header(text):
    """(metadata with lower-case keys, body). A file without a header has no metadata."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        lines = lines[1:]
    metadata, key, index = {}, None, 0
    for index, line in enumerate(lines):
        if not line.strip() or line.strip() in {"---", "..."}:
            index += 1
            break
        if (match := META_RE.match(line)) is not None:
            key = match.group("key").lower()
            metadata[key] = match.group("value").strip()
        elif key is not None and (more := META_MORE_RE.match(line)) is not None:
            metadata[key] = f"{metadata[key]} {more.group('value').strip()}"
        else:
            break
    else:
        index = len(lines)
    return metadata, "\n".join(lines[index:]).strip("\n") + "\n"


def parse_date(value, zone, field_name):
    text = value.strip().replace("/", "-")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{field_name} {value!r} is not a date (write 2019-06-02 or 2019-06-02 10:20)"
        ) from None
    return timezone.make_aware(moment, zone) if timezone.is_naive(moment) else moment


@dataclass
class Article:
    """One file's header read, before the links between articles can be resolved."""

    path: Path
    relative: str
    metadata: dict
    body: str
    slug: str
    published_at: datetime
    category: str
    warnings: list = field(default_factory=list)

    def url(self):
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post_detail",
            kwargs={"year": local.year, "month": local.month, "day": local.day, "slug": self.slug},
        )


class PelicanReader:
    def __init__(
        self,
        content_dir,
        *,
        article_url=DEFAULT_ARTICLE_URL,
        tag_url=DEFAULT_TAG_URL,
        category_url=DEFAULT_CATEGORY_URL,
        categories_as_tags=True,
        default_author="admin",
        time_zone=None,
        fallback_encoding="cp1252",
        allow_missing_files=False,
    ):
        self.root = Path(content_dir)
        self.article_url = article_url
        self.tag_url = tag_url
        self.category_url = category_url
        self.categories_as_tags = categories_as_tags
        self.default_author = default_author
        self.zone = ZoneInfo(time_zone) if time_zone else timezone.get_current_timezone()
        self.fallback_encoding = fallback_encoding
        self.allow_missing_files = allow_missing_files

    def files(self):
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            is_article = relative.parts[0] not in PAGE_FOLDERS
            if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file() and is_article:
                yield path, relative.as_posix()

    def read(self):
        """(sources, redirects): a PostSource or SourceError per article, then the redirects
        of the old tag, category and feed pages."""
        articles, results = {}, []
        for path, relative in self.files():
            try:
                article = self.read_article(path, relative)
            except (ValueError, OSError) as error:
                results.append(SourceError(relative, str(error)))
                continue
            articles[relative] = article
            results.append(article)
        tags, categories = {}, {}
        sources = []
        for item in results:
            if isinstance(item, SourceError):
                sources.append(item)
                continue
            source = self.source(item, articles)
            sources.append(source)
            if isinstance(source, SourceError):
                continue
            for name in source.tags:
                tags.setdefault(name.casefold(), name)
            if item.category:
                categories.setdefault(item.category.casefold(), item.category)
        return sources, self.redirects(tags.values(), categories.values())

    def read_article(self, path, relative):
        text, warning = decode(path.read_bytes(), self.fallback_encoding)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        metadata, body = split_header(text)
        title = metadata.get("title", "").strip()
        if not title:
            raise ValueError(
                "no Title in the header (the file must start with `Title: …` lines, "
                "then a blank line)"
            )
        if not metadata.get("date"):
            raise ValueError("no Date in the header")
        published_at = parse_date(metadata["date"], self.zone, "Date")
        slug = pelican_slug(metadata.get("slug") or title)
        if not slug:
            raise ValueError(f"no slug can be made from the title {title!r}; add a Slug")
        category = metadata.get("category", "").strip()
        folder = PurePosixPath(relative).parent
        if not category and folder.parts:
            category = folder.parts[0]
        article = Article(path, relative, metadata, body, slug, published_at, category)
        if warning:
            article.warnings.append(warning)
        return article

    def source(self, article, articles):
        metadata = article.metadata
        files, warnings = {}, list(article.warnings)

        def resolve(reference):
            match = PREFIX_RE.fullmatch(reference.strip())
            return self.resolve(match, article, articles, files, warnings) if match else None

        body, left_raw = convert_text(
            article.body,
            resolve,
            rewrite=lambda block: PREFIX_RE.sub(
                lambda m: self.resolve(m, article, articles, files, warnings) or m.group(0),
                block,
            ),
        )
        if left_raw:
            warnings.append("a raw-HTML block refers to attachments; its pictures may not show")
        status = metadata.get("status", "published").strip().lower()
        if status == "hidden":
            warnings.append("Status hidden: imported as a draft")
        tags = [name.strip() for name in metadata.get("tags", "").split(",") if name.strip()]
        if self.categories_as_tags and article.category:
            tags.append(article.category)
        revised_at = None
        if metadata.get("modified"):
            try:
                revised_at = parse_date(metadata["modified"], self.zone, "Modified")
            except ValueError as error:
                return SourceError(article.relative, str(error))
        author = metadata.get("author") or metadata.get("authors", "").split(",")[0].strip()
        return PostSource(
            origin=article.relative,
            title=metadata["title"].strip(),
            slug=article.slug,
            body=body,
            author=AuthorSource(author or self.default_author, display_name=author),
            published_at=article.published_at,
            status=Post.Status.PUBLISHED if status == "published" else Post.Status.DRAFT,
            excerpt=" ".join(metadata.get("summary", "").split()),
            revised_at=revised_at if revised_at and revised_at > article.published_at else None,
            tags=tags,
            files=list(files.values()),
            former_urls=self.former_urls(article) if status == "published" else [],
            warnings=warnings,
        )

    def resolve(self, match, article, articles, files, warnings):
        """What a `{kind}target` reference becomes in our Markdown."""
        kind, target = match.group("kind"), match.group("target")
        if kind == "index":
            return reverse("blog:post_list")
        if kind in {"tag", "category"}:
            return reverse("blog:tag_detail", kwargs={"slug": pelican_slug(target)})
        if kind == "author":
            return reverse("blog:author_detail", kwargs={"username": pelican_slug(target)})
        parts = urlsplit(target)
        relative = unquote(parts.path)
        if relative.startswith("/"):
            linked = PurePosixPath(relative.lstrip("/"))
        else:
            linked = PurePosixPath(article.relative).parent / relative
        linked = PurePosixPath(posixpath.normpath(linked))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if kind == "filename" and linked.as_posix() in articles:
            return articles[linked.as_posix()].url() + fragment
        if kind == "filename" and linked.suffix.lower() in MARKDOWN_SUFFIXES:
            warnings.append(f"links to {linked}, which is not an imported article")
            return None
        name = add_file(self.root / linked, files, warnings, self.root, self.allow_missing_files)
        return name and name + fragment

    def former_urls(self, article):
        local = timezone.localtime(article.published_at, self.zone)
        values = {
            "slug": article.slug,
            "date": local,
            "category": pelican_slug(article.category) if article.category else "misc",
            "author": pelican_slug(article.metadata.get("author", "")),
            "lang": article.metadata.get("lang", "en"),
        }
        url = self.article_url.format(**values)
        urls = [former_path(f"/{url.lstrip('/')}")]
        if url.endswith("/"):
            urls.append(former_path(f"/{url.lstrip('/')}index.html"))
        return urls

    def redirects(self, tags, categories):
        redirects = []
        for name in tags:
            path = self.tag_url.format(slug=pelican_slug(name))
            redirects.append(RedirectSource(former_path(f"/{path}"), FormerURL.Target.TAG, name))
        for name in categories if self.categories_as_tags else ():
            path = self.category_url.format(slug=pelican_slug(name))
            redirects.append(RedirectSource(former_path(f"/{path}"), FormerURL.Target.TAG, name))
            for feed in CATEGORY_FEED_URLS:
                path = former_path(f"/{feed.format(slug=pelican_slug(name))}")
                redirects.append(RedirectSource(path, FormerURL.Target.TAG_FEED, name))
        for feed in FEED_URLS:
            redirects.append(RedirectSource(former_path(f"/{feed}"), FormerURL.Target.FEED))
        return redirects
