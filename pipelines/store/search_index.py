"""Full-text search over sentences with DuckDB's fts extension, loaded from its PyPI package (no download)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.store.database import run_statements


def fts_extension_path() -> Path:
    """The signed fts extension shipped by the duckdb-extension-fts package for this DuckDB version."""
    import duckdb_extension_fts

    folder = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    matches = sorted(folder.glob("fts.duckdb_extension*"))
    if not matches:
        raise FileNotFoundError(f"no fts extension for DuckDB {duckdb.__version__} in {folder}")
    return matches[0]


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"LOAD '{fts_extension_path()}'")


def build_sentence_search(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the sentence_search table and its BM25 index."""
    load_fts(con)
    run_statements(con, "build_sentence_search", [])
