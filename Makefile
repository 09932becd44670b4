# The README's commands. Everything installs into .venv from the hash-locked file.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=
# The real-news texts, re-materialised outside the repository (corpus/realnews/README.md, "Fetch").
CORPUS ?= /work/scratch/realnews/texts
SPLIT ?= dev

.PHONY: install run test test-sqlite test-postgres fuzz lint openapi openapi-check bench lock docker-lint clean train eval stories-eval

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

## The annotator's property-based fuzzing (tests/annotation/test_fuzz.py), longer than in `make test`:
## FUZZ_SCALE times the examples, fresh random inputs each run (failures are kept in .hypothesis/).
FUZZ_SCALE ?= 25
fuzz: install
	MIGEVENTS_FUZZ_SCALE=$(FUZZ_SCALE) $(PY) -m pytest -n 2 tests/annotation/test_fuzz.py \
		--hypothesis-show-statistics $(PYTEST_ARGS)

## ruff, then the import-linter contracts of pyproject.toml (layers: entry points -> domains -> core).
lint: install
	$(VENV)/bin/ruff check app migrations tests bench corpus
	$(VENV)/bin/ruff format --check app migrations tests bench corpus
	$(VENV)/bin/lint-imports

openapi: install
	$(PY) -m app openapi

openapi-check: install
	$(PY) -m app openapi --check

bench: install
	$(PY) -m bench.run

docker-lint: install
	$(VENV)/bin/hadolint Dockerfile

## The annotator on one split of the real-news corpus: score.py's table, then P/R per event type and actor kind.
eval: install
	$(PY) corpus/tools/eval.py --corpus $(CORPUS) --split $(SPLIT)

## Story grouping: pairwise precision/recall on the gold, and on machine annotations of $(CORPUS) when present.
stories-eval: install
	$(PY) corpus/tools/stories_eval.py $(if $(wildcard $(CORPUS)/*.txt),--annotate $(CORPUS))

## Rebuild the trained design that was tried (a sentence classifier) and compare it with the rules on dev.
train: install
	$(PY) corpus/experiments/sentence_classifier.py --corpus $(CORPUS)

## Re-lock dependencies (needs uv; not part of set-up).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements/dev.lock
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/app.lock

clean:
	rm -rf $(VENV) var .pytest_cache
