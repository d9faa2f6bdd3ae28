"""Settings for `make run`: the embedded SQLite database and debugging on."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SERVE_MEDIA = True
# A fixed key is acceptable only because this module is never used in production.
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-development-only-not-secret"

# The embedded database and uploads live here; the folder is git-ignored.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405 - only `collectstatic` writes here
STATIC_ROOT.mkdir(exist_ok=True)

# Readable lines in the terminal of `make run`; LOG_FORMAT=json to see what servers print.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "plain")  # noqa: F405
