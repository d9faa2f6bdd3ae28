from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from blog.media.files import delete_files, stored_files
from blog.models import Attachment


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


def referenced_files():
    """Every file name the database refers to: file fields of every model, and renditions."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
    for attachment in Attachment.objects.only("file", "renditions").iterator():
        names.update(attachment.file_names())
    return names
