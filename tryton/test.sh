#!/usr/bin/env bash
# Every test of the project, each part timed (called by `make test`, so by .ci/run):
#   1. each Tryton module's tests on SQLite, and on PostgreSQL when TEST_POSTGRES_URL is
#      set (tryton/module_tests.py: databases built from shared cached ones);
#   2. the portal tests' demo template (built once per source hash and day, then reused);
#   3. the portal's pytest suite on two workers (pytest-xdist), browser journeys and timing
#      tests apart; 4. the browser journeys; 5. the timing tests (response times
#      compared), once everything else is done, so they do not weigh on what is timed;
#   6. with TEST_POSTGRES_URL, a 3-minute soak of the production stack (benchmarks/soak.py:
#      customer traffic while trytond restarts twice; nothing lost or doubled, no 5xx but
#      503 while trytond is down), last and alone.
# Parts 1 (both databases) and 2-3 start together: pytest needs only the template, and the
# module tests need nothing else. Every core stays busy until the end, which on 2 cores is
# where the time goes; the module tests' results are printed after pytest's.
# On PostgreSQL, every module runs its scenarios, and the portal module the tests of the
# scope, the access matrix and our own SQL (POSTGRESQL_TESTS_portal); the other unit tests
# run on SQLite: the portal's pytest suite serves trytond on PostgreSQL and drives their
# entry points there.
# With pytest arguments (`make test PYTEST_ARGS="-k orders"`) one pytest run takes them.
set -euo pipefail
BIN=$1
MODULES=$2
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$ROOT/$BIN:$PATH"
LOGS="$ROOT/var/test/logs"
mkdir -p "$LOGS"
TIMES="$LOGS/times.txt"
: >"$TIMES"

# trytond's DB_CACHE keys its databases by module names only: key the cache folder by
# the modules' content, the Tryton version and the way module_tests.py builds them, so a
# changed module never meets a stale database. It lives outside the clone (like pip's
# cache), pruned to the current key.
fingerprint=$(
    { python -c 'import trytond; print(trytond.__version__)'
      cd "$ROOT" && { find tryton_modules -type f \
          \( -name '*.py' -o -name '*.xml' -o -name '*.cfg' -o -name '*.po' \) \
          -not -path '*/tests/*'; echo tryton/module_tests.py; } | LC_ALL=C sort | xargs sha256sum
    } | sha256sum | cut -c1-16)
CACHE_HOME="${TRYTON_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tryton-portal/module-tests}"
mkdir -p "$CACHE_HOME"
MODULES=$(cd "$ROOT" && python -m tryton.module_tests --order $MODULES)
find "$CACHE_HOME" -mindepth 1 -maxdepth 1 -not -name "$fingerprint" -exec rm -rf {} +

timed() {  # $1 = label of the part; the rest is the command. Records "label: N s".
    local label=$1 start=$SECONDS status=0
    shift
    "$@" || status=$?
    echo "$label: $((SECONDS - start)) s$([ $status = 0 ] || echo ' (FAILED)')" >>"$TIMES"
    return $status
}

# What runs again on PostgreSQL besides every module's scenarios: the portal module's tests
# of the customers' scope and the access matrix (test_module, test_roles) and of the models
# with SQL of their own (web_user.py, res.py, sale.py, shop.py, transfer.py,
# notification.py, and the sums of the dashboard and the balance). Its other tests
# (profile, privacy, timeline, approval, the statement's query, ...) run on SQLite: the
# portal's pytest suite drives those entry points on PostgreSQL (see the head of this file).
POSTGRESQL_TESTS_portal="test_module test_roles test_web_user test_sale test_shop test_transfer
    test_notification test_dashboard test_balance"

run_module_tests() {  # $1 = backend label; $2 = "all", or "scenarios" for the scenarios
    local failed=0     # and POSTGRESQL_TESTS_<module>; the environment picks the backend
    for module in $MODULES; do
        local start=$SECONDS
        local log="$LOGS/$module-$1.log"
        local files=("$ROOT/tryton_modules/$module"/tests/test_*.py)
        if [ "$2" = scenarios ]; then
            local extra="POSTGRESQL_TESTS_$module"
            files=("$ROOT/tryton_modules/$module"/tests/test_scenario.py)
            for name in ${!extra:-}; do
                files+=("$ROOT/tryton_modules/$module/tests/$name.py")
            done
        fi
        # Name the test modules: `unittest discover` refuses the editable
        # packages' paths ("Path must be within the project").
        local tests=()
        for file in "${files[@]}"; do
            tests+=("trytond.modules.$module.tests.$(basename "$file" .py)")
        done
        if (cd "$ROOT" && python -m tryton.module_tests "${tests[@]}") >"$log" 2>&1; then
            echo "== $module on $1: $(grep -E '^(Ran|OK)' "$log" | tail -n 2 | tr '\n' ' ')($((SECONDS - start)) s)"
        else
            echo "== $module on $1: FAILED ($((SECONDS - start)) s)"
            cat "$log"
            failed=1
        fi
    done
    return $failed
}

