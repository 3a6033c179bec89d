#!/usr/bin/env bash
# Restore a backup of tryton/backup.sh into a NEW database and its filestore folder.
#   bash tryton/restore.sh DUMP FILESTORE_TAR NEW_DATABASE
# Never overwrites: it stops if NEW_DATABASE exists or its filestore folder is not empty.
# Restoring under the production name means dropping that database first (on purpose,
# by hand: docs/operations.md). Same variables as backup.sh:
#   TRYTOND_DATABASE__URI   postgresql://user:password@host:5432/ (else libpq's PG* variables)
#   TRYTOND_DATABASE__PATH  the filestore root; the files go to PATH/NEW_DATABASE/
set -euo pipefail
if [ $# -ne 3 ]; then
    echo "usage: $0 DUMP FILESTORE_TAR NEW_DATABASE" >&2
    exit 2
fi
DUMP=$1
FILES=$2
DATABASE=$3
FILESTORE=${TRYTOND_DATABASE__PATH:?set TRYTOND_DATABASE__PATH to the filestore root}
[ -f "$DUMP" ] || { echo "no dump $DUMP" >&2; exit 1; }
[ -f "$FILES" ] || { echo "no filestore archive $FILES" >&2; exit 1; }
if [ -n "${TRYTOND_DATABASE__URI:-}" ]; then
    SERVER="${TRYTOND_DATABASE__URI%/}/postgres"
    CONNECTION="${TRYTOND_DATABASE__URI%/}/$DATABASE"
else
    SERVER=postgres
    CONNECTION=$DATABASE
fi
target="$FILESTORE/$DATABASE"
if [ -d "$target" ] && [ -n "$(ls -A "$target")" ]; then
    echo "the filestore folder $target is not empty: restore under another name" >&2
    exit 1
fi

# CREATE DATABASE fails when the database exists: that is the check that it does not.
psql --quiet --no-psqlrc --dbname="$SERVER" --set=ON_ERROR_STOP=1 \
    --command="CREATE DATABASE \"$DATABASE\""
# From here on a failure removes what this run created: a half-restored database is never
# left behind to be taken for a good one.
undo() {
    psql --quiet --no-psqlrc --dbname="$SERVER" \
        --command="DROP DATABASE IF EXISTS \"$DATABASE\" WITH (FORCE)" || true
    rm -rf "$target"
    echo "restore failed: database $DATABASE and $target removed" >&2
}
trap undo ERR
pg_restore --no-owner --exit-on-error --dbname="$CONNECTION" "$DUMP"
mkdir -p "$target"
tar -C "$target" -xzf "$FILES"
echo "restored $DUMP into database $DATABASE, files into $target"
