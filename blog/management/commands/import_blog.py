from blog.transfer.export import ExportReader
from blog.transfer.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a folder written by export_blog: posts with every field, attachments and old "
        "addresses. Into an empty site it reproduces the exported one."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A folder written by export_blog.")
        super().add_arguments(parser)

    def reader(self, options):
        return ExportReader(options["directory"])
