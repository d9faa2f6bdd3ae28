"""What an uploaded file is, decided from its bytes.

Every attachment goes through `inspect_upload` before it is saved (the admin form's
validation, and `Attachment.save()` for code that skips validation), so a refused file
never reaches the storage and never half-saves a post.
"""

import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

# Raster formats every browser displays inline; any other file is served as a download.
INLINE_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
INLINE_IMAGE_FORMATS["WEBP"] = "image/webp"
# A name claiming one of these promises a picture; content that is not one is refused.
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "jpe", "png", "gif", "webp"})
VIDEO_EXTENSIONS = frozenset({"mp4", "m4v", "webm"})
# ISO base media brands browsers play as MP4.
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"}
)


@dataclass(frozen=True)
class UploadFacts:
    kind: str  # "image", "video" or "file", the values of Attachment.Kind
    content_type: str = "application/octet-stream"
    width: int | None = None
    height: int | None = None
    animated: bool = False


def _extension(name):
    return name.rpartition(".")[2].lower() if "." in name else ""


def _video_type(head):
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm"
    return None


def max_upload_bytes():
    return settings.HOGSHEAD["MAX_UPLOAD_BYTES"]


def inspect_upload(file, name=None, check_size=True):
    """Return the facts about an upload, or raise ValidationError saying why it is refused."""
    name = name or posixpath.basename(file.name or "")
    size = file.size
    if not size:
        raise ValidationError(f"“{name}” is empty (0 bytes).", code="empty")
    if check_size and size > max_upload_bytes():
        raise ValidationError(
            f"“{name}” is {filesizeformat(size)}; files may be at most "
            f"{filesizeformat(max_upload_bytes())}.",
            code="too_large",
        )
    file.open("rb")
    try:
        file.seek(0)
        head = file.read(64)
        file.seek(0)
        facts = _image_facts(file, name)
        if facts is None:
            video_type = _video_type(head)
            facts = UploadFacts("video", video_type) if video_type else UploadFacts("file")
    finally:
        file.seek(0)
    extension = _extension(name)
    if extension in IMAGE_EXTENSIONS and facts.kind != "image":
        raise ValidationError(
            f"“{name}” is named like a picture but is not a JPEG, PNG, GIF or WebP picture.",
            code="not_an_image",
        )
    if extension in VIDEO_EXTENSIONS and facts.kind != "video":
        raise ValidationError(
            f"“{name}” is named like a video but is not an MP4 or WebM video.",
            code="not_a_video",
        )
    return facts


def _image_facts(file, name):
    """Facts about a raster picture, None when the bytes are not one we display."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in INLINE_IMAGE_FORMATS:
                    return None
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()  # a full decode: truncated or corrupt pictures fail here
                width, height = image.size
                if image.getexif().get(0x0112, 1) in {5, 6, 7, 8}:  # EXIF orientation: rotated
                    width, height = height, width
                return UploadFacts(
                    "image",
                    INLINE_IMAGE_FORMATS[image.format],
                    width,
                    height,
                    animated=getattr(image, "n_frames", 1) > 1,
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            f"“{name}” is too large a picture to process safely (more than "
            f"{Image.MAX_IMAGE_PIXELS:,} pixels).",
            code="decompression_bomb",
        ) from None
    except UnidentifiedImageError:
        return None
    except (OSError, SyntaxError, ValueError):
        if _extension(name) in IMAGE_EXTENSIONS:
            raise ValidationError(
                f"“{name}” could not be read as a picture: it is damaged or truncated.",
                code="broken_image",
            ) from None
        return None
