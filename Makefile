# Inovda: `make run` starts the product, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Python >= 3.12: the first that answers (pyenv honours .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)

.PHONY: run test venv setup demo worker lint format check graph messages clean \
	bench-iid bench-pages bench-health bench-ecosystem bench-search

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (see README)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

run: setup
	@echo ""
	@echo "  Inovda is starting on http://$(HOST):$(PORT)/"
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
	@echo ""
	@$(PY) manage.py db_worker & WORKER=$$!; \
	$(PY) manage.py run_daily --loop & DAILY=$$!; \
	trap 'kill $$WORKER $$DAILY 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: setup
	$(PY) manage.py db_worker

test: venv
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

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
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate translations: each app keeps its own locale/ (app templates included).
messages: venv
	for app in inovda/*/; do \
		if [ -d $$app/locale ]; then (cd $$app && ../../$(PY) ../../manage.py makemessages -l id --no-obsolete --no-wrap -v0); fi; \
	done
	$(PY) manage.py compilemessages -v0 --ignore=.venv

clean:
	rm -rf var/inovda.sqlite3* var/media var/staticfiles

# Server time of the dashboard, the filtered list and an innovation page on national data.
bench-pages: venv
	$(PY) bench/pages.py
# Health refresh on 40,000 innovations × 8 reports (SQLite under var/bench/, or DATABASE_URL).
bench-health: venv
	$(PY) bench/health_refresh.py
# IID at national scale (546 Pemda, 40,000 innovations, 800,000 rows): SQLite file
# var/bench/iid.sqlite3 by default, PostgreSQL with DATABASE_URL (a database of its own).
bench-iid: venv
	$(PY) bench/iid.py
# Five-factor health, precedents and ecosystem pages on a large Pemda (see bench/ecosystem.py).
bench-ecosystem: venv
	$(PY) bench/ecosystem.py
# Knowledge search over 200,000 innovations: SQLite by default, PostgreSQL via DATABASE_URL.
bench-search: venv
	$(PY) bench/search.py
