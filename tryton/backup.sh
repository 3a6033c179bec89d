#!/usr/bin/env bash
# Back up Tryton's data: the PostgreSQL database (pg_dump -Fc) and its filestore (tar).
#   bash tryton/backup.sh DATABASE BACKUP_DIR
# Writes BACKUP_DIR/DATABASE-<UTC stamp>.dump and BACKUP_DIR/DATABASE-<stamp>-filestore.tar.gz
# and prints their paths. Run it while the Tryton processes are stopped or quiet, so that
# the two match (a file stored between the two steps would be in one only).
#
# Where the data is, as trytond itself finds it (docker-compose.yml sets both in the
# Tryton containers; docs/operations.md shows the `docker compose run` line):
#   TRYTOND_DATABASE__URI   postgresql://user:password@host:5432/ (else libpq's PG* variables)
#   TRYTOND_DATABASE__PATH  the filestore root; the database's files are in PATH/DATABASE/
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 DATABASE BACKUP_DIR" >&2
    exit 2
fi
DATABASE=$1
BACKUP_DIR=$2
FILESTORE=${TRYTOND_DATABASE__PATH:?set TRYTOND_DATABASE__PATH to the filestore root}
if [ -n "${TRYTOND_DATABASE__URI:-}" ]; then
    CONNECTION="${TRYTOND_DATABASE__URI%/}/$DATABASE"
else
    CONNECTION=$DATABASE
fi

stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$BACKUP_DIR"
dump="$BACKUP_DIR/$DATABASE-$stamp.dump"
files="$BACKUP_DIR/$DATABASE-$stamp-filestore.tar.gz"
# Written under a temporary name, renamed when complete: a backup file that exists is whole.
pg_dump --format=custom --no-owner --dbname="$CONNECTION" --file="$dump.part"
if [ -d "$FILESTORE/$DATABASE" ]; then
    tar -C "$FILESTORE/$DATABASE" -czf "$files.part" .
else  # a database that never stored a file: an empty archive, so restore finds one
    tar -czf "$files.part" -T /dev/null
fi
mv "$dump.part" "$dump"
mv "$files.part" "$files"
echo "$dump"
echo "$files"
