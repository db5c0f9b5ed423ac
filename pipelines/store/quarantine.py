"""Quarantine: a document a stage cannot process is withheld with all its staged rows and recorded, so
the rest of the run goes on; what the quarantine holds now is read back for a retry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import duckdb
import pandas as pd

from pipelines.code_version import code_version
from pipelines.store.database import run_statements, statement
from pipelines.store.reads import fetch_rows
from pipelines.store.rows import quarantine_row
from pipelines.store.writes import insert_rows


def withhold_documents(
    con: duckdb.DuckDBPyConnection,
    failures: Mapping[str, BaseException | str],
    stage: str,
    run_id: str,
    now: datetime,
) -> int:
    """Quarantine every raw record of the run behind these documents (doc_id -> error), then delete the
    documents' staged rows from every table; returns how many raw records were quarantined."""
    if not failures:
        return 0
    version = code_version()
    frame = pd.DataFrame({"doc_id": sorted(failures)}, dtype=object)
    con.register("_withheld", frame)
    try:
        raws = fetch_rows(con, statement("withheld_raw_records"), [run_id])
        insert_rows(
            con,
            "quarantine",
            [quarantine_row(raw, stage, failures[raw["doc_id"]], run_id, now, version) for raw in raws],
        )
        run_statements(con, "withhold_documents", [run_id])
    finally:
        con.unregister("_withheld")
    return len(raws)


def quarantined_files(con: duckdb.DuckDBPyConnection, stale_for: str | None = None) -> dict[str, list[str]]:
    """Per source, the files (paths relative to the project) with a record in quarantine now; with
    stale_for (a code version), only those with a record quarantined under another version."""
    rows = con.execute(statement("quarantined_files"), {"version": stale_for}).fetchall()
    files: dict[str, list[str]] = {}
    for source, path in rows:
        files.setdefault(source, []).append(path)
    return files
