from blog.transfer.import_command import ImportCommand
from blog.transfer.wxr import WXRReader


class Command(ImportCommand):
    help = (
        "Import a WordPress export (WXR): posts, drafts, authors, tags, categories and, with "
        "--uploads, their pictures; old addresses (?p=ID, permalinks, tags, feeds) redirect."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file from Tools → Export in WordPress.")
        parser.add_argument(
            "--uploads",
            help="A copy of the site's wp-content/uploads folder; without it pictures stay "
            "links to the old site (reported).",
        )
        parser.add_argument("--pages", action="store_true", help="Import pages as posts too.")
        parser.add_argument(
            "--no-categories", action="store_true", help="Do not turn categories into tags."
        )
        parser.add_argument(
            "--timezone", help="Time zone of dates without a GMT value (default: TIME_ZONE)."
        )
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="Import a post whose picture is missing from --uploads (reported) instead of "
            "failing it.",
        )
        super().add_arguments(parser)

    def reader(self, options):
        return WXRReader(
            options["export"],
            uploads=options["uploads"],
            pages=options["pages"],
            categories_as_tags=not options["no_categories"],
            time_zone=options["timezone"],
            allow_missing_files=options["allow_missing_files"],
        )
