"""Uploads in an S3-compatible bucket, carrying the same serving rules as our web servers."""

import mimetypes
import posixpath

from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

# The formats shown inline, as in blog/media.py, deploy/nginx.conf and deploy/apache.conf.
INLINE_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


class MediaS3Storage(S3Storage):
    """Every object is stored with the headers the bucket will answer with.

    The type comes from the file name, never from the uploading browser; anything but a
    raster image is a download, so nothing uploaded ever renders as a page.
    """

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        params["ContentType"] = content_type
        if content_type not in INLINE_CONTENT_TYPES:
            params["ContentDisposition"] = content_disposition_header(
                as_attachment=True, filename=posixpath.basename(name)
            )
        params.setdefault("CacheControl", "public, max-age=86400")
        return params
