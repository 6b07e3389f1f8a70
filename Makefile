# ontable: the two commands that set everything up are `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEVSTAMP:= $(VENV)/.installed-dev
CASE    ?= ukraine-2025
CHROMIUM?= /usr/bin/chromium

.PHONY: run test lint typecheck pytest docs schema bench bench-quick clean browser

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,web,dist,negmas,docs,fast]'
	touch $@ $(STAMP)

## run: install into .venv and run the main job on the built-in case
run: $(STAMP)
	$(BIN)/ontable report $(CASE) -o report.html

## test: install with the dev extras and run ruff, mypy and the whole test suite
test: $(DEVSTAMP) lint typecheck pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

## pytest: the whole suite on two worker processes (pytest-xdist); every test keeps its own
## temporary folder, run store and free ports, so the order and the split do not matter
pytest: $(DEVSTAMP) browser
	$(BIN)/pytest -q -n 2

## browser: Debian's Chromium for the browser tests (installed when missing and root; without
## root the browser tests are skipped with the reason)
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "note: $(CHROMIUM) is missing and installing it needs root; the browser tests will be skipped"; \
	  fi; }

docs: $(DEVSTAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

schema: $(STAMP)
	$(BIN)/ontable schema --out schema

## bench: every benchmark, with its peer where one exists; writes the table of docs/scaling.md
bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/run_all.py

## bench-quick: the same with small settings (a few minutes)
bench-quick: $(DEVSTAMP)
	$(BIN)/python benchmarks/run_all.py --quick

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
