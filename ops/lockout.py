"""The page a locked-out admin login sees (django-axes' AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "cooloff_minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "retry_at": timezone.localtime() + settings.AXES_COOLOFF_TIME,
    }
    response = TemplateResponse(request, "axes/lockout.html", context, status=429).render()
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
