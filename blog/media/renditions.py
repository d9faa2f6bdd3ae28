"""Resized copies of uploaded pictures, written once, when the picture is uploaded.

A rendition's name follows from its attachment's file name, width and format, so pages
compute every URL from the database row alone, never asking the file system:
`posts/3/hogshead.jpg` at 960 pixels in WebP is `posts/3/renditions/hogshead.jpg/960.webp`.
Renditions have the EXIF orientation applied and carry no EXIF at all (no GPS position);
the colour profile is kept.
"""

import io
import posixpath

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .files import delete_files

EXTENSIONS = {"image/webp": "webp", "image/jpeg": "jpg", "image/png": "png"}
# The format of the non-WebP renditions; a still GIF becomes PNG, WebP stays WebP only.
FALLBACK_TYPES = {"image/jpeg": "image/jpeg", "image/png": "image/png", "image/gif": "image/png"}
ENCODER_OPTIONS = {
    "image/jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    "image/webp": {"format": "WEBP", "quality": 80, "method": 4},
    "image/png": {"format": "PNG", "optimize": True},
}


def rendition_widths(width):
    """The configured widths narrower than the picture, and the picture's own width
    (capped at the widest): never an enlargement, always at least one rendition."""
    widths = sorted(settings.HOGSHEAD["RENDITION_WIDTHS"])
    largest = min(width, widths[-1])
    return [w for w in widths if w < largest] + [largest]


def rendition_types(content_type):
    fallback = FALLBACK_TYPES.get(content_type)
    return ["image/webp", fallback] if fallback else ["image/webp"]


def rendition_name(file_name, width, content_type):
    folder, base = posixpath.split(file_name)
    return f"{folder}/renditions/{base}/{width}.{EXTENSIONS[content_type]}"


def rendition_names(file_name, renditions):
    return [rendition_name(file_name, r["width"], r["type"]) for r in renditions]


def _prepared(image, content_type):
    """Pixels the encoder for `content_type` accepts, transparency kept where it can be."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if content_type == "image/jpeg":
        return image.convert("RGB") if image.mode not in {"RGB", "L"} else image
    return (
        image.convert("RGBA" if has_alpha else "RGB")
        if image.mode not in {"RGB", "RGBA"}
        else image
    )


def write_renditions(storage, file_name, file, content_type):
    """Write every rendition of the picture in `file`; return their descriptions."""
    file.seek(0)
    with Image.open(file) as original:
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        image.load()
    if image.mode == "P":
        image = image.convert("RGBA")
    renditions, started = [], []
    try:
        _write_all(storage, file_name, image, content_type, icc_profile, renditions, started)
    except OSError:
        # A full disk must not leave half a set of renditions behind, nor half a file.
        delete_files(storage, [name for name in started if storage.exists(name)])
        raise
    file.seek(0)
    return renditions


def _write_all(storage, file_name, image, content_type, icc_profile, renditions, started):
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        for rendition_type in rendition_types(content_type):
            buffer = io.BytesIO()
            options = dict(ENCODER_OPTIONS[rendition_type])
            if icc_profile:
                options["icc_profile"] = icc_profile
            _prepared(resized, rendition_type).save(buffer, **options)
            name = rendition_name(file_name, width, rendition_type)
            # A stale file of a deleted attachment with the same name would push the new
            # one to another name and break the naming convention.
            if storage.exists(name):
                storage.delete(name)
            started.append(name)
            storage.save(name, ContentFile(buffer.getvalue()))
            renditions.append(
                {"width": width, "height": height, "type": rendition_type, "bytes": buffer.tell()}
            )
