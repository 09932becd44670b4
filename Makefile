# The README's commands. Everything installs into .venv from the hash-locked file.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres lint openapi openapi-check bench lock docker-lint clean

$(STAMP): requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/dev.lock
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Start the service on 127.0.0.1:8000 with embedded SQLite (var/migration-events.db), migrations applied.
run: install
	$(PY) -m app serve --host 127.0.0.1 --port 8000

## The whole test suite: SQLite, then PostgreSQL (a throwaway server the tests start themselves).
test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	MIGEVENTS_TEST_BACKEND=sqlite $(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	MIGEVENTS_TEST_BACKEND=postgres $(PY) -m pytest -n 2 --ignore=tests/annotation $(PYTEST_ARGS)

## ruff, then the import-linter contracts of pyproject.toml (layers: entry points -> domains -> core).
lint: install
	$(VENV)/bin/ruff check app migrations tests bench
	$(VENV)/bin/ruff format --check app migrations tests bench
	$(VENV)/bin/lint-imports

openapi: install
	$(PY) -m app openapi

openapi-check: install
	$(PY) -m app openapi --check

bench: install
	$(PY) -m bench.run

docker-lint: install
	$(VENV)/bin/hadolint Dockerfile

## Re-lock dependencies (needs uv; not part of set-up).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements/dev.lock
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/app.lock

clean:
	rm -rf $(VENV) var .pytest_cache
