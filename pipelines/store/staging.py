"""A run's staging file: created empty when the run starts, deleted once its rows are published.

A run whose audit failed keeps its file under warehouse/runs/ for inspection (its rows and why they
failed); lake maintenance deletes such files after a week.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.settings import WarehousePaths
from pipelines.store.database import open_staging, release_staging


def _files(paths: WarehousePaths, run_id: str) -> tuple[Path, Path]:
    staging = paths.staging(run_id)
    return staging, staging.with_name(staging.name + ".wal")


def start_staging(paths: WarehousePaths, run_id: str, *, keep: bool = False) -> None:
    """An empty staging file for the run (a leftover of the same run id is dropped first); keep=True leaves
    it attached for the run's next step in this process (see open_staging)."""
    release_staging(paths.staging(run_id), checkpoint=False)
    for leftover in _files(paths, run_id):
        leftover.unlink(missing_ok=True)
    with open_staging(paths, run_id, create=True, keep=keep):
        pass


def finish_staging(paths: WarehousePaths, run_id: str) -> None:
    """The run is published: its staging file holds nothing the lake does not (nor, once deleted, its log:
    it is not checkpointed first)."""
    release_staging(paths.staging(run_id), checkpoint=False)
    for done in _files(paths, run_id):
        done.unlink(missing_ok=True)
