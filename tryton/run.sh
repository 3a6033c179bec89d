#!/usr/bin/env bash
# `make run`: the Tryton server and the portal's development server, side by side.
#   bash tryton/run.sh BIN TRYTON_CONFIG TRYTON_DB TRYTON_PORT PORTAL_PORT
# Ctrl-C stops both.
set -euo pipefail
BIN=$1
CONFIG=$2
DB=$3
TRYTON_PORT=$4
PORTAL_PORT=$5
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY="$BIN/python"

# A second config file, read after CONFIG, holds what depends on this machine and on the
# make variables: values in a file win over TRYTOND_* variables, and trytond 8.2 cannot
# take a relative SQLite path.
mkdir -p var/tryton
RUN_CONF=var/tryton/run.conf
cat >"$RUN_CONF" <<EOF
[database]
path = ${TRYTOND_DATABASE__PATH:-$ROOT/var/tryton}

[web]
listen = 127.0.0.1:$TRYTON_PORT
# The links of Tryton's e-mails to customers land on the portal's pages.
reset_password_url = ${TRYTOND_WEB__RESET_PASSWORD_URL:-http://127.0.0.1:$PORTAL_PORT/accounts/password/reset/key/}
EOF

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# -d preloads the database: without it trytond 8.2.1 refuses every login.
"$BIN/trytond" -c "$CONFIG" "$RUN_CONF" -d "$DB" 2>var/tryton/trytond.log &
pids+=($!)

TRYTON_URL="http://127.0.0.1:$TRYTON_PORT/"
"$PY" - "$TRYTON_URL" <<'EOF'
import json, sys, time, urllib.error, urllib.request
url = sys.argv[1]
body = json.dumps({"id": 0, "method": "common.server.version", "params": []}).encode()
for _ in range(240):
    try:
        urllib.request.urlopen(urllib.request.Request(
            url, body, {"Content-Type": "application/json"}), timeout=1)
        sys.exit(0)
    except urllib.error.HTTPError:  # any HTTP answer: trytond listens once the database is loaded
        sys.exit(0)
    except OSError:
        time.sleep(0.25)
sys.exit("trytond did not answer within 60 s, see var/tryton/trytond.log")
EOF

# Customers never see Django's debug page, not even here: the portal shows its own 404,
# 403, 500 and 503 pages (DJANGO_DEBUG=1 make run brings the debug pages back for a
# developer). Without DEBUG, --insecure lets runserver serve the static files.
export TRYTON_URL TRYTON_DATABASE="$DB" DJANGO_DEBUG="${DJANGO_DEBUG:-False}"
"$PY" portal/manage.py runserver --insecure "127.0.0.1:$PORTAL_PORT" &
pids+=($!)

echo
echo "Tryton:  $TRYTON_URL (database '$DB', log var/tryton/trytond.log; admin / ${TRYTON_ADMIN_PASSWORD:-admin})"
echo "Portal:  http://127.0.0.1:$PORTAL_PORT/"
"$PY" -c "from tryton.demo_data import print_logins; print_logins()"
echo "Ctrl-C stops both servers."
wait -n "${pids[@]}"
