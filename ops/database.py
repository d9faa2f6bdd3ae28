"""When the database is unreachable, say so at once: 503 with Retry-After, not a 500 or a hang.

A PostgreSQL restart or failover breaks the open connections; Django's connection health
checks (CONN_HEALTH_CHECKS) replace them on the next request, and `connect_timeout` keeps
a request from waiting long for a server that is not there.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

RETRY_AFTER_SECONDS = 5

logger = logging.getLogger(__name__)


def unavailable_response():
    response = HttpResponse(
        "The site is briefly unavailable. Please try again in a few seconds.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("The database is unavailable: %s", exception)
        response = unavailable_response()
        # Logged once here; not again by django.request, whose errors are e-mailed to the
        # admins: an outage would send one mail per request.
        response._has_been_logged = True
        return response
