from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from blog.models import Attachment


class Command(BaseCommand):
    help = (
        "Inspect stored attachments again and rewrite the renditions of pictures: for files "
        "stored before renditions existed, or after HOGSHEAD['RENDITION_WIDTHS'] changed. "
        "Posts are rendered again with the new picture URLs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--post", type=int, help="Only the attachments of this post (id).")

    def handle(self, *args, post, **options):
        attachments = Attachment.objects.order_by("post_id", "order", "id")
        if post is not None:
            attachments = attachments.filter(post_id=post)
        done = 0
        for attachment in attachments.iterator():
            try:
                attachment.refresh_from_file()
            except (ValidationError, OSError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else error
                self.stderr.write(f"{attachment.file.name}: {message}")
                continue
            done += 1
        self.stdout.write(self.style.SUCCESS(f"Refreshed {done} attachment(s)."))
