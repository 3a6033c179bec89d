#!/usr/bin/env bash
# Every test of the project: each Tryton module's tests (SQLite, and PostgreSQL
# when TEST_POSTGRES_URL is set), then the portal's pytest suite (which starts
# real trytond servers itself). Called by `make test` and so by .ci/run.
set -euo pipefail
BIN=$1
MODULES=$2
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$ROOT/$BIN:$PATH"
mkdir -p "$ROOT/var/test"

run_module_tests() {  # $1 = label, $2 = log suffix; the environment picks the backend
    local failed=0
    for module in $MODULES; do
        echo "== Tryton module '$module' tests on $1"
        local start=$SECONDS
        local log="$ROOT/var/test/$module-$2.log"
        # Name the test modules: `unittest discover` refuses the editable
        # packages' paths ("Path must be within the project").
        local tests=()
        for file in "$ROOT/tryton_modules/$module"/tests/test_*.py; do
            tests+=("trytond.modules.$module.tests.$(basename "$file" .py)")
        done
        if python -m unittest "${tests[@]}" >"$log" 2>&1; then
            tail -n 3 "$log"
        else
            cat "$log"
            failed=1
        fi
        echo "   ($((SECONDS - start)) s)"
    done
    return $failed
}

status=0
(
    export DB_CACHE="$ROOT/var/test/db-cache"
    unset TRYTOND_DATABASE__URI DB_NAME
    run_module_tests SQLite sqlite
) || status=1

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    (
        export TRYTOND_DATABASE__URI="$TEST_POSTGRES_URL"
        export DB_CACHE="$TEST_POSTGRES_URL"
        unset DB_NAME
        run_module_tests PostgreSQL postgresql
    ) || status=1
fi

echo "== Portal tests (pytest)"
cd "$ROOT"
python -m pytest "$@" || status=$?
exit $status
