#!/usr/bin/env bash
# Back up Hogshead: the PostgreSQL database (pg_dump's custom format) and the media folder.
#   DATABASE_URL=postgres://hogshead@localhost/hogshead MEDIA_ROOT=/srv/hogshead/media \
#       deploy/backup.sh /var/backups/hogshead/2026-11-29
set -euo pipefail
destination=${1:?usage: backup.sh DESTINATION_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
: "${MEDIA_ROOT:?MEDIA_ROOT must point at the media folder}"

mkdir -p "$destination"
pg_dump --format=custom --no-owner --no-privileges \
    --file="$destination/database.dump" "$DATABASE_URL"
tar --create --gzip --file="$destination/media.tar.gz" --directory="$MEDIA_ROOT" .
(cd "$destination" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backed up the database and $(find "$MEDIA_ROOT" -type f | wc -l) media files to $destination"
