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

.PHONY: install run test test-fast ui sql resolve-all retry-quarantine rollback migrate search-index maintain lint bench bench-scale clean

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

## test-fast: the unit tier, without the end-to-end tests (marker e2e) that run jobs and processes, on every core
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not e2e" -n auto

## ui: the Dagster UI on http://127.0.0.1:3000
ui: $(STAMP)
	@mkdir -p $(DAGSTER_STORAGE_DIR) $(DAGSTER_COMPUTE_LOG_DIR)
	$(BIN)/dg dev --host 127.0.0.1 --port 3000

## sql: the DuckDB CLI on the published lake, read-only, with the search index
sql: $(STAMP)
	@args=$$($(BIN)/python -m pipelines.store.analyst) && $(BIN)/duckdb $$args -init warehouse/.analyst.sql

## resolve-all: resolve every entity name again (a run does it by itself when aliases.yaml changed)
resolve-all: $(STAMP)
	@mkdir -p $(DAGSTER_STORAGE_DIR) $(DAGSTER_COMPUTE_LOG_DIR)
	$(BIN)/python -m pipelines.run --job entities_full_job

## retry-quarantine: run the files of the documents in quarantine again (those that pass are published)
retry-quarantine: $(STAMP)
	@mkdir -p $(DAGSTER_STORAGE_DIR) $(DAGSTER_COMPUTE_LOG_DIR)
	$(BIN)/python -m pipelines.run --retry-quarantine

## rollback: undo the latest publication (a new snapshot; older ones stay queryable)
rollback: $(STAMP)
	$(BIN)/python -m pipelines.store.rollback

## migrate: copy a single-file warehouse (warehouse/news.duckdb) into the lake; the first run does it too
migrate: $(STAMP)
	$(BIN)/python -m pipelines.store.migrate

## search-index: rebuild the full-text index from the lake (also a daily schedule in the UI)
search-index: $(STAMP)
	$(BIN)/python -c 'from pipelines.settings import WarehousePaths as P; from pipelines.store.search_index import build_search_index as b; print(b(P.from_env()))'

## maintain: merge small files, expire old snapshots, delete unused files (also a weekly schedule)
maintain: $(STAMP)
	$(BIN)/python -c 'from pipelines.settings import WarehousePaths as P; from pipelines.store.maintenance import maintain_lake as m; print(m(P.from_env()))'

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/cleaning.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/nlp.py
	$(BIN)/python bench/checks.py
	$(BIN)/python bench/throughput.py

## bench-scale: growth of a run's cost from 10k to 1M documents (builds cached lakes first: slow)
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

clean:
	rm -rf .dagster_home warehouse/*.duckdb warehouse/*.wal warehouse/*.tmp warehouse/dq_docs \
	  warehouse/catalog.sqlite* warehouse/lake warehouse/runs warehouse/.analyst.sql
