"""The page a locked-out admin login sees (django-axes' AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "cooloff_minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return TemplateResponse(request, "axes/lockout.html", context, status=429).render()
