# audit_tracker: `make run` starts the app with the seed review; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV := DJANGO_DEBUG=1
ADDRESS ?= 127.0.0.1:8000

.PHONY: install run serve test test-fast test-browser lint messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(DEV) $(BIN)/python manage.py import_review fixtures/haninge-2024.yaml --skip-existing --verbosity 0 >/dev/null
	$(DEV) $(BIN)/python manage.py import_plan fixtures/uppsala-amn-internkontroll-2024.yaml --skip-existing --verbosity 0 >/dev/null
	$(DEV) $(BIN)/python manage.py import_plan fixtures/socialnamnden-internkontroll-2023.yaml --skip-existing --verbosity 0 >/dev/null
	@# The seed review published (the worker renders its PDF) and the 2025 follow-up started.
	$(DEV) $(BIN)/python manage.py prepare_demo --verbosity 0 >/dev/null
	@echo
	@echo "  Demokonton (användarnamn, lösenord, roll):"
	@$(DEV) $(BIN)/python manage.py create_demo_users
	@echo
	@echo "  audit_tracker körs på http://$(ADDRESS)/  (Ctrl-C avslutar)"
	@echo
	@# The task worker (PDF rendering) beside the web server; Ctrl-C stops both.
	$(DEV) $(BIN)/python manage.py db_worker --queue-name '*' --verbosity 0 & \
	  WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(BIN)/python manage.py runserver $(ADDRESS)

# Production: migrations, static files, the task worker and gunicorn against DATABASE_URL.
serve: install
	scripts/serve

# Everything, browser tests included (installs Debian's chromium when missing).
test: install
	scripts/ensure-browser
	scripts/ensure-axe
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	$(DEV) $(BIN)/python manage.py makemessages -l sv --no-location --ignore=.venv --ignore=tests --ignore=benchmarks --ignore=node_modules
	$(DEV) $(BIN)/python manage.py compilemessages -l sv --ignore=.venv --ignore=node_modules
