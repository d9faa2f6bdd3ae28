"""Settings shared by every environment.

Everything that differs between a laptop and a server is read here, from the
environment, and nowhere else. It is longer than our other modules on purpose: one file
read top to bottom is the whole list of what an operator can set (docs/deploy.md).
"""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
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
    "django.contrib.sitemaps",
    # Third party
    "taggit",
    "csp",
    "axes",
    # Hogshead
    "accounts",
    "blog",
    "httpcache",
    "ops",
]

MIDDLEWARE = [
    # First: a health check answers whatever the Host header, and never redirects to HTTPS.
    "ops.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A database outage is a short 503 with Retry-After (ops/database.py), not a 500.
    "ops.database.DatabaseUnavailableMiddleware",
    # Before the policies, sessions, authentication and the rest: a reader without a session
    # cookie is answered from the page cache (or with a 304) at once. Cached pages keep the
    # headers the middleware below gave them (CSP, Permissions-Policy, X-Frame-Options...);
    # those above add theirs to every response.
    "httpcache.middleware.ReaderCacheMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "blog.reading.former_urls.FormerURLMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "blog.reading.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server makes a request fail within seconds (a 503), not hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes refuses logins from a locked-out address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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

# Uploads go to an S3-compatible bucket when one is named: then every app server sees the
# same files (see docs/deploy.md, "Scale-out"). The bucket must let anyone read objects:
# post HTML keeps attachment URLs, so they cannot be signed, expiring URLs.
S3_BUCKET = os.environ.get("HOGSHEAD_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "ops.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }

# Uploaded media is served by Django only when nothing in front of it does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG) and not S3_BUCKET


def s3_media_origin():
    """Where browsers fetch uploads from when they live in a bucket, for the CSP."""
    if not S3_BUCKET:
        return None
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        return f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint)
        return f"{parts.scheme}://{parts.netloc}"
    return "https://*.amazonaws.com"


# Caches: Redis when REDIS_URL is set (shared by every app server), else this process's memory
# for pages and a folder for the content stamp, which all gunicorn workers of this machine
# must agree on (httpcache/stamp.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "hogshead")
# Each worker's own memory in front of the shared cache, for entries filed under the content
# version, which never go stale (httpcache/content_cache.py). About 8 KB an entry.
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "hogshead-local",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", 2000)},
}
# Rendered pages kept by each worker, in front of the shared page cache (about 80 KB each).
LOCAL_PAGES_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "hogshead-local-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_PAGE_CACHE_ENTRIES", 100)},
}
if REDIS_URL:
    _redis = {
        # Django's RedisCache, but a Redis outage means cache misses, not server errors.
        "BACKEND": "ops.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    CACHES = {
        "default": _redis,
        "content-stamp": _redis,
        "local": LOCAL_CACHE,
        "local-pages": LOCAL_PAGES_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hogshead",
        },
        "content-stamp": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache" / "content-stamp",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "local": LOCAL_CACHE,
        "local-pages": LOCAL_PAGES_CACHE,
    }

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
    # The largest attachment accepted; the web server's body limit is set one megabyte above
    # it (deploy/nginx.conf, deploy/apache.conf) to leave room for the rest of the form.
    "MAX_UPLOAD_BYTES": env_int("HOGSHEAD_MAX_UPLOAD_MB", 20) * 1024 * 1024,
    # Pictures larger than this many pixels are refused (Pillow's decompression-bomb guard).
    "MAX_IMAGE_PIXELS": env_int("HOGSHEAD_MAX_IMAGE_PIXELS", 64_000_000),
    # Widths of the resized copies written for every uploaded picture.
    "RENDITION_WIDTHS": (480, 960, 1600),
    # Addresses of the reverse proxies whose X-Forwarded-For is believed (the same variable
    # tells gunicorn whose X-Forwarded-Proto to believe).
    # No proxy is believed unless named: reached directly, a forged X-Forwarded-For changes nothing.
    "TRUSTED_PROXIES": env_list("FORWARDED_ALLOW_IPS", []),
}
if HOGSHEAD["WORDS_PER_MINUTE"] < 1 or HOGSHEAD["PREVIEW_MAX_AGE"] < 1:
    raise ImproperlyConfigured("WORDS_PER_MINUTE and PREVIEW_MAX_AGE must be positive.")
if HOGSHEAD["MAX_UPLOAD_BYTES"] < 1 or HOGSHEAD["MAX_IMAGE_PIXELS"] < 1:
    raise ImproperlyConfigured(
        "HOGSHEAD_MAX_UPLOAD_MB and HOGSHEAD_MAX_IMAGE_PIXELS must be positive."
    )
# Uploads bigger than this are written to a temporary file instead of kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# HTTP caching of reader pages (httpcache/): seconds a browser, a shared cache (the nginx
# micro-cache) and the application's page cache keep a page. Changes to the content
# invalidate the page cache at once; see docs/deploy.md.
HTTPCACHE = {
    "MAX_AGE": env_int("HTTP_CACHE_MAX_AGE", 60),
    "SHARED_MAX_AGE": env_int("HTTP_CACHE_SHARED_MAX_AGE", 5),
    "PAGE_TIMEOUT": env_int("PAGE_CACHE_SECONDS", 10 * 60),
    # How long a worker trusts its last reading of the content stamp: a change saved through
    # another worker or server reaches its anonymous readers at most this late (0: at once,
    # for one more Redis read per request). httpcache/stamp.py.
    "STAMP_CHECK_SECONDS": env_int("HTTP_CACHE_STAMP_CHECK_SECONDS", 1),
}

# Security headers for every response; HTTPS-only ones are in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Neither the site nor the admin has an inline script or style: everything comes from files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Posts may show pictures from other HTTPS sites.
        "img-src": [SELF, "https:", *filter(None, [s3_media_origin()])],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name
# from one address, that user name is refused from that address for AXES_COOLOFF_MINUTES;
# the owner logging in from elsewhere is not locked out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ops.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ops.proxy.client_ip"
AXES_VERBOSE = False

# Errors e-mail these people: ADMINS="Ada Lovelace <ada@example.org>, ops@example.org".
ADMINS = [(name, address) for name, address in getaddresses(env_list("ADMINS")) if address]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hogshead@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Logs go to standard output, one JSON object per line (LOG_FORMAT=plain for humans).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ops.logs.JsonFormatter"},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": env_choice("LOG_FORMAT", "json", {"json", "plain"}),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print every record a second time; its e-mail to
    # ADMINS (server errors) stays.
    "loggers": {
        "django": {"handlers": ["mail_admins"], "propagate": True},
        # Scanners send any Host header; log them, but do not e-mail anyone about it.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}
