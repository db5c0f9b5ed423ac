"""`make run`: cut the new files of every source into batches, run each batch (load, audit, publish; see
pipelines/lib/runner.py), then print a summary per batch and per source.

Runs are recorded in the project's Dagster instance, so they show up in `make ui` afterwards, each batch
as a partition. Exits 1 when a batch failed (its rows are not published; the other batches are).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.progress import LOGGER_NAME, console_progress_handler
from pipelines.settings import PROJECT_DIR, WarehousePaths
from pipelines.stages.batches import discard_batch
from pipelines.store.search_index import build_search_index, search_index_behind

if TYPE_CHECKING:
    from pipelines.lib.runner import BatchRuns

# The pipeline itself (the runner, the quality checks: spaCy, datasketch, pandas, GX's client) is imported
# in main(), not here: each worker process imports this module again when it starts (multiprocessing's
# forkserver and spawn do so for a `python -m` main module), and these imports would cost every worker and
# the check worker about 1 s of CPU, which on 2 cores is taken from the run's cleaning.


def print_summary(runs: BatchRuns, paths: WarehousePaths, elapsed: float) -> int:
    """A line per batch, the per-source table and the checks; returns the exit code."""
    from pipelines.lib.runner import COLUMNS

    for key in runs.busy:
        print(f"Batch {key} is being run by another run (see `make ui`); left to it.")
    if not runs.outcomes:
        print("Nothing new: no file was added or changed, and the lake is unchanged.")
        return 0
    totals: dict[str, dict[str, int]] = {}
    print(f"\n{len(runs.outcomes)} batch(es) in {elapsed:.1f}s")
    print(f"{'batch':<22}{'run':<38}{'result':<12}{'snapshot':>10}")
    for outcome in runs.outcomes:
        for source, counts in outcome.counts.items():
            row = totals.setdefault(source, dict.fromkeys(COLUMNS, 0))
            for column in COLUMNS:
                row[column] += counts[column]
        result = "published" if outcome.snapshot is not None else "no change"
        result = result if outcome.success else "FAILED"
        snapshot = "-" if outcome.snapshot is None else str(outcome.snapshot)
        print(f"{outcome.key:<22}{outcome.run_id:<38}{result:<12}{snapshot:>10}")
    print(f"\n{'source':<16}" + "".join(f"{name:>16}" for name in COLUMNS))
    for source, counts in sorted(totals.items()):
        print(f"{source:<16}" + "".join(f"{counts[name]:>16}" for name in COLUMNS))
    passed = sum(outcome.checks_passed for outcome in runs.outcomes)
    failed = sum(len(outcome.failed_checks) for outcome in runs.outcomes)
    print(f"\nQuality checks: {passed} passed, {failed} failed")
    failures = [outcome for outcome in runs.outcomes if not outcome.success]
    for outcome in failures:
        if outcome.failed_checks:
            print(f"Batch {outcome.key}: blocking checks failed, so nothing of this batch was published:")
            for check in outcome.failed_checks:
                print(f"  - {check}")
            print(
                f"  Details: SELECT * FROM dq_results WHERE run_id = '{outcome.run_id}' (make sql), the "
                f"batch's rows in {paths.staging(outcome.run_id)}, or `make ui`."
            )
        else:
            print(f"Batch {outcome.key}: the run failed: see the step errors above, or `make ui`.")
    if failures:
        print("The other batches were published; the next `make run` retries the failed ones.")
        return 1
    print(f"Published to the lake ({paths.catalog_label}).")
    return 0


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


def main(job_name: str = "warehouse_job", batches: Sequence[str] = (), *, retry: bool = False) -> int:
    started = time.perf_counter()
    from pipelines.quality import load_quality_config
    from pipelines.quality.worker_client import release_shared_check_worker, shared_check_worker

    shared_check_worker(load_quality_config())  # first: Great Expectations loads on another core meanwhile
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.lib.runner import one_make_run, retry_quarantine, run_batches

    use_project_instance()
    logging.getLogger(LOGGER_NAME).addHandler(console_progress_handler())
    paths = WarehousePaths.from_env()
    with one_make_run(paths, shared=bool(batches)) as holder:
        if holder is not None:
            print(
                f"Another `make run` is in progress ({holder}); it will load the new files too. "
                "Wait for it to finish, then run again if files were added since."
            )
            return 75  # EX_TEMPFAIL
        with dg.DagsterInstance.get() as instance:
            if retry:
                runs = retry_quarantine(build_definitions(), instance, job_name)
                if not runs.outcomes:
                    print("Nothing to retry: no document is in quarantine (quarantined_now is empty).")
                    return 0
            else:
                runs = run_batches(build_definitions(), instance, job_name, batches=batches)
        release_shared_check_worker()  # the checks are over; its exit overlaps the summary and search index
        code = print_summary(runs, paths, time.perf_counter() - started)
    if code == 0:
        refresh_search_index(paths)
    return code


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job", default="warehouse_job", help="warehouse_job, or entities_full_job")
    parser.add_argument(
        "--discard-batch",
        metavar="KEY",
        help="give up a failed batch instead of retrying it (its files are planned again when they change)",
    )
    parser.add_argument(
        "--batch",
        action="append",
        default=[],
        metavar="KEY",
        help="run this planned batch only (repeatable); several processes may each run one at once",
    )
    parser.add_argument(
        "--retry-quarantine",
        action="store_true",
        help="run one batch of the files with a document in quarantine now (see quarantined_now)",
    )
    args = parser.parse_args()
    if args.discard_batch:
        discarded = discard_batch(WarehousePaths.from_env(), args.discard_batch)
        print(f"Batch {discarded.key} discarded ({discarded.file_count} files); it will not be retried.")
        sys.exit(0)
    sys.exit(main(args.job, args.batch, retry=args.retry_quarantine))
