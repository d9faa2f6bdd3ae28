from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from blog.cleanup import delete_files, referenced_files, stored_files


class Command(BaseCommand):
    help = (
        "List files under MEDIA_ROOT that no attachment (or other file field) refers to; "
        "remove them with --delete. Files younger than --grace seconds are left alone: "
        "they may belong to an upload still being saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the orphan files.")
        parser.add_argument(
            "--grace", type=int, default=3600, help="Ignore files younger than this (seconds)."
        )

    def handle(self, *args, delete, grace, **options):
        storage = default_storage
        known = referenced_files()
        cutoff = timezone.now() - timedelta(seconds=grace)
        orphans = [
            name
            for name in sorted(stored_files(storage))
            if name not in known and storage.get_modified_time(name) <= cutoff
        ]
        total = sum(storage.size(name) for name in orphans)
        for name in orphans:
            self.stdout.write(name)
        summary = f"{len(orphans)} orphan file(s), {filesizeformat(total)}."
        if delete:
            delete_files(storage, orphans)
            self.stdout.write(self.style.SUCCESS(f"Deleted {summary}"))
        elif orphans:
            self.stdout.write(f"{summary} Dry run: nothing deleted; use --delete to remove them.")
        else:
            self.stdout.write("No orphan files.")
