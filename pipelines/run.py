"""`make run`: materialize every asset of every source in-process, then print a summary per source.

Runs are recorded in the project's Dagster instance, so they show up in `make ui` afterwards.
Exits 1 when a blocking check failed (the published warehouse is then left as it was).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.quality import load_quality_config
from pipelines.quality.worker_client import shared_check_worker
from pipelines.settings import PROJECT_DIR, WarehousePaths
from pipelines.store.search_index import build_search_index, search_index_behind

if TYPE_CHECKING:
    import dagster as dg

LOG_LEVEL = os.environ.get("NEWS_LOG_LEVEL", "WARNING")  # step-by-step events stay in the UI's run log


def console_run_config(log_level: str = LOG_LEVEL) -> dict:
    """Run config for an in-process run whose console shows events from log_level up."""
    return {"loggers": {"console": {"config": {"log_level": log_level}}}}


COLUMNS = ("new_documents", "new_sentences", "new_mentions", "files_rejected")
_FIELDS = {  # summary column -> (the source asset's table, the metadata entry it reports)
    "new_documents": ("documents", "new_documents"),
    "new_sentences": ("sentences", "new_sentences"),
    "new_mentions": ("entity_mentions", "new_mentions"),
    "files_rejected": ("raw_documents", "files_rejected"),
}


def source_counts(result: dg.ExecuteInProcessResult) -> dict[str, dict[str, int]]:
    """What the run did per source, from its own materialization metadata: nothing is re-counted."""
    counts: dict[str, dict[str, int]] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization is None:
            continue
        path = materialization.asset_key.path
        if len(path) != 2 or path[0] == "warehouse":
            continue
        for column, (table, entry) in _FIELDS.items():
            if path[1] == table and entry in materialization.metadata:
                counts.setdefault(path[0], dict.fromkeys(COLUMNS, 0))[column] = int(
                    materialization.metadata[entry].value
                )
    return dict(sorted(counts.items()))


def print_summary(result: dg.ExecuteInProcessResult, paths: WarehousePaths, elapsed: float) -> int:
    """The per-source table and the checks; returns the exit code."""
    evaluations = result.get_asset_check_evaluations()
    failed = [e for e in evaluations if not e.passed]
    print(f"\nRun {result.run_id} {'succeeded' if result.success else 'FAILED'} in {elapsed:.1f}s")
    print(f"{'source':<16}" + "".join(f"{name:>16}" for name in COLUMNS))
    for source, counts in source_counts(result).items():
        print(f"{source:<16}" + "".join(f"{counts[name]:>16}" for name in COLUMNS))
    print(f"\nQuality checks: {len(evaluations) - len(failed)} passed, {len(failed)} failed")
    if failed:
        print("Blocking checks failed, so nothing of this run was published to the lake:")
        for evaluation in failed:
            print(f"  - {evaluation.asset_key.to_user_string()}: {evaluation.check_name}")
        print(
            f"Details: SELECT * FROM dq_results WHERE NOT success (make sql), the run's rows in "
            f"{paths.staging(result.run_id)}, or `make ui`."
        )
        return 1
    if not result.success:
        print("The run failed: see the step errors above, or `make ui`.")
        return 1
    published = _published_snapshot(result)
    if published is None:
        print("Nothing new: no file was added or changed, and the lake is unchanged.")
    else:
        print(f"Published to the lake ({paths.catalog_label}) as snapshot {published}.")
    return 0


def _published_snapshot(result: dg.ExecuteInProcessResult) -> int | None:
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization is not None and materialization.asset_key.path == ["warehouse", "published"]:
            value = materialization.metadata["snapshot_id"].value
            return value if isinstance(value, int) else None
    return None


def refresh_search_index(paths: WarehousePaths) -> None:
    """Build the search index on the first run; afterwards its own schedule (or make search-index) does."""
    behind = search_index_behind(paths)
    if behind is None:
        built = build_search_index(paths)
        print(f"Search index built: {built.sentences} sentences ({paths.search}).")
    elif behind:
        print(f"The search index is {behind} publication(s) behind: `make search-index` refreshes it.")


def use_project_instance() -> None:
    """The same instance `make ui` shows, also when this module is run without the Makefile."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_DIR)))
    os.environ.setdefault("DAGSTER_STORAGE_DIR", str(home / ".dagster_home" / "storage"))
    os.environ.setdefault("DAGSTER_COMPUTE_LOG_DIR", str(home / ".dagster_home" / "logs"))
    for folder in ("DAGSTER_STORAGE_DIR", "DAGSTER_COMPUTE_LOG_DIR"):
        Path(os.environ[folder]).mkdir(parents=True, exist_ok=True)


def main(job_name: str = "warehouse_job") -> int:
    started = time.perf_counter()
    shared_check_worker(load_quality_config())  # Great Expectations loads on another core meanwhile
    import dagster as dg

    from pipelines.definitions import build_definitions

    use_project_instance()
    paths = WarehousePaths.from_env()
    job = build_definitions().resolve_job_def(job_name)
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=console_run_config(),
        )
    code = print_summary(result, paths, time.perf_counter() - started)
    if code == 0:
        refresh_search_index(paths)
    return code


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job", default="warehouse_job", help="warehouse_job, or entities_full_job")
    sys.exit(main(parser.parse_args().job))
