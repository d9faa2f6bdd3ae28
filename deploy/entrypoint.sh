#!/bin/sh
# Start-up of an app server (the container's entrypoint; usable by hand as well):
# wait for the database, apply migrations, collect static files, then become the command
# given (gunicorn by default). Tested outside Docker: tests/deploy/test_container.py.
#   WAIT_FOR_DB_TIMEOUT  seconds to wait for the database (default 60)
#   HOGSHEAD_MIGRATE=0   skip migrations (extra app servers, when one server migrates)
set -eu
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.production}"

python manage.py wait_for_db --timeout "${WAIT_FOR_DB_TIMEOUT:-60}"
if [ "${HOGSHEAD_MIGRATE:-1}" != 0 ]; then
    python manage.py migrate --no-input
fi
python manage.py collectstatic --no-input --verbosity 0

exec "$@"
