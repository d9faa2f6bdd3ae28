"""Serving uploaded files when no web server sits in front of Django (`make run`, tests).

An upload must never run as a page of this site: only raster images are shown
inline; everything else, SVG and HTML included, is a download.
"""

import posixpath

from django.conf import settings
from django.utils.http import content_disposition_header
from django.views.static import serve

INLINE_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.get("Content-Type", "").split(";")[0] not in INLINE_CONTENT_TYPES:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=posixpath.basename(path)
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
