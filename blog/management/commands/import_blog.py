from django.core.management.base import CommandError

from blog.importers.command import ImportCommand
from blog.importers.export import ExportReader


class Command(ImportCommand):
    help = (
        "Import a folder written by export_blog: posts with every field, attachments and old "
        "addresses. Into an empty site it reproduces the exported one."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A folder written by export_blog.")
        super().add_arguments(parser)

    def read(self, options):
        try:
            return ExportReader(options["directory"]).read()
        except ValueError as error:
            raise CommandError(str(error)) from None
