#!/bin/sh
# The portal's own database (sessions, notifications, the audit log, the outbox) beside
# Tryton's, created once when the PostgreSQL volume is first initialised (the image runs
# /docker-entrypoint-initdb.d/ then only). An existing volume: create it by hand
# (docs/operations.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c "CREATE DATABASE \"${PORTAL_DATABASE:-portal_web}\""
