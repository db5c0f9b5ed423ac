"""Lake upkeep: DuckLake inlines small inserts in its catalog and writes a Parquet file per insert, so
files pile up; merging them, expiring old snapshots and deleting unused files keeps reads fast."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

import duckdb

from pipelines.settings import WarehousePaths
from pipelines.store.database import statement
from pipelines.store.lake import LAKE, attach_lake

KEEP_DAYS = int(os.environ.get("NEWS_LAKE_KEEP_DAYS", "30"))  # time travel and rollback reach this far
FAILED_RUN_DAYS = 7  # staging files of failed runs are kept this long for inspection


@dataclass(frozen=True)
class MaintenanceSummary:
    data_files_before: int
    data_files_after: int
    snapshots_before: int
    snapshots_after: int
    failed_run_files_deleted: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    (files, snapshots) = con.execute(statement("lake_file_counts", lake=LAKE)).fetchone()
    return int(files), int(snapshots)


def maintain_lake(paths: WarehousePaths, keep_days: int = KEEP_DAYS) -> MaintenanceSummary:
    """Flush inlined rows, merge small files, expire snapshots older than keep_days, delete files."""
    con = duckdb.connect()
    try:
        attach_lake(con, paths)
        files_before, snapshots_before = _counts(con)
        con.execute(statement("flush_inlined_data"), [LAKE])
        con.execute(statement("merge_adjacent_files"), [LAKE])
        con.execute(statement("expire_snapshots"), [LAKE, int(keep_days)])
        con.execute(statement("cleanup_old_files"), [LAKE])
        files_after, snapshots_after = _counts(con)
    finally:
        con.close()
    deleted = 0
    cutoff = time.time() - FAILED_RUN_DAYS * 86400
    for staging in paths.runs.glob("*.duckdb*") if paths.runs.is_dir() else []:
        if staging.stat().st_mtime < cutoff:
            staging.unlink(missing_ok=True)
            deleted += 1
    return MaintenanceSummary(files_before, files_after, snapshots_before, snapshots_after, deleted)
