"""Running the whole Dagster job in-process against a temporary project folder."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.lib.resources import WarehouseResource
from pipelines.lib.runner import console_run_config, run_batches
from pipelines.settings import WarehousePaths
from pipelines.stages.batches import discard_batch
from pipelines.store.database import open_analyst
from tests.gold_dumps import SEEDS_GOLD

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_SOURCES = tuple(sorted(p.name for p in (REPO / "raw").iterdir() if p.is_dir()))
QUIET = console_run_config("WARNING")
TABLES = (
    "raw_documents",
    "documents",
    "blocks",
    "comments",
    "sentences",
    "entity_mentions",
    "entities",
)


@contextmanager
def project_env(project_dir: Path) -> Iterator[None]:
    """Point the pipeline at a temporary project folder (raw/ inputs, warehouse/ outputs)."""
    saved = {k: os.environ.get(k) for k in ("NEWS_PROJECT_DIR", "NEWS_WAREHOUSE_DIR")}
    os.environ["NEWS_PROJECT_DIR"] = str(project_dir)
    os.environ["NEWS_WAREHOUSE_DIR"] = str(project_dir / "warehouse")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def make_project(root: Path, *, with_seeds: bool) -> Path:
    """A project folder holding copies of the bundled samples (and the shared seeds when asked)."""
    shutil.copytree(REPO / "raw", root / "raw")
    if with_seeds:
        shutil.copytree(SHARED / "seeds", root / "raw" / "seeds")
    return root


def run_job(defs: dg.Definitions, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """make run's code path on a project whose new files make one batch: that batch's run."""
    runs = run_batches(defs, instance, run_config=QUIET)
    assert len(runs.results) == 1, f"expected one batch to run, got {runs.batches}"
    return runs.results[0]


def discard_failed_batch(project_dir: Path, result: dg.ExecuteInProcessResult) -> None:
    """Give up the batch of a run that failed on purpose, so that later runs do not retry it."""
    if not result.success:
        discard_batch(project_paths(project_dir), result.dagster_run.tags["dagster/partition"])


def project_warehouse(project_dir: Path) -> WarehouseResource:
    """The warehouse resource of a project folder made by make_project, given to a job, sensor or schedule
    with resources= (its fields, not the environment, place the warehouse)."""
    return WarehouseResource(project_dir=str(project_dir), warehouse_dir=str(project_dir / "warehouse"))


def project_paths(project_dir: Path) -> WarehousePaths:
    """The warehouse of a project folder made by make_project (as project_env points the pipeline)."""
    return WarehousePaths.under(project_dir, project_dir / "warehouse")


def analyst(project_dir: Path, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published lake, as `make sql` gives it."""
    return open_analyst(project_paths(project_dir), snapshot=snapshot)


def table_snapshot(project_dir: Path, snapshot: int | None = None) -> dict[str, list[tuple]]:
    """Every row of every table, ordered, to compare two states of the published warehouse."""
    con = analyst(project_dir, snapshot)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def seeds_gold() -> dict:
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
