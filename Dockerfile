# Hogshead's app server: gunicorn running the site as an unprivileged user.
# docker-compose.yml puts nginx, PostgreSQL and Redis around it.

# Build stage: the dependencies, compiled if need be, into a virtualenv.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md requirements.lock ./
COPY accounts accounts
COPY blog blog
COPY config config
COPY httpcache httpcache
COPY ops ops
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --constraint requirements.lock . \
    && /opt/venv/bin/pip uninstall --yes hogshead

# Run stage: the virtualenv and the source, nothing to build with.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/srv/hogshead/static \
    MEDIA_ROOT=/srv/hogshead/media \
    HOGSHEAD_VAR_DIR=/srv/hogshead/var
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin hogshead \
    && mkdir -p /srv/hogshead/static /srv/hogshead/media /srv/hogshead/var \
    && chown -R hogshead:hogshead /srv/hogshead
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . .
USER hogshead
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
