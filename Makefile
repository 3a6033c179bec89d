# The README's commands. `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VAR := var
# Our Tryton modules, in dependency order (each is an installable package).
TRYTON_MODULES := $(sort $(patsubst tryton_modules/%/pyproject.toml,%,$(wildcard tryton_modules/*/pyproject.toml)))
MODULE_PROJECTS := $(wildcard tryton_modules/*/pyproject.toml)

TRYTON_CONFIG ?= tryton/trytond.conf
TRYTON_DB ?= portal
TRYTON_PORT ?= 8000
PORTAL_PORT ?= 8080

.PHONY: help install run demo-db demo-db-reset browser test test-modules test-portal lint format bench soak messages clean

help:
	@echo "make run     run the portal, its Tryton server and demo data (SQLite) on localhost"
	@echo "make test    run every test: Tryton module tests and portal tests"
	@echo "make lint    ruff"
	@echo "make demo-db-reset  rebuild the demo Tryton database after a module change"
	@echo "make bench   speed figures against their targets (docs/performance.md)"
	@echo "make soak    customer traffic on the production stack, trytond restarted twice (SOAK_MINUTES=30)"

# One stamp file: the virtual environment is rebuilt when a project file changes.
$(BIN)/.installed: pyproject.toml $(MODULE_PROJECTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' $(addprefix -e ./tryton_modules/,$(TRYTON_MODULES))
	touch $@

install: $(BIN)/.installed

messages: install
	cd portal && ../$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

# Builds the embedded (SQLite) Tryton database with our modules and demo data, once.
$(VAR)/tryton/$(TRYTON_DB).sqlite: | install
	$(BIN)/python -m tryton.setup_db --config $(TRYTON_CONFIG) --database $(TRYTON_DB) --demo

demo-db: $(VAR)/tryton/$(TRYTON_DB).sqlite

# After a change to a Tryton module: rebuild the demo database from scratch.
demo-db-reset: install
	rm -f $(VAR)/tryton/$(TRYTON_DB).sqlite
	$(MAKE) demo-db

run: install messages demo-db
	cd portal && ../$(BIN)/python manage.py migrate -v 0
	@bash tryton/run.sh $(BIN) $(TRYTON_CONFIG) $(TRYTON_DB) $(TRYTON_PORT) $(PORTAL_PORT)

# The browser journeys drive Debian's Chromium (never a browser downloaded by Playwright).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium for the browser journeys (Debian package chromium)"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null

browser: $(CHROMIUM)

test: install messages browser
	@bash tryton/test.sh $(BIN) "$(TRYTON_MODULES)" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .

# Speed against a real trytond (gunicorn) with a generated 10,000-sale customer, each figure
# with its target (docs/performance.md); not part of `make test`. Saves var/bench/latest.json.
# BENCH_ARGS=--upstream-sales measures sale.sale as upstream reads it, for comparison.
bench: install
	PYTHONPATH=portal:. $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# Mixed customer traffic for SOAK_MINUTES (30) against docker-compose.yml's stack run on this
# machine (PostgreSQL: TEST_POSTGRES_URL, the local server by default), trytond restarted
# twice; fails on a lost or doubled pickup request or a 5xx other than 503 while trytond is
# down (docs/operations.md). Saves var/soak/latest.json.
soak: install messages
	TEST_POSTGRES_URL=$${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/} \
	PYTHONPATH=portal:. $(BIN)/python -m benchmarks.soak

clean:
	rm -rf $(VAR) .pytest_cache
