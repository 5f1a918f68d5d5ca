# Inovda: `make run` starts the product, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Production settings are the default; these targets ask for development explicitly.
DEV := INOVDA_DEV=1
HOST ?= 127.0.0.1
PORT ?= 8000
# Python >= 3.12: the first that answers (pyenv honours .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)

.PHONY: run test venv setup demo worker lint format check graph messages clean backup soak \
	bench-iid bench-pages bench-health bench-ecosystem bench-import bench-search bench-relevance \
	bench-public mutation \
	scale-test

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (see README)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	@mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput -v0   # also creates the cache table (inovda_cache)
	$(DEV) $(PY) manage.py seed_demo

run: setup
	@echo ""
	@echo "  Inovda is starting on http://$(HOST):$(PORT)/  (public catalogue; staff: /login/)"
	@echo "  Demo logins (password: inovda-demo):"
	@echo "    admin             Pemda admin (Bapperida), Kota Malang"
	@echo "    operator.kominfo  operator, Dinas Kominfo"
	@echo "    operator.dinkes   operator, Dinas Kesehatan"
	@echo "    inovator          innovator, Dinas Kominfo"
	@echo "    verifikator       verifier"
	@echo "    agen              change agent (agen perubahan)"
	@echo "    unit              innovation unit"
	@echo "    pimpinan          leadership (read-all)"
	@echo "    operator.batu     Pemda admin of Kota Batu (another Pemda)"
	@echo "    root              system administrator (/admin/)"
	@echo "  Administrators enrol an authenticator app at first sign-in (INOVDA_REQUIRE_2FA=0 skips it)."
	@echo ""
	@$(DEV) $(PY) manage.py db_worker & WORKER=$$!; \
	$(DEV) $(PY) manage.py run_daily --loop & DAILY=$$!; \
	trap 'kill $$WORKER $$DAILY 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

worker: setup
	$(DEV) $(PY) manage.py db_worker

test: venv
	$(DEV) $(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The layers and the import graph (contracts in pyproject.toml, see ADR 0008).
graph: venv
	$(VENV)/bin/lint-imports --no-cache

check: venv
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

# Regenerate translations: each app keeps its own locale/ (app templates included).
messages: venv
	for app in inovda/*/; do \
		if [ -d $$app/locale ]; then (cd $$app && $(DEV) ../../$(PY) ../../manage.py makemessages -l id --no-obsolete --no-wrap -v0); fi; \
	done
	$(DEV) $(PY) manage.py compilemessages -v0 --ignore=.venv

# Mutation testing of the services (mutmut, configured in pyproject.toml): each mutant of a
# service is tried against the service-level tests that reach it. A report, not a CI gate:
# the score and the survivors are listed in the README. One child: the mutants share one
# reusable SQLite test database (var/mutation-test.sqlite3).
mutation: venv
	rm -rf mutants var/mutation-test.sqlite3
	$(DEV) SQLITE_TEST_NAME=$(CURDIR)/var/mutation-test.sqlite3 $(VENV)/bin/mutmut run --max-children 1 || true
	$(VENV)/bin/mutmut export-cicd-stats
	$(VENV)/bin/mutmut results
# One verified archive (database + media, manifest with checksums) in var/backups/, keeping
# the newest INOVDA_BACKUP_KEEP (14); the daily jobs (run_daily) make one too.
backup: venv
	$(DEV) $(PY) manage.py backup

clean:
	rm -rf var/inovda.sqlite3* var/media var/staticfiles

# What a Pemda admin waits for on every page, at N = 200 / 2,000 / 20,000 (bench/pages.py).
bench-pages: venv
	$(DEV) $(PY) bench/pages.py
# Health refresh on 40,000 innovations × 8 reports (SQLite under var/bench/, or DATABASE_URL).
bench-health: venv
	$(DEV) $(PY) bench/health_refresh.py
# IID at national scale (546 Pemda, 40,000 innovations, 800,000 rows): SQLite file
# var/bench/iid.sqlite3 by default, PostgreSQL with DATABASE_URL (a database of its own).
bench-iid: venv
	$(DEV) $(PY) bench/iid.py
# Five-factor health, precedents and ecosystem pages on a large Pemda (see bench/ecosystem.py).
bench-ecosystem: venv
	$(DEV) $(PY) bench/ecosystem.py
# Import of a 50,000-row CSV: read, check every row, write BENCH_WRITE rows (bench/import_rows.py).
bench-import: venv
	$(DEV) $(PY) bench/import_rows.py
# Knowledge search over 200,000 innovations: SQLite by default, PostgreSQL via DATABASE_URL.
bench-search: venv
	$(DEV) $(PY) bench/search.py
# Search relevance (MRR, precision@5, recall@10) and the similar/duplicate/replication
# confusion table on a labelled Indonesian corpus: SQLite by default, PostgreSQL via DATABASE_URL.
bench-relevance: venv
	$(DEV) $(PY) bench/relevance.py
# 10-minute bounded soak: gunicorn + locust on 127.0.0.1 over the demo city's main pages;
# prints requests, errors (must be 0), p50/p95 and the server's memory at start and end.
soak: venv
	$(DEV) $(PY) bench/soak.py
# PostgreSQL + Redis + 2 app servers + 2 workers on 127.0.0.1 (DATABASE_URL=postgres://… of its own).
scale-test: venv
	$(DEV) $(PY) bench/scale_out.py $(SCALE_ARGS)
# Public catalogue and search with 40,000 published innovations (SQLite or DATABASE_URL).
bench-public: venv
	$(DEV) $(PY) bench/public.py
