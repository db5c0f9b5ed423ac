"""`make migrate` (or the first run): a warehouse of the single-file format (warehouse/news.duckdb, before
the lake) is copied into the lake in one snapshot, with the state the incremental stages need.

Nothing is lost: every row of every table is copied, and the old file is kept beside the lake as
news.duckdb.migrated. Entity resolution state is rebuilt by the next run (a full resolution), since the
old file has no name keys.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.clean import document_fingerprints
from pipelines.ingest import band_keys, is_empty_signature
from pipelines.settings import WarehousePaths
from pipelines.store.database import run_statements, statement
from pipelines.store.lake import LAKE, attach_lake, ensure_lake_schema
from pipelines.store.writes import table_columns

LEGACY = "legacy"
MIGRATE_PREFIX = "migrate "
# tables of the single-file format, copied as they are (columns both sides have)
COPIED_TABLES = (
    "raw_documents",
    "ingest_errors",
    "documents",
    "blocks",
    "comments",
    "sentences",
    "entity_mentions",
    "entities",
    "dq_results",
    "document_signatures",
)
CHUNK_DOCUMENTS = 2000


@dataclass
class MigrationSummary:
    source: Path
    rows: dict[str, int] = field(default_factory=dict)


def _legacy_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(statement("legacy_tables"), [LEGACY]).fetchall()
    return {name for (name,) in rows}


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_migrated", frame)
    try:
        columns = list(frame.columns)
        con.execute(statement("copy_rows", target=f"{LAKE}.{table}", origin="_migrated", columns=columns))
    finally:
        con.unregister("_migrated")


def _derived_state(con: duckdb.DuckDBPyConnection) -> None:
    """LSH bands and block fingerprints (Python hashes) and sentence fingerprints (SQL), a chunk of
    documents at a time, so memory stays bounded however large the old file is."""
    cursor = con.cursor()
    cursor.execute(statement("legacy_document_texts", legacy=LEGACY))
    while chunk := cursor.fetchmany(CHUNK_DOCUMENTS):
        bands, fingerprints = [], []
        for doc_id, source, run_id, minhash, texts in chunk:
            if minhash is not None and not is_empty_signature(minhash):
                bands.extend((band, doc_id, run_id) for band in band_keys(minhash))
            fingerprints.extend(
                (source, fp, doc_id, run_id) for fp in sorted(document_fingerprints(texts or []))
            )
        _insert_frame(con, "document_bands", pd.DataFrame(bands, columns=["band", "doc_id", "run_id"]))
        _insert_frame(
            con,
            "block_fingerprints",
            pd.DataFrame(fingerprints, columns=["source", "fingerprint", "doc_id", "run_id"]),
        )
    run_statements(con, "migrate_sentence_fingerprints", [])


def migrate_legacy(paths: WarehousePaths) -> MigrationSummary | None:
    """Copy a single-file warehouse into the lake once; None when there is none to migrate."""
    source = paths.legacy
    if not source.exists():
        return None
    ensure_lake_schema(paths)
    con = duckdb.connect()
    try:
        attach_lake(con, paths)
        con.execute(f"ATTACH '{source}' AS {LEGACY} (READ_ONLY)")
        present = _legacy_tables(con)
        summary = MigrationSummary(source)
        con.execute("BEGIN")
        con.execute(statement("set_commit_message", lake=LAKE), [MIGRATE_PREFIX + source.name])
        for table in COPIED_TABLES:
            if table not in present:
                continue
            legacy_columns = set(table_columns(con, table, LEGACY))
            columns = [c for c in table_columns(con, table, LAKE) if c in legacy_columns]
            con.execute(
                statement("copy_rows", target=f"{LAKE}.{table}", origin=f"{LEGACY}.{table}", columns=columns)
            )
            (summary.rows[table],) = con.execute(
                statement("legacy_row_count", legacy=LEGACY, table=table)
            ).fetchone()
        if {"documents", "blocks", "sentences"} <= present:
            _derived_state(con)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # nothing to undo when it failed before BEGIN
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    source.rename(source.with_name(source.name + ".migrated"))
    return summary


def main() -> int:
    paths = WarehousePaths.from_env()
    done = migrate_legacy(paths)
    if done is None:
        print(f"Nothing to migrate: no {paths.legacy}.")
        return 0
    print(f"Migrated {done.source} into the lake ({paths.catalog}):")
    for table, n in done.rows.items():
        print(f"  {table:<22}{n:>12}")
    print(f"The old file is kept as {done.source.name}.migrated; the next run resolves entities in full.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
