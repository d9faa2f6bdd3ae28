#!/usr/bin/env bash
# Restore a backup made by backup.sh. The database is restored in one transaction; the current
# media folder is kept beside the restored one (MEDIA_ROOT.before-restore-<time>) until you
# delete it, so a restore never destroys the only copy of anything.
#   DATABASE_URL=... MEDIA_ROOT=/srv/hogshead/media deploy/restore.sh /var/backups/hogshead/2026-11-29
set -euo pipefail
source_dir=${1:?usage: restore.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
: "${MEDIA_ROOT:?MEDIA_ROOT must point at the media folder}"

(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --dbname="$DATABASE_URL" "$source_dir/database.dump"

media_root=${MEDIA_ROOT%/}
staging="$media_root.restoring"
rm -rf "$staging"
mkdir -p "$staging"
tar --extract --gzip --file="$source_dir/media.tar.gz" --directory="$staging"
if [ -e "$media_root" ]; then
    mv "$media_root" "$media_root.before-restore-$(date +%Y%m%d%H%M%S)"
fi
mv "$staging" "$media_root"
echo "Restored the database and $(find "$media_root" -type f | wc -l) media files from $source_dir"
