#!/usr/bin/env bash
# Back up Entrepairs: the PostgreSQL database (pg_dump, custom format) and the media on local disk
# (a tar of MEDIA_ROOT), into BACKUP_DIR/<UTC time>/. Media on S3 are kept by the bucket's own
# versioning and replication (docs/operator/backups.md), not by this script.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/var/lib/entrepairs/media BACKUP_DIR=/var/backups/entrepairs \
#     deploy/backup.sh
#
# Prints the folder it wrote. Both files hold health data: BACKUP_DIR must be on encrypted storage,
# readable by the service account only, and copies sent off the machine encrypted.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is required}"
: "${BACKUP_DIR:?BACKUP_DIR is required}"
umask 077
target="${BACKUP_DIR}/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
# One consistent snapshot of the database, whatever writes happen meanwhile; restorable with
# pg_restore into a newer PostgreSQL. --no-owner: restorable under another role.
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  # Media are written once and never changed in place: a tar taken after the dump holds every file
  # the dump names (and perhaps a few newer ones, harmless).
  tar --create --gzip --file="$target/media.tar.gz" --directory="$MEDIA_ROOT" .
fi
echo "$target"
