#!/usr/bin/env bash
# Every test of the project: each Tryton module's tests (SQLite, and PostgreSQL
# when TEST_POSTGRES_URL is set, the two backends side by side), then the
# portal's pytest suite (which starts real trytond servers itself).
# Called by `make test` and so by .ci/run.
set -euo pipefail
BIN=$1
MODULES=$2
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$ROOT/$BIN:$PATH"
LOGS="$ROOT/var/test/logs"
mkdir -p "$LOGS"

# trytond's DB_CACHE keeps one database per set of activated modules, keyed by
# the module names only: key the cache folder by the modules' content and the
# Tryton version too, so a changed module never meets a stale database. It
# lives outside the clone (like pip's cache), pruned to the current key.
fingerprint=$(
    { python -c 'import trytond; print(trytond.__version__)'
      cd "$ROOT" && find tryton_modules -type f \
          \( -name '*.py' -o -name '*.xml' -o -name '*.cfg' -o -name '*.po' \) \
          -not -path '*/tests/*' | LC_ALL=C sort | xargs sha256sum
    } | sha256sum | cut -c1-16)
CACHE_HOME="${TRYTON_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tryton-portal/module-tests}"
mkdir -p "$CACHE_HOME"
find "$CACHE_HOME" -mindepth 1 -maxdepth 1 -not -name "$fingerprint" -exec rm -rf {} +

run_module_tests() {  # $1 = backend label; the environment picks the backend
    local failed=0
    for module in $MODULES; do
        local start=$SECONDS
        local log="$LOGS/$module-$1.log"
        # Name the test modules: `unittest discover` refuses the editable
        # packages' paths ("Path must be within the project").
        local tests=()
        for file in "$ROOT/tryton_modules/$module"/tests/test_*.py; do
            tests+=("trytond.modules.$module.tests.$(basename "$file" .py)")
        done
        if python -m unittest "${tests[@]}" >"$log" 2>&1; then
            echo "== $module on $1: $(tail -n 3 "$log" | grep -E '^(Ran|OK)' | tr '\n' ' ')($((SECONDS - start)) s)"
        else
            echo "== $module on $1: FAILED ($((SECONDS - start)) s)"
            cat "$log"
            failed=1
        fi
    done
    return $failed
}

sqlite_tests() {
    export DB_CACHE="$CACHE_HOME/$fingerprint/sqlite"
    unset TRYTOND_DATABASE__URI DB_NAME
    run_module_tests SQLite
}

postgresql_tests() {
    export TRYTOND_DATABASE__URI="$TEST_POSTGRES_URL"
    # A folder, not a postgresql:// URL: cached databases then follow the same key.
    export DB_CACHE="$CACHE_HOME/$fingerprint/postgresql"
    mkdir -p "$DB_CACHE"
    unset DB_NAME
    run_module_tests PostgreSQL
}

status=0
start=$SECONDS
echo "== Tryton module tests: $MODULES"
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    sqlite_tests >"$LOGS/sqlite.out" 2>&1 &
    sqlite_job=$!
    postgresql_tests >"$LOGS/postgresql.out" 2>&1 &
    postgresql_job=$!
    wait $sqlite_job || status=1
    wait $postgresql_job || status=1
    cat "$LOGS/sqlite.out" "$LOGS/postgresql.out"
else
    sqlite_tests || status=1
fi
echo "== Tryton module tests took $((SECONDS - start)) s"

echo "== Portal tests (pytest)"
cd "$ROOT"
python -m pytest "$@" || status=$?
exit $status
