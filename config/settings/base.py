"""Settings shared by every environment.

Everything that differs between a laptop and a server is read here, from the
environment, and nowhere else.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HOGSHEAD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_choice(name, default, choices):
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}."
        )
    return value


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Third party
    "taggit",
    # Hogshead
    "accounts",
    "blog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and If-Modified-Since answered with 304 (feeds set Last-Modified).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "blog.history.FormerURLMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded media is served by Django only when nothing in front of it does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# Tags are one tag whatever their case: "CentOS" and "centos" share a page.
TAGGIT_CASE_INSENSITIVE = True

HOGSHEAD = {
    "TITLE": os.environ.get("BLOG_TITLE", "Hogshead"),
    "DESCRIPTION": os.environ.get("BLOG_DESCRIPTION", "Notes on software, systems and whisky."),
    "PAGINATE_BY": env_int("PAGINATE_BY", 10),
    # Listings show whole posts ("full") or excerpts with a "Read more" link ("excerpt").
    "LISTING": env_choice("LISTING", "full", {"full", "excerpt"}),
    "WORDS_PER_MINUTE": env_int("WORDS_PER_MINUTE", 230),
    # Seconds a share-preview link stays valid.
    "PREVIEW_MAX_AGE": env_int("PREVIEW_MAX_AGE", 7 * 24 * 60 * 60),
    # The largest attachment accepted; nginx/Apache must allow at least this much.
    "MAX_UPLOAD_BYTES": env_int("HOGSHEAD_MAX_UPLOAD_MB", 20) * 1024 * 1024,
    # Pictures larger than this many pixels are refused (Pillow's decompression-bomb guard).
    "MAX_IMAGE_PIXELS": env_int("HOGSHEAD_MAX_IMAGE_PIXELS", 64_000_000),
    # Widths of the resized copies written for every uploaded picture.
    "RENDITION_WIDTHS": (480, 960, 1600),
}
if HOGSHEAD["WORDS_PER_MINUTE"] < 1 or HOGSHEAD["PREVIEW_MAX_AGE"] < 1:
    raise ImproperlyConfigured("WORDS_PER_MINUTE and PREVIEW_MAX_AGE must be positive.")
if HOGSHEAD["MAX_UPLOAD_BYTES"] < 1 or HOGSHEAD["MAX_IMAGE_PIXELS"] < 1:
    raise ImproperlyConfigured(
        "HOGSHEAD_MAX_UPLOAD_MB and HOGSHEAD_MAX_IMAGE_PIXELS must be positive."
    )
# Uploads bigger than this are written to a temporary file instead of kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print every record a second time.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
