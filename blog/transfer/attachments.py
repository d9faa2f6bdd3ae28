"""Copying an imported post's files in as its attachments."""

from django.core.files import File

from blog.models import Attachment

from .sources import file_digest


def copy_attachments(post, files):
    """Give `post` the attachments `files` (FileSources) describe, through the model (so its
    save hooks run): identical files are kept, changed or new ones copied, the rest removed.
    Returns how many were copied."""
    existing = {attachment.filename: attachment for attachment in post.attachments.all()}
    renamed, copied = {}, 0
    for order, wanted in enumerate(files):
        attachment = existing.pop(wanted.name, None)
        if attachment is not None and file_digest(attachment.file) == file_digest(wanted.path):
            if (attachment.caption, attachment.order) != (wanted.caption, order):
                attachment.caption, attachment.order = wanted.caption, order
                attachment.save()
            continue
        if attachment is not None:
            attachment.delete()
        with wanted.path.open("rb") as handle:
            attachment = Attachment(
                post=post, caption=wanted.caption, order=order, file=File(handle, wanted.name)
            )
            attachment.save()
        copied += 1
        if attachment.filename != wanted.name:
            renamed[wanted.name] = attachment.filename
    for attachment in existing.values():
        attachment.delete()
    if renamed:
        # The storage kept an older file of that name until commit: point the text at
        # the name the new file got.
        post.refresh_from_db()
        for old, new in renamed.items():
            post.body = post.body.replace(f"]({old}", f"]({new}").replace(f"]: {old}", f"]: {new}")
        post.save()
    return copied
