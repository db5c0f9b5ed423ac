"""Full-text search over published sentences with DuckDB's fts extension, in a file of its own.

The index cannot live in the lake (fts does not index DuckLake tables), so it is derived: rebuilt from
the lake into a new file that replaces the old one with a rename. Analysts holding the old file open
keep reading it. It is its own asset with its own schedule, so a run's cost does not include it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb

from pipelines.settings import WarehousePaths
from pipelines.store.database import run_statements, statement
from pipelines.store.extensions import load_extensions
from pipelines.store.lake import attach_lake, current_snapshot


@dataclass(frozen=True)
class SearchIndexSummary:
    sentences: int
    lake_snapshot: int
    bytes: int


def build_search_index(paths: WarehousePaths) -> SearchIndexSummary:
    """Rebuild warehouse/search.duckdb from the lake's current snapshot, then swap it in."""
    tmp = paths.search.with_name(paths.search.name + ".tmp")
    tmp.unlink(missing_ok=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        load_extensions(con, "fts")
        attach_lake(con, paths, read_only=True)
        snapshot = current_snapshot(con)
        run_statements(con, "build_sentence_search", [snapshot])
        (sentences,) = con.execute(statement("search_index_sentences")).fetchone()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, paths.search)
    return SearchIndexSummary(int(sentences), snapshot, paths.search.stat().st_size)


def search_index_behind(paths: WarehousePaths) -> int | None:
    """Publications the index has not seen yet (None when there is no index)."""
    if not paths.search.exists():
        return None
    con = duckdb.connect(str(paths.search), read_only=True)
    try:
        attach_lake(con, paths, read_only=True)
        (behind,) = con.execute(statement("search_index_behind")).fetchone()
        return int(behind)
    finally:
        con.close()
