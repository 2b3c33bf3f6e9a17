#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database of DATABASE_URL (which must exist;
# tables it already has are replaced) and, when the backup has media, into MEDIA_ROOT.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/var/lib/entrepairs/media deploy/restore.sh /var/backups/entrepairs/<time>
#
# Stop the application and the Celery worker and beat first; start them after. Then run ANALYZE
# (this script does) so that the planner has statistics again (docs/operator/backups.md).
set -euo pipefail
backup="${1:?usage: deploy/restore.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL is required}"
[ -f "$backup/database.dump" ] || { echo "no database.dump in $backup" >&2; exit 1; }
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$backup/database.dump"
psql --quiet --dbname="$DATABASE_URL" --command="ANALYZE"
if [ -f "$backup/media.tar.gz" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT is required to restore the media of this backup}"
  mkdir -p "$MEDIA_ROOT"
  tar --extract --gzip --file="$backup/media.tar.gz" --directory="$MEDIA_ROOT"
fi
echo "restored $backup"
