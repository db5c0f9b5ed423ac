# The project's commands. Each sets up .venv on first use; nothing is downloaded at run time.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DAGSTER_HOME := $(CURDIR)
export DAGSTER_STORAGE_DIR := $(CURDIR)/.dagster_home/storage
export DAGSTER_COMPUTE_LOG_DIR := $(CURDIR)/.dagster_home/logs
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: install run test ui sql lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## run: ingest, clean, parse, check and publish every source under raw/ into warehouse/news.duckdb
run: $(STAMP)
	@mkdir -p $(DAGSTER_STORAGE_DIR) $(DAGSTER_COMPUTE_LOG_DIR)
	$(BIN)/python -m pipelines.run

## test: the whole suite, offline
test: $(STAMP)
	$(BIN)/pytest -q

## ui: the Dagster UI on http://127.0.0.1:3000
ui: $(STAMP)
	@mkdir -p $(DAGSTER_STORAGE_DIR) $(DAGSTER_COMPUTE_LOG_DIR)
	$(BIN)/dg dev --host 127.0.0.1 --port 3000

## sql: the DuckDB CLI, read-only, on the published warehouse
sql: $(STAMP)
	@test -f warehouse/news.duckdb || { echo "warehouse/news.duckdb does not exist yet: run 'make run' first"; exit 1; }
	$(BIN)/duckdb -readonly warehouse/news.duckdb \
	  -cmd "LOAD '$$($(BIN)/python -c 'from pipelines.store.search_index import fts_extension_path as p; print(p())')'" 

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/cleaning.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/nlp.py
	$(BIN)/python bench/checks.py

clean:
	rm -rf .dagster_home warehouse/*.duckdb warehouse/*.wal warehouse/*.tmp warehouse/dq_docs
