from blog.transfer.import_command import ImportCommand
from blog.transfer.pelican import (
    DEFAULT_ARTICLE_URL,
    DEFAULT_CATEGORY_URL,
    DEFAULT_TAG_URL,
    PelicanReader,
)


class Command(ImportCommand):
    help = (
        "Import the Markdown articles of a Pelican content folder (subfolders too), with "
        "their pictures and files, and keep their old addresses alive as redirects."
    )

    def add_arguments(self, parser):
        parser.add_argument("content_dir", help="Pelican's content folder.")
        parser.add_argument(
            "--article-url",
            default=DEFAULT_ARTICLE_URL,
            help="Pelican's ARTICLE_URL, e.g. 'posts/{date:%%Y}/{slug}/' (default: %(default)s).",
        )
        parser.add_argument("--tag-url", default=DEFAULT_TAG_URL, help="Pelican's TAG_URL.")
        parser.add_argument(
            "--category-url", default=DEFAULT_CATEGORY_URL, help="Pelican's CATEGORY_URL."
        )
        parser.add_argument(
            "--no-categories",
            action="store_true",
            help="Do not turn categories into tags.",
        )
        parser.add_argument(
            "--default-author",
            default="admin",
            help="User name for articles without an Author (default: %(default)s).",
        )
        parser.add_argument(
            "--timezone", help="Time zone of dates written without one (default: TIME_ZONE)."
        )
        parser.add_argument(
            "--fallback-encoding",
            default="cp1252",
            help="Encoding tried for files that are not UTF-8 (default: %(default)s; "
            "'' makes them fail).",
        )
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="Import an article whose picture or file is missing (reported) instead of "
            "failing it.",
        )
        super().add_arguments(parser)

    def reader(self, options):
        return PelicanReader(
            options["content_dir"],
            article_url=options["article_url"],
            tag_url=options["tag_url"],
            category_url=options["category_url"],
            categories_as_tags=not options["no_categories"],
            default_author=options["default_author"],
            time_zone=options["timezone"],
            fallback_encoding=options["fallback_encoding"],
            allow_missing_files=options["allow_missing_files"],
        )
