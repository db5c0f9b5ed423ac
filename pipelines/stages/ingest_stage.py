"""Stage 1: read a source's new or changed files into raw_documents, unreadable ones into ingest_errors."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.ingest import ReadStats, SourceSpec, read_source
from pipelines.ingest.records import RawRecord, RejectedRecord
from pipelines.progress import StageProgress
from pipelines.store.reads import stored_keys
from pipelines.store.rows import ingest_error_row, raw_document_row
from pipelines.store.writes import insert_rows

FLUSH_EVERY = 500


@dataclass
class IngestSummary:
    """What one run did with a source's files."""

    records_read: int = 0
    already_seen: int = 0
    rejected: int = 0
    skipped_records: int = 0
    bytes_read: int = 0


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    project_dir: Path,
    run_id: str,
    now: datetime,
    only: Collection[str] | None = None,
) -> IngestSummary:
    """Store every record not seen before; a record already stored (same path, same bytes) is skipped.

    With `only` (a batch's files, relative to the source folder) just those files are read. Records are
    checked against the warehouse a batch at a time, with a join on their keys.
    """
    summary = IngestSummary()
    pending: list[RawRecord | RejectedRecord] = []
    this_run: set[str] = set()
    stats = ReadStats()

    def flush() -> None:
        known = stored_keys(con, spec.name, (_key(item) for item in pending))
        raw_rows, error_rows = [], []
        for item in pending:
            key = _key(item)
            if key in known or key in this_run:
                summary.already_seen += 1
                continue
            this_run.add(key)
            if isinstance(item, RawRecord):
                raw_rows.append(raw_document_row(item, run_id, now))
                summary.records_read += 1
                summary.bytes_read += item.byte_size
            else:
                error_rows.append(ingest_error_row(item, run_id, now))
                summary.rejected += 1
        insert_rows(con, "raw_documents", raw_rows)
        insert_rows(con, "ingest_errors", error_rows)
        pending.clear()

    # a batch knows its files; a whole folder is not listed twice just to count them
    progress = StageProgress("ingest", spec.name, total=None if only is None else len(only), unit="files")
    for item in read_source(spec, project_dir, stats, only):
        if isinstance(item, RawRecord | RejectedRecord):
            pending.append(item)
        if len(pending) >= FLUSH_EVERY:
            flush()
        progress.update(stats.files)
    flush()
    progress.finish()
    summary.skipped_records = stats.skipped_total  # e.g. WARC request records: counted, not errors
    return summary


def _key(item: RawRecord | RejectedRecord) -> str:
    return item.raw_id if isinstance(item, RawRecord) else item.error_id
