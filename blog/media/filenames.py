"""The name an uploaded file is stored and referred to under."""

import posixpath
import re
import unicodedata

MAX_NAME_LENGTH = 100


def normalise_filename(name):
    """A safe, readable file name: no folders, no control characters, Unicode letters kept.

    `../../etc/passwd` becomes `passwd`, `Ünïcode café.JPG` becomes `Ünïcode-café.jpg`,
    an emoji-only name becomes `file.<ext>`.
    """
    name = posixpath.basename(name.replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = re.sub(r"[^\w]", "", extension).lower()
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-_")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_NAME_LENGTH].strip(".-") or "file"
    return f"{stem}.{extension}" if extension else stem
