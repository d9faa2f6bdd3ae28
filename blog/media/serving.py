"""Serving uploaded files when no web server sits in front of Django (`make run`, tests).

An upload must never run as a page of this site: only raster pictures and MP4/WebM
videos are shown inline; everything else, SVG and HTML included, is a download. Every
response says `nosniff` and a sandboxing CSP. The web server configurations in deploy/
must send the same headers (docs/writing.md, "What the web server must send").
"""

import posixpath

from django.conf import settings
from django.utils.http import content_disposition_header
from django.views.static import serve

# By extension, not by the system's mime.types: the same answer on every machine.
INLINE_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
}
MEDIA_CSP = "default-src 'none'; sandbox"


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    extension = posixpath.splitext(path)[1].lstrip(".").lower()
    inline_type = INLINE_CONTENT_TYPES.get(extension)
    if inline_type:
        response["Content-Type"] = inline_type
    else:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=posixpath.basename(path)
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response
