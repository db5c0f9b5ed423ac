"""A lake of its own for a test, and a run's staging connection on it, without Dagster."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.settings import WarehousePaths
from pipelines.store.database import open_staging
from pipelines.store.publish import PublishSummary, publish_run
from pipelines.store.staging import finish_staging, start_staging


def lake_paths(root: Path) -> WarehousePaths:
    """A deployment under root: raw/ inputs, warehouse/ with an SQLite-catalogued lake."""
    return WarehousePaths.under(root, root / "warehouse")


@contextmanager
def staged_run(paths: WarehousePaths, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh staging file for run_id, open with the lake attached (not published on exit)."""
    start_staging(paths, run_id)
    with open_staging(paths, run_id) as con:
        yield con


def publish(paths: WarehousePaths, run_id: str) -> PublishSummary:
    """Publish what run_id staged, as the published asset does."""
    with open_staging(paths, run_id) as con:
        summary = publish_run(con, run_id)
    finish_staging(paths, run_id)
    return summary
