"""WordPress exports (WXR): posts (and pages, on request) with their authors, tags,
categories and pictures; comments are counted and left behind.

WordPress stores HTML with paragraphs separated by blank lines, which Markdown reads the
same way; raw HTML is kept and goes through the sanitiser like everything else. Shortcodes
`[caption]` and `[gallery]` become our figure and gallery syntax, `[code]`/`[sourcecode]`
fenced code, and `<!--more-->` our excerpt marker. The block editor's `<!-- wp:… -->`
comments are dropped; its separator becomes `---` and its "more" block our marker.
"""

import re
from datetime import datetime
from html import unescape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from defusedxml import ElementTree
from django.utils import timezone
from django.utils.text import slugify

from blog.models import FormerURL, Post

from .html_to_markdown import Picture, convert_text, gallery, picture_from_html, text_of
from .sources import AuthorSource, PostSource, RedirectSource, SourceError, add_file, former_path

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
UPLOADS = "/wp-content/uploads/"
NO_DATE = "0000-00-00 00:00:00"

MORE_RE = re.compile(r"\s*<!--\s*more\b.*?-->\s*", re.IGNORECASE | re.DOTALL)
# The block editor's `<!-- wp:name {attributes} -->` … `<!-- /wp:name -->` comments.
SEPARATOR_BLOCK_RE = re.compile(
    r"\s*<!--\s*wp:separator\b.*?-->.*?<!--\s*/wp:separator\s*-->\s*", re.DOTALL
)
MORE_BLOCK_RE = re.compile(r"\s*<!--\s*wp:more\b.*?-->.*?<!--\s*/wp:more\s*-->\s*", re.DOTALL)
BLOCK_COMMENT_LINE_RE = re.compile(r"^[ \t]*<!--\s*/?wp:.*?-->[ \t]*(?:\n|$)", re.M | re.DOTALL)
BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
NEXTPAGE_RE = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)
CAPTION_RE = re.compile(r"\[caption\b([^\]]*)\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
GALLERY_RE = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
CODE_RE = re.compile(
    r"\[(?P<name>code|sourcecode)\b(?P<attrs>[^\]]*)\](?P<code>.*?)\[/(?P=name)\]",
    re.IGNORECASE | re.DOTALL,
)
SHORTCODE_ATTR_RE = re.compile(r"(\w+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+))")
SIZED_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")
FEEDS = ("feed/", "feed/rss/", "feed/rss2/", "feed/atom/", "?feed=rss2", "?feed=atom")


def shortcode_attributes(text):
    return {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in SHORTCODE_ATTR_RE.finditer(text)
    }


def local_name(element):
    return element.tag.rpartition("}")[2]


def child_text(element, name):
    """Text of the child with this local name, whatever the WXR version's namespace."""
    for child in element:
        if local_name(child) == name:
            return (child.text or "").strip()
    return ""


def children(element, name):
    return [child for child in element if local_name(child) == name]


class WXRReader:
    def __init__(
        self,
        export_file,
        *,
        uploads=None,
        pages=False,
        categories_as_tags=True,
        time_zone=None,
        allow_missing_files=False,
    ):
        self.export_file = Path(export_file)
        self.uploads = Path(uploads) if uploads else None
        self.pages = pages
        self.categories_as_tags = categories_as_tags
        self.zone = ZoneInfo(time_zone) if time_zone else timezone.get_current_timezone()
        self.allow_missing_files = allow_missing_files
        self.notes = {}

    def count(self, label, number=1):
        self.notes[label] = self.notes.get(label, 0) + number

    def read(self):
        try:
            channel = ElementTree.parse(self.export_file).getroot().find("channel")
        except (ElementTree.ParseError, OSError) as error:
            raise ValueError(
                f"{self.export_file} is not a readable WordPress export: {error}"
            ) from None
        if channel is None:
            raise ValueError(f"{self.export_file} has no <channel>: not a WordPress export")
        site = child_text(channel, "base_blog_url") or child_text(channel, "link")
        self.blog_path = urlsplit(site).path.rstrip("/")
        self.authors = {
            child_text(author, "author_login"): AuthorSource(
                child_text(author, "author_login"),
                display_name=child_text(author, "author_display_name"),
                email=child_text(author, "author_email"),
            )
            for author in children(channel, "author")
        }
        self.category_ids = {
            child_text(category, "category_nicename"): child_text(category, "term_id")
            for category in children(channel, "category")
        }
        items = channel.findall("item")
        self.attachments = {}
        self.attachments_of = {}
        for item in items:
            if child_text(item, "post_type") == "attachment":
                self.read_attachment(item)
        sources, terms = [], {}
        for item in items:
            post_type = child_text(item, "post_type")
            if post_type == "attachment":
                continue
            if post_type not in {"post", "page"} or (post_type == "page" and not self.pages):
                self.count(f"Skipped ({post_type or 'unknown'} items)")
                continue
            status = child_text(item, "status")
            if status in {"trash", "auto-draft", "inherit"}:
                self.count(f"Skipped ({status})")
                continue
            comments = len(children(item, "comment"))
            if comments:
                self.count("Comments skipped", comments)
            try:
                source = self.source(item, post_type, status, terms)
            except ValueError as error:
                source = SourceError(self.origin(item), str(error))
            except Exception as error:  # one odd item must not stop the others
                reason = f"unexpected error ({type(error).__name__}: {error})"
                source = SourceError(self.origin(item), reason)
            sources.append(source)
        return sources, self.redirects(terms)

    def origin(self, item):
        kind = child_text(item, "post_type") or "item"
        return f"{kind} {child_text(item, 'post_id')} ({child_text(item, 'title')!r})"

    def read_attachment(self, item):
        url = child_text(item, "attachment_url")
        relative = ""
        for meta in children(item, "postmeta"):
            if child_text(meta, "meta_key") == "_wp_attached_file":
                relative = child_text(meta, "meta_value")
        attachment = {
            "url": url,
            "relative": relative or self.uploads_relative(url),
            "title": text_of(child_text(item, "title")),
            "caption": text_of(
                next((c.text or "" for c in item if c.tag.endswith("excerpt/}encoded")), "")
            ),
        }
        self.attachments[child_text(item, "post_id")] = attachment
        self.attachments_of.setdefault(child_text(item, "post_parent"), []).append(attachment)

    def uploads_relative(self, url):
        path = unquote(urlsplit(url).path)
        return path.split(UPLOADS, 1)[1] if UPLOADS in path else ""

    def date(self, item):
        gmt = child_text(item, "post_date_gmt")
        if gmt and gmt != NO_DATE:
            return timezone.make_aware(datetime.fromisoformat(gmt), ZoneInfo("UTC"))
        local = child_text(item, "post_date")
        if local and local != NO_DATE:
            return timezone.make_aware(datetime.fromisoformat(local), self.zone)
        return timezone.now()

    def source(self, item, post_type, status, terms):
        post_id = child_text(item, "post_id")
        title = text_of(child_text(item, "title")) or f"Untitled {post_id}"
        slug = (
            slugify(unquote(child_text(item, "post_name")))
            or slugify(title)
            or f"{post_type}-{post_id}"
        )
        try:
            published_at = self.date(item)
        except ValueError:
            raise ValueError(f"unreadable date {child_text(item, 'post_date_gmt')!r}") from None
        warnings, files = [], {}
        body = self.body(item.findtext(CONTENT) or "", post_id, files, warnings)
        tags = []
        for category in item.findall("category"):
            domain, nicename = category.get("domain"), category.get("nicename", "")
            name = (category.text or "").strip()
            keep = domain == "post_tag" or (
                domain == "category" and self.categories_as_tags and nicename != "uncategorized"
            )
            if name and keep:
                tags.append(name)
                terms.setdefault((domain, nicename or slugify(name)), name)
        if status == "private":
            warnings.append("private on WordPress: imported as a draft")
        public = status in {"publish", "future"}
        login = child_text(item, DC_CREATOR.rpartition("}")[2]) or "admin"
        query_key = "page_id" if post_type == "page" else "p"
        former = [f"{self.blog_path}/?{query_key}={post_id}"]
        link = child_text(item, "link")
        if link and "?" not in link:
            former.append(former_path(link))
        excerpt = next((c.text or "" for c in item if c.tag.endswith("excerpt/}encoded")), "")
        return PostSource(
            origin=self.origin(item),
            title=title,
            slug=slug[:200],
            body=body,
            author=self.authors.get(login, AuthorSource(login)),
            published_at=published_at,
            status=Post.Status.PUBLISHED if public else Post.Status.DRAFT,
            excerpt=text_of(excerpt),
            tags=tags,
            files=list(files.values()),
            former_urls=former if public else [],
            warnings=warnings,
        )

    def body(self, html, post_id, files, warnings):
        html = html.replace("\r\n", "\n").replace("\r", "\n")
        external = []

        def resolve(url):
            relative = self.uploads_relative(url)
            if not relative:
                return None
            if self.uploads is None:
                external.append(url)
                return None
            return self.attach(relative, files, warnings)

        html = SEPARATOR_BLOCK_RE.sub("\n\n---\n\n", html)
        html = MORE_BLOCK_RE.sub("\n\n<!--more-->\n\n", html, count=1)
        html = BLOCK_COMMENT_RE.sub("", BLOCK_COMMENT_LINE_RE.sub("", html))
        html = NEXTPAGE_RE.sub("\n\n", html)
        html = MORE_RE.sub("\n\n<!-- more -->\n\n", html, count=1)
        html = CODE_RE.sub(self.code, html)
        html = CAPTION_RE.sub(lambda m: self.caption(m, resolve), html)
        html = GALLERY_RE.sub(lambda m: self.gallery(m, post_id, resolve, warnings), html)
        body, left_raw = convert_text(html, resolve)
        if external:
            count = len(set(external))
            warnings.append(f"{count} picture(s) or file(s) left as links to the old site")
        if left_raw:
            warnings.append("a raw-HTML block refers to attachments; its pictures may not show")
        return body.strip() + "\n"

    @staticmethod
    def code(match):
        attrs = shortcode_attributes(match.group("attrs"))
        language = attrs.get("language") or attrs.get("lang") or ""
        code = text_of_code(match.group("code"))
        return f"\n\n```{language}\n{code}\n```\n\n"

    def caption(self, match, resolve):
        attrs = shortcode_attributes(match.group(1))
        inner = match.group(2)
        image = re.search(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", inner, re.IGNORECASE)
        if image is None:
            return inner
        picture, _ = picture_from_html(image.group(0), resolve)
        picture.title = text_of(inner.replace(image.group(0), "")) or attrs.get("caption", "")
        return f"\n\n{picture.markdown()}\n\n"

    def gallery(self, match, post_id, resolve, warnings):
        attrs = shortcode_attributes(match.group(1))
        if attrs.get("ids"):
            ids = [part.strip() for part in attrs["ids"].split(",") if part.strip()]
            chosen = [self.attachments[i] for i in ids if i in self.attachments]
            if len(chosen) < len(ids):
                warnings.append("a [gallery] names attachments that are not in the export")
        else:
            chosen = self.attachments_of.get(post_id, [])
        pictures = []
        for attachment in chosen:
            reference = resolve(attachment["url"]) or attachment["url"]
            pictures.append(Picture(reference, alt=attachment["caption"] or attachment["title"]))
        return f"\n\n{gallery(pictures)}\n\n" if pictures else ""

    def attach(self, relative, files, warnings):
        path = self.uploads / PurePosixPath(relative)
        original = self.uploads / SIZED_RE.sub("", relative)
        if original.is_file():
            path = original  # a resized copy's original: our own renditions take over
        return add_file(path, files, warnings, self.uploads, self.allow_missing_files)

    def redirects(self, terms):
        blog = self.blog_path
        redirects = []
        for (domain, slug), name in terms.items():
            base = "tag" if domain == "post_tag" else "category"
            paths = [f"{blog}/{base}/{slug}/"]
            if domain == "post_tag":
                paths.append(f"{blog}/?tag={slug}")
            elif self.category_ids.get(slug):
                paths.append(f"{blog}/?cat={self.category_ids[slug]}")
            for path in paths:
                redirects.append(RedirectSource(former_path(path), FormerURL.Target.TAG, name))
            feed = former_path(f"{blog}/{base}/{slug}/feed/")
            redirects.append(RedirectSource(feed, FormerURL.Target.TAG_FEED, name))
        for feed in FEEDS:
            redirects.append(RedirectSource(former_path(f"{blog}/{feed}"), FormerURL.Target.FEED))
        return redirects


def text_of_code(html):
    """Code inside a shortcode as WordPress showed it: entities decoded."""
    return unescape(html.strip("\n"))
