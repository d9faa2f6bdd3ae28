"""Settings for the test suite: fast hashing, media in a throw-away folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-not-secret"  # noqa: S105
SERVE_MEDIA = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hogshead-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="hogshead-test-static-"))
WHITENOISE_USE_FINDERS = True
# Django's test client logs in without a request, which django-axes refuses; the tests of
# login throttling switch it on (tests/config/test_settings_security.py).
AXES_ENABLED = False

# One process: the content stamp needs no folder shared between workers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "content-stamp": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "content-stamp",
    },
    "local": LOCAL_CACHE,  # noqa: F405
    "local-pages": LOCAL_PAGES_CACHE,  # noqa: F405
}
# Every request reads the content stamp: a change shows at once, whichever test client saw it.
HTTPCACHE = {**HTTPCACHE, "STAMP_CHECK_SECONDS": 0}  # noqa: F405
