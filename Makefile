# KIM portal: everyday commands. `make help` lists them.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
RUFF := $(VENV)/bin/ruff
PYTEST_FLAGS ?= -q -p no:cacheprovider

# The stamps make a repeated `make install` a no-op until pyproject.toml or package-lock.json changes.
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
INSTALL_STAMPS := $(PY_STAMP) $(if $(wildcard package-lock.json),$(NODE_STAMP))
# Translations: .mo files are built, not committed (Babel from the virtualenv, so no system gettext is needed).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

# test-postgres: pytest-django creates test_kim_portal_ci from this URL and drops it afterwards;
# no other database is touched.
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/kim_portal_ci

# `make run RUN_ADDR=127.0.0.1:8765` serves elsewhere (the CI start-up check uses a free port).
RUN_ADDR ?= 127.0.0.1:8000
# What `make run` writes: the SQLite database, uploaded media and collected static files (the
# settings' defaults); a fresh clone has none of these folders yet.
RUN_DIRS := var var/media var/static
BENCH_SCRIPT ?= bench/search_bench.py
BENCH_ARGS ?=

.PHONY: help install install-python lint test test-postgres test-browser run serve bench load

help:
	@echo "make install        create .venv, install the project with dev tools, npm ci (axe-core), compile translations"
	@echo "make lint           ruff check"
	@echo "make test           the test suite on SQLite, without browser tests"
	@echo "make test-postgres  the same suite on PostgreSQL at 127.0.0.1:5432"
	@echo "make test-browser   browser tests in headless Chromium (/usr/bin/chromium)"
	@echo "make run            set up a demo portal and serve it on http://$(RUN_ADDR)/"
	@echo "make serve          production-like: gunicorn (gunicorn.conf.py), DEBUG off, .env if present, on $(SERVE_ADDR)"
	@echo "make bench          search performance benchmark ($(BENCH_SCRIPT))"
	@echo "make load           load test with wrk against make serve on a copy of the demo data (bench/load.sh)"

install: $(INSTALL_STAMPS) $(MO_FILES)

# Serving needs no Node.js: npm (axe-core) is for the browser tests only.
install-python: $(PY_STAMP) $(MO_FILES)

$(PY):
	python3 -m venv $(VENV)

$(PY_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	touch $@

%.mo: %.po | $(PY_STAMP)
	$(VENV)/bin/pybabel -q compile -i $< -o $@

lint: install-python
	$(RUFF) check .

test: install-python
	$(PYTEST) -m "not browser" $(PYTEST_FLAGS)

test-postgres: install-python
	DATABASE_URL=$(POSTGRES_TEST_URL) $(PYTEST) -m "not browser" --create-db $(PYTEST_FLAGS)

test-browser: install
	$(PYTEST) tests/browser -m browser $(PYTEST_FLAGS)

$(RUN_DIRS):
	mkdir -p $@

# Every step is idempotent: on an existing database a re-run only checks, keeps the data and serves.
run: install-python | $(RUN_DIRS)
	DEBUG=true $(PY) manage.py setup_portal
	DEBUG=true $(PY) manage.py load_demo_data
	DEBUG=true $(PY) manage.py rebuild_search_index
	@DEBUG=true $(PY) manage.py shell --verbosity 0 -c "from portal.demo import DEMO_ADMIN_USERNAME as user, DEMO_ADMIN_PASSWORD as password; print(f'\nDemo admin: http://$(RUN_ADDR)/admin/  user {user}  password {password}\n')"
	DEBUG=true $(PY) manage.py runserver $(RUN_ADDR)

# The production-like server on this machine (bin/serve: gunicorn.conf.py, collectstatic, DEBUG off,
# variables from .env if present). Uses the database `make run` set up, or DATABASE_URL.
SERVE_ADDR ?= 127.0.0.1:8000
serve: install-python | $(RUN_DIRS)
	GUNICORN_BIND=$(SERVE_ADDR) bin/serve

load: install-python
	bench/load.sh

bench: install
	DEBUG=true $(PY) $(BENCH_SCRIPT) $(BENCH_ARGS)
