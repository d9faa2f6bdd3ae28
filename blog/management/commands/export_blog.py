from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.transfer.export import export_blog


class Command(BaseCommand):
    help = (
        "Write every post (drafts too) as Markdown with a YAML front matter, its attachments "
        "beside it, and the site's old addresses, into DIR; read it back with import_blog."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty folder.")

    def handle(self, *args, directory, **options):
        root = Path(directory)
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise CommandError(f"{root} is not an empty folder; export into a new one.")
        root.mkdir(parents=True, exist_ok=True)
        counts = export_blog(root)
        self.stdout.write(
            f"Exported {counts['posts']} posts, {counts['files']} attachments and "
            f"{counts['redirects']} other old addresses to {root}."
        )