sqlite_tests() (  # a subshell: the settings stay with the module tests
    export DB_CACHE="$CACHE_HOME/$fingerprint/sqlite"
    unset TRYTOND_DATABASE__URI DB_NAME
    run_module_tests SQLite all
)

postgresql_tests() (
    export TRYTOND_DATABASE__URI="$TEST_POSTGRES_URL"
    # A folder, not a postgresql:// URL: cached databases then follow the same key.
    export DB_CACHE="$CACHE_HOME/$fingerprint/postgresql"
    # A name of this run's own: another run on the same server never shares it.
    export DB_NAME="test_portal_$$"
    run_module_tests PostgreSQL scenarios
)

portal_template() {
    (cd "$ROOT" && python -c '
from portal.tests.fixtures.tryton_harness import build_template
name, took = build_template()
print(f"== Portal test template {name}: " + (f"built in {took:.0f} s" if took else "cached"))')
}

portal_tests() {  # pytest without the browser journeys and the timing tests
    cd "$ROOT"
    if [ $# -gt 0 ]; then
        echo "== Portal tests (pytest $*)"
        timed "Portal tests (pytest $*)" python -m pytest "$@"
        return
    fi
    echo "== Portal tests (pytest on $PYTEST_WORKERS workers, browser journeys and timing tests apart)"
    # --dist loadfile: a test file's tests share its trytond (module-scoped fixtures).
    timed "Portal tests (pytest)" python -m pytest --ignore=portal/tests/browser -m "not timing" \
        -p xdist -n "$PYTEST_WORKERS" --dist loadfile
}

browser_journeys() {
    cd "$ROOT"
    echo "== Browser journeys (pytest portal/tests/browser)"
    timed "Browser journeys" python -m pytest portal/tests/browser
}

timing_tests() {  # compare response times: run once the module tests beside are done
    cd "$ROOT"
    echo "== Timing tests (pytest -m timing)"
    timed "Timing tests" python -m pytest --ignore=portal/tests/browser -m timing
}

soak() {  # last, alone: it restarts trytond and counts 503s, so nothing else may load it
    cd "$ROOT"
    echo "== Soak of the production stack (SOAK_MINUTES=${SOAK_MINUTES:-3})"
    timed "Soak (${SOAK_MINUTES:-3} min)" env SOAK_MINUTES="${SOAK_MINUTES:-3}" \
        PYTHONPATH=portal:. python -m benchmarks.soak
}

# Two workers on a 2-core machine: each test mostly waits on its trytond, which works
# meanwhile; more would only share the same cores.
PYTEST_WORKERS=${PYTEST_WORKERS:-2}
status=0
echo "== Tryton module tests: $MODULES ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "== They run beside the portal tests; their results follow them"
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    timed "Module tests on PostgreSQL" postgresql_tests >"$LOGS/postgresql.out" 2>&1 &
    postgresql_job=$!
fi
timed "Module tests on SQLite" sqlite_tests >"$LOGS/sqlite.out" 2>&1 &
sqlite_job=$!
# The portal tests need only their template (built when the sources changed, else found):
# they start at once, beside the module tests, so that no core waits at the end.
if timed "Portal test template" portal_template; then
    portal_tests "$@" || status=1
    template=ok
else
    status=1
fi
wait $sqlite_job || status=1
cat "$LOGS/sqlite.out"
if [ $# -eq 0 ] && [ "${template:-}" = ok ]; then
    browser_journeys || status=1
fi
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    wait $postgresql_job || status=1
    cat "$LOGS/postgresql.out"
fi
if [ $# -eq 0 ]; then
    timing_tests || status=1
fi
if [ $# -eq 0 ] && [ -n "${TEST_POSTGRES_URL:-}" ]; then
    soak || status=1
fi
echo "== Times (parts side by side overlap; load now $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$TIMES"
echo "Total: $SECONDS s"
exit $status
