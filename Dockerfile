# A first image; the deployment work replaces it with a multi-stage, non-root build.
FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . && useradd --create-home hogshead && mkdir -p var staticfiles && chown hogshead var staticfiles
USER hogshead
ENV DJANGO_SETTINGS_MODULE=config.settings.production
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py collectstatic --no-input && gunicorn config.wsgi --bind 0.0.0.0:8000"]
