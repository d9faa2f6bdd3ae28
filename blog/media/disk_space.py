"""Room on the media disk: an upload that cannot fit is a form error, never a partial file."""

import os
import shutil

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat

# A picture's renditions are written beside it: six of a 606 KB JPEG took 446 KB. Twice the
# picture's size is asked for; more than that is caught while writing (`disk_full_error`).
PICTURE_SPACE_FACTOR = 2


def space_needed(file, facts):
    return file.size * (PICTURE_SPACE_FACTOR if facts.kind == "image" else 1)


def check_free_space(needed, storage, name):
    """Refuse an upload of `needed` bytes the media folder's disk has no room for (a bucket has
    no such limit); `name` says which file(s) in the message."""
    if not isinstance(storage, FileSystemStorage):
        return
    folder = os.path.abspath(storage.location)
    while not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    free = shutil.disk_usage(folder).free
    if needed >= free:
        raise ValidationError(
            f"The server's disk has no room for “{name}” ({filesizeformat(needed)} needed; "
            f"{filesizeformat(free)} free). Ask the site's administrator to free some space.",
            code="disk_full",
        )


def disk_full_error(name):
    """The disk filled up while `name` was being written; what was written is gone."""
    return ValidationError(
        f"The server's disk filled up while storing “{name}”; nothing was saved. Ask the "
        "site's administrator to free some space, then choose the file again and save.",
        code="disk_full",
    )
