"""`make run`: materialize every asset of every source in-process, then print a summary per source.

Runs are recorded in the project's Dagster instance, so they show up in `make ui` afterwards.
Exits 1 when a blocking check failed (the published warehouse is then left as it was).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.quality import load_quality_config
from pipelines.quality.worker_client import shared_check_worker
from pipelines.settings import PROJECT_DIR, WarehousePaths
from pipelines.store.database import open_database

if TYPE_CHECKING:
    import dagster as dg

LOG_LEVEL = os.environ.get("NEWS_LOG_LEVEL", "WARNING")  # step-by-step events stay in the UI's run log


def console_run_config(log_level: str = LOG_LEVEL) -> dict:
    """Run config for an in-process run whose console shows events from log_level up."""
    return {"loggers": {"console": {"config": {"log_level": log_level}}}}


COLUMNS = ("documents", "sentences", "mentions", "entities", "ingest_errors")


def source_counts(paths: WarehousePaths) -> dict[str, dict[str, int]]:
    """Rows per source in the working copy, which holds what this run wrote whether or not it published."""
    con = open_database(paths.staging)
    try:
        rows = con.execute(
            """
            WITH docs AS (SELECT doc_id, source FROM documents),
            per_source AS (
                SELECT source, count(*) AS documents FROM docs GROUP BY source
            ),
            sent AS (SELECT d.source, count(*) AS n FROM sentences JOIN docs d USING (doc_id) GROUP BY ALL),
            ment AS (
                SELECT d.source, count(*) AS n, count(DISTINCT entity_id) AS entities
                FROM entity_mentions JOIN docs d USING (doc_id) GROUP BY ALL
            ),
            errs AS (SELECT source, count(*) AS n FROM ingest_errors GROUP BY ALL),
            names AS (SELECT source FROM raw_documents UNION SELECT source FROM ingest_errors)
            SELECT names.source, coalesce(p.documents, 0), coalesce(sent.n, 0), coalesce(ment.n, 0),
                   coalesce(ment.entities, 0), coalesce(errs.n, 0)
            FROM names
            LEFT JOIN per_source p USING (source)
            LEFT JOIN sent USING (source)
            LEFT JOIN ment USING (source)
            LEFT JOIN errs USING (source)
            ORDER BY names.source
            """
        ).fetchall()
    finally:
        con.close()
    return {source: dict(zip(COLUMNS, values, strict=True)) for source, *values in rows}


def print_summary(result: dg.ExecuteInProcessResult, paths: WarehousePaths, elapsed: float) -> int:
    """The per-source table and the checks; returns the exit code."""
    evaluations = result.get_asset_check_evaluations()
    failed = [e for e in evaluations if not e.passed]
    print(f"\nRun {result.run_id} {'succeeded' if result.success else 'FAILED'} in {elapsed:.1f}s")
    print(f"{'source':<16}" + "".join(f"{name:>14}" for name in COLUMNS))
    for source, counts in source_counts(paths).items():
        print(f"{source:<16}" + "".join(f"{counts[name]:>14}" for name in COLUMNS))
    print(f"\nQuality checks: {len(evaluations) - len(failed)} passed, {len(failed)} failed")
    if failed:
        print("Blocking checks failed, so warehouse/news.duckdb was NOT replaced:")
        for evaluation in failed:
            print(f"  - {evaluation.asset_key.to_user_string()}: {evaluation.check_name}")
        print(f"Details: SELECT * FROM dq_results WHERE NOT success  (in {paths.staging}), or `make ui`.")
        return 1
    if not result.success:
        print("The run failed: see the step errors above, or `make ui`.")
        return 1
    print(f"Published {paths.published}")
    return 0


def use_project_instance() -> None:
    """The same instance `make ui` shows, also when this module is run without the Makefile."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_DIR)))
    os.environ.setdefault("DAGSTER_STORAGE_DIR", str(home / ".dagster_home" / "storage"))
    os.environ.setdefault("DAGSTER_COMPUTE_LOG_DIR", str(home / ".dagster_home" / "logs"))
    for folder in ("DAGSTER_STORAGE_DIR", "DAGSTER_COMPUTE_LOG_DIR"):
        Path(os.environ[folder]).mkdir(parents=True, exist_ok=True)


def main() -> int:
    started = time.perf_counter()
    shared_check_worker(load_quality_config())  # Great Expectations loads on another core meanwhile
    import dagster as dg

    from pipelines.definitions import build_definitions

    use_project_instance()
    paths = WarehousePaths.from_env()
    job = build_definitions().resolve_job_def("warehouse_job")
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=console_run_config(),
        )
    return print_summary(result, paths, time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
