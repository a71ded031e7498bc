# Two commands: `make run` and `make test`. Everything else is a step they call.
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask
PYTHON ?= python3
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi.py
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test install install-test translations migrate demo lint bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

# The test extra adds to the app's dependencies: one pip run installs both (a fresh clone's
# `make test` ran pip twice, issue #16).
$(VENV)/.test-installed: $(VENV)/bin/activate pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.test-installed

# What `flask translate compile` runs, without starting the app first (0.5 s of CPU against 5 s).
translations: install
	$(PY) -m babel.messages.frontend -q compile -d translations

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

# Development: message backends print to the console (no recipient, no text); a production
# server (gunicorn wsgi:app) needs SMTP_HOST/EMAIL_BACKEND and SMS_BACKEND (docs/security.md).
run: translations demo
	APP_ENV=development $(FLASK) run --host $(HOST) --port $(PORT)

# Translations are compiled first; the same pytest run includes the browser tests (tests/e2e,
# Debian's Chromium: skipped when missing, a failure when CI=true). PYTEST_WORKERS pytest-xdist
# workers (2: this machine's cores; 0 runs one process), each with its own SQLite file or
# PostgreSQL schema, browser and live server.
PYTEST_WORKERS ?= 2
test: install-test translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) tests $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

bench: install-test translations
	$(PY) bench/http_pages.py

clean:
	rm -rf $(VENV) instance/participation.sqlite*
