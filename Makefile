# claimledger: `make demo` builds the ledger from the bundled samples; `make test` runs the suite.
# Both create .venv and install into it; a stamp file keyed to pyproject.toml makes reruns fast.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SHARED ?= ../shared

.PHONY: demo test install install-test lint typecheck eval bench clean

demo: $(STAMP)
	$(BIN)/claimledger demo

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

install: $(STAMP)

install-test: $(TEST_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The Dask extra is part of the test install: the LocalCluster test runs in CI.
$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $@

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests

typecheck: $(TEST_STAMP)
	$(BIN)/mypy src

eval: $(STAMP)
	$(BIN)/claimledger eval $(SHARED)/eval/gold $(SHARED)/corpus/seeds

# About a minute on a 2-core machine: one run with 2 worker processes against the spaCy pass.
BENCH_ARTICLES ?= 800
BENCH_WORKERS ?= 2
bench: $(STAMP)
	$(BIN)/claimledger bench --articles $(BENCH_ARTICLES) --workers $(BENCH_WORKERS) --json

clean:
	rm -rf $(VENV) claimledger-demo.db* claimledger-report.html

.PHONY: bench-reconcile
bench-reconcile: $(STAMP)
	$(BIN)/python benchmarks/reconcile_bench.py
