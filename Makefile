# claimledger: `make demo` builds the ledger from the bundled samples; `make test` runs the suite.
# Both create .venv and install into it; a stamp file keyed to pyproject.toml makes reruns fast.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SHARED ?= ../shared

.PHONY: demo test test-sqlite test-postgresql postgresql install install-test lint typecheck eval eval-polnear bench clean

# Ends with a short summary and serves the web UI on http://$(HOST):$(PORT)/ (Ctrl-C stops;
# `claimledger demo --no-serve` does not serve). `make demo PORT=8080` serves elsewhere.
HOST ?= 127.0.0.1
PORT ?= 8000
demo: $(STAMP)
	$(BIN)/claimledger demo --host $(HOST) --port $(PORT)

# The suite runs twice: on SQLite files, then on a PostgreSQL server that tests/pgserver.py starts
# on 127.0.0.1 for the session (Debian's postgresql, installed here when missing). The browser
# tests drive Debian's chromium (never `playwright install`), also installed here when missing.
test: test-sqlite test-postgresql

test-sqlite: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest -q

test-postgresql: $(TEST_STAMP) chromium postgresql
	CLAIMLEDGER_TEST_BACKEND=postgresql $(BIN)/python -m pytest -q

postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends postgresql; \
	fi

.PHONY: chromium
chromium:
	@test -x /usr/bin/chromium || { \
		SUDO=$$(test "$$(id -u)" -eq 0 || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

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

# Attribution on real news: PolNeAR's dev split (see docs/evaluation.md).
eval-polnear: $(STAMP)
	$(BIN)/claimledger eval-polnear $(SHARED)/corpus/polnear/dev

# About a minute on a 2-core machine: one run with 2 worker processes against the spaCy pass.
BENCH_ARTICLES ?= 800
BENCH_WORKERS ?= 2
# bench-api: 1M claims, 200 clients for 60 s by default; e.g. BENCH_API_ARGS="--claims 100000 --seconds 15"
BENCH_API_ARGS ?=
bench: $(STAMP)
	$(BIN)/claimledger bench --articles $(BENCH_ARTICLES) --workers $(BENCH_WORKERS) --json

clean:
	rm -rf $(VENV) claimledger-demo.db* claimledger-report.html

.PHONY: bench-api
bench-api: $(STAMP)
	$(BIN)/python benchmarks/api_load.py $(BENCH_API_ARGS)

.PHONY: bench-reconcile
bench-reconcile: $(STAMP)
	$(BIN)/python benchmarks/reconcile_bench.py

# Hostile inputs (tests/hostile.py) ingested twice: crashes, lost documents, duplicates, memory.
.PHONY: bench-hostile
bench-hostile: $(STAMP)
	$(BIN)/python benchmarks/hostile_bench.py
