# Refound: `make run` serves the app, `make test` checks the import contracts and runs every
# test; both set up first.
# Set-up steps are stamped, so running them again only redoes what changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(PY) -m flask --app app:create_app
PORT ?= 5000
export PORT

.PHONY: setup run run-prod test lint bench bench-deps deps assets database demo browser-deps export-deps poppler-deps i18n clean

setup: deps export-deps assets database demo

deps: $(VENV)/.stamp-deps
$(VENV)/.stamp-deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

assets: static/dist/.stamp-assets
static/dist/.stamp-assets: package.json package-lock.json $(wildcard static/src/*)
	npm ci --no-audit --no-fund --loglevel=error
	npm run build
	touch $@

database: deps
	$(FLASK) db upgrade

demo: database
	$(FLASK) demo load --if-empty

run: setup
	@echo "Refound on http://127.0.0.1:$(PORT)/"
	$(PY) app.py

# Production: WORKERS gunicorn processes (default 2) on ports PORT, PORT+1, ... sharing
# PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); nginx in front (deploy/nginx.conf.example).
# Needs SECRET_KEY; migrates the database first; loads no demo data.
WORKERS ?= 2
run-prod: deps export-deps assets
	WORKERS=$(WORKERS) $(PY) deploy/run_prod.py

# Debian's Chromium drives the browser tests (Playwright's own download cannot work here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "Could not install chromium: browser tests will fail or skip"; }

# WeasyPrint draws the PDF exports with Debian's Pango and HarfBuzz; DejaVu has Welsh (ŵ ŷ) and
# Noto Color Emoji the emoji, which fontconfig falls back to.
EXPORT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-color-emoji
export-deps:
	@dpkg -s $(EXPORT_PACKAGES) >/dev/null 2>&1 || { \
	  echo "Installing Debian's Pango and fonts for the PDF exports"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(EXPORT_PACKAGES) >/dev/null) \
	  || echo "Could not install $(EXPORT_PACKAGES): PDF exports will fail"; }

# The export tests read PDFs back with poppler's pdftotext and render a page with pdftoppm.
poppler-deps:
	@command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "Installing Debian's poppler-utils for the export tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) \
	  || echo "Could not install poppler-utils: the PDF export tests will fail or skip"; }

test: setup browser-deps poppler-deps lint
	$(PY) -m pytest -q --durations=15

# The checks in pyproject.toml: import-linter (areas in layers with no cycles, the engine and the
# vote counting free of Flask, SQLAlchemy and the app) and ruff (lint and import order).
lint: deps
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

# wrk drives bench/ballot.py's votes over HTTP (C, so it leaves the cores to the server it measures).
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the ballot benchmark"; \
	  (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)) \
	  || { echo "Could not install wrk: bench/ballot.py needs it" >&2; exit 1; }; }

bench: deps assets bench-deps
	$(PY) bench/engine.py
	$(PY) bench/merge_desk.py --quick
	$(PY) bench/tally.py
	$(PY) bench/ballot.py --quick
	$(PY) bench/roll.py --quick
	$(PY) bench/notifications.py --quick
	$(PY) bench/audit.py --quick
	$(PY) bench/live.py --quick
	$(PY) bench/exports.py
	$(PY) bench/discussion.py --quick
	$(PY) bench/search.py --quick
	node bench/lines.mjs

i18n: deps
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .
	test -f translations/cy/LC_MESSAGES/messages.po || $(VENV)/bin/pybabel init -i translations/messages.pot -d translations -l cy
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations
	$(VENV)/bin/pybabel compile -d translations

clean:
	rm -rf $(VENV) node_modules static/dist
