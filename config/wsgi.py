import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

from httpcache.front import ReaderPages  # noqa: E402 - needs the settings configured above

# Pages kept for readers are answered before Django builds a request (httpcache/front.py).
application = ReaderPages(django_application)
