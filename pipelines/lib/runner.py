"""Running batches as `make run` does: plan the new files, then run every unpublished batch partition.

Batches run one at a time in this process, their cleaning and NLP on a worker process per core
(pipelines/pool.py); with NEWS_PARALLEL_BATCHES they run side by side instead, one process each, so that
every stage (checks, resolution and publication too) is spread over the cores.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipelines.pool import WORKERS_ENV, usable_cores
from pipelines.progress import LOGGER_NAME, console_progress_handler
from pipelines.settings import WarehousePaths
from pipelines.stages.batches import (
    BatchLimits,
    plan_batches,
    plan_empty_batch,
    read_batch,
)
from pipelines.stages.quarantine_retry import plan_quarantine_retry
from pipelines.store.lake import ensure_lake_schema

if TYPE_CHECKING:
    import dagster as dg

LOG_LEVEL = os.environ.get("NEWS_LOG_LEVEL", "WARNING")  # step-by-step events stay in the UI's run log
LAUNCHED_BY_TAG = "news/launched_by"
PARALLEL_ENV = "NEWS_PARALLEL_BATCHES"
# the summary's columns: metadata entries of a source's assets; once a batch is published, the first three
# are what publication reports the lake received (published_by_source)
PUBLISHED_COLUMNS = ("new_documents", "new_sentences", "new_mentions")
COLUMNS = (*PUBLISHED_COLUMNS, "files_rejected")


def console_run_config(log_level: str = LOG_LEVEL) -> dict:
    """Run config for an in-process run whose console shows events from log_level up."""
    return {"loggers": {"console": {"config": {"log_level": log_level}}}}


@dataclass
class BatchOutcome:
    """What one batch's run did, in plain values (it may come back from another process)."""

    key: str
    run_id: str
    success: bool
    counts: dict[str, dict[str, int]]  # per source, COLUMNS
    checks_passed: int
    failed_checks: list[str]  # "<asset>: <check>"
    snapshot: int | None  # the lake snapshot it published, None when nothing was new or it failed
    result: dg.ExecuteInProcessResult | None = None  # the run itself, when it ran in this process


@dataclass
class BatchRuns:
    """The runs of one `make run`: one per batch, in the order the batches were planned."""

    outcomes: list[BatchOutcome] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)  # batches another run (a UI run) had in hand

    @property
    def batches(self) -> list[str]:
        return [outcome.key for outcome in self.outcomes]

    @property
    def results(self) -> list[dg.ExecuteInProcessResult]:
        """The in-process runs (all of them unless batches ran side by side in other processes)."""
        return [outcome.result for outcome in self.outcomes if outcome.result is not None]

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)


def source_of_assets(defs: dg.Definitions) -> dict[dg.AssetKey, str]:
    """The source of every asset of a source, from its news/source tag."""
    from pipelines.lib.article_source import SOURCE_TAG

    return {
        spec.key: spec.tags[SOURCE_TAG] for spec in defs.resolve_all_asset_specs() if SOURCE_TAG in spec.tags
    }


def outcome_of(
    key: str, result: dg.ExecuteInProcessResult, sources: Mapping[dg.AssetKey, str], keep: bool
) -> BatchOutcome:
    """The summary of a batch's run, from its own events: nothing is re-counted."""
    evaluations = result.get_asset_check_evaluations()
    failed = [f"{e.asset_key.to_user_string()}: {e.check_name}" for e in evaluations if not e.passed]
    return BatchOutcome(
        key=key,
        run_id=result.run_id,
        success=result.success,
        counts=_source_counts(result, sources),
        checks_passed=sum(1 for e in evaluations if e.passed),
        failed_checks=failed,
        snapshot=_published_snapshot(result),
        result=result if keep else None,
    )


def _source_counts(
    result: dg.ExecuteInProcessResult, sources: Mapping[dg.AssetKey, str]
) -> dict[str, dict[str, int]]:
    """Per source, the counts its assets reported; once the batch is published, the documents, sentences
    and mentions the lake received instead (fewer when the audit quarantined documents, or another batch
    published the same text meanwhile)."""
    from pipelines.lib.keys import PUBLISHED, PUBLISHED_BY_SOURCE

    counts: dict[str, dict[str, int]] = {}
    published: dict[str, dict[str, int]] | None = None
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization is None:
            continue
        if materialization.asset_key == PUBLISHED and PUBLISHED_BY_SOURCE in materialization.metadata:
            published = materialization.metadata[PUBLISHED_BY_SOURCE].value  # type: ignore[assignment]
        source = sources.get(materialization.asset_key)
        if source is None:
            continue
        for column in COLUMNS:
            if column in materialization.metadata:
                counts.setdefault(source, dict.fromkeys(COLUMNS, 0))[column] = int(
                    materialization.metadata[column].value
                )
    if published is not None:
        for source, row in counts.items():
            row.update({column: 0 for column in PUBLISHED_COLUMNS} | published.get(source, {}))
    return dict(sorted(counts.items()))


def _published_snapshot(result: dg.ExecuteInProcessResult) -> int | None:
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization is not None and materialization.asset_key.path == ["warehouse", "published"]:
            value = materialization.metadata["snapshot_id"].value
            return value if isinstance(value, int) else None
    return None


def parallel_batches() -> int:
    """How many batches run side by side: NEWS_PARALLEL_BATCHES, else one at a time.

    One at a time, its cleaning and NLP on a worker per core, measured faster on 2 cores (bench/throughput.py:
    1.65x against 1.54x for two batch processes on 1,800 files, 1.57x against 1.30x on 900, and slower
    still with a pool of 2 workers in each); side by side also spreads the serial stages (checks,
    resolution, publication), which may win on machines with more cores, but a batch does not see the
    boilerplate of a batch still in flight (more words published on the 900 files: 573,398 against 525,997).
    """
    value = os.environ.get(PARALLEL_ENV, "").strip()
    if not value:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{PARALLEL_ENV}={value!r}: expected a positive whole number of batches at once")
    return int(value)


def run_batches(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    job_name: str = "warehouse_job",
    run_config: dict | None = None,
    batches: Sequence[str] = (),
) -> BatchRuns:
    """Plan the new files into batches (and the quarantined ones whose code or config changed since), then
    run every batch not yet published (new ones, and ones a failed run or audit held back).

    With `batches`, run just those planned batches, without planning. Several batches run side by side
    (one process each) when the instance is shared by processes; otherwise one after another.
    """
    from pipelines.definitions import source_folders
    from pipelines.lib.batch_requests import batch_assets, unpublished_keys
    from pipelines.lib.keys import BATCHES

    paths = WarehousePaths.from_env()
    ensure_lake_schema(paths)  # analysts find the tables even before the first batch
    side_by_side = parallel_batches() if instance.is_persistent else 1
    launched_by = "make run --batch" if batches else "make run"
    if batches:
        keys = [read_batch(paths, key).key for key in batches]  # a clear error for an unknown key
    elif job_name == "entities_full_job":
        keys = [plan_empty_batch(paths, "full entity resolution").key]
    else:
        folders = source_folders(defs)
        plan_batches(paths, folders, BatchLimits.from_env(spread=side_by_side))
        plan_quarantine_retry(paths, folders)  # documents quarantined by an earlier code or config
        keys = unpublished_keys(instance, paths)
    registered = set(instance.get_dynamic_partitions(BATCHES.name))
    instance.add_dynamic_partitions(BATCHES.name, [key for key in keys if key not in registered])
    runs = BatchRuns()
    todo = []
    for key in keys:
        if _in_progress(instance, key, sole_runner=not batches):
            runs.busy.append(key)
        else:
            todo.append(key)
    config = run_config if run_config is not None else console_run_config()
    if len(todo) > 1 and side_by_side > 1:
        runs.outcomes = _run_side_by_side(todo, job_name, config, launched_by, side_by_side)
        return runs
    job = defs.resolve_job_def(job_name)
    sources = source_of_assets(defs)
    for number, key in enumerate(todo, start=1):
        if len(todo) > 1:
            print(f"batch {key} ({number}/{len(todo)})", file=sys.stderr)
        result = job.execute_in_process(
            instance=instance,
            partition_key=key,
            asset_selection=batch_assets(job, read_batch(paths, key)),
            raise_on_error=False,
            run_config=config,
            tags={LAUNCHED_BY_TAG: launched_by},
        )
        runs.outcomes.append(outcome_of(key, result, sources, keep=True))
    return runs


def retry_quarantine(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    job_name: str = "warehouse_job",
    run_config: dict | None = None,
) -> BatchRuns:
    """Run one batch of the files with a record in quarantine now (quarantined_now): a record that passes
    is published and leaves the quarantine, one that fails again stays (without failing the batch).

    Files since deleted, or of sources no longer defined, are left out; nothing to retry runs nothing.
    """
    from pipelines.definitions import source_folders

    paths = WarehousePaths.from_env()
    batch = plan_quarantine_retry(paths, source_folders(defs), on_demand=True)
    if batch is None:
        return BatchRuns()
    return run_batches(defs, instance, job_name, run_config, batches=[batch.key])


def _run_side_by_side(
    keys: list[str], job_name: str, run_config: dict, launched_by: str, processes: int
) -> list[BatchOutcome]:
    """Each batch in a process of its own, `processes` at a time; the cores are shared out between them
    for their NLP workers. The outcomes come back in the order of `keys`."""
    processes = min(processes, len(keys))
    nlp_workers = max(1, usable_cores() // processes)
    print(f"{len(keys)} batches, {processes} at a time", file=sys.stderr)
    with ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),  # fork would copy DuckDB's and Dagster's threads
        initializer=_start_batch_process,
        initargs=(nlp_workers,),
    ) as pool:
        futures = [pool.submit(_run_batch_here, key, job_name, run_config, launched_by) for key in keys]
        return [future.result() for future in futures]


def _start_batch_process(nlp_workers: int) -> None:
    os.environ[WORKERS_ENV] = str(nlp_workers)
    handler = console_progress_handler()
    logging.getLogger(LOGGER_NAME).addHandler(handler)


def _run_batch_here(key: str, job_name: str, run_config: dict, launched_by: str) -> BatchOutcome:
    """One batch's run in a batch process, on the project's instance."""
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.lib.batch_requests import batch_assets

    for handler in logging.getLogger(LOGGER_NAME).handlers:
        handler.setFormatter(logging.Formatter(f"[{key}] %(message)s"))
    defs = build_definitions()
    job = defs.resolve_job_def(job_name)
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            partition_key=key,
            asset_selection=batch_assets(job, read_batch(WarehousePaths.from_env(), key)),
            raise_on_error=False,
            run_config=run_config,
            tags={LAUNCHED_BY_TAG: launched_by},
        )
        return outcome_of(key, result, source_of_assets(defs), keep=False)


def _in_progress(instance: dg.DagsterInstance, key: str, *, sole_runner: bool) -> bool:
    """Whether a run of this batch is queued or running elsewhere (the UI, the daemon).

    When this process holds the make-run lock alone (sole_runner), a run that an earlier `make run` left
    STARTED died with it: it is marked failed, so that it blocks nothing.
    """
    import dagster as dg

    records = instance.get_run_records(
        dg.RunsFilter(
            tags={"dagster/partition": key},
            statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED],
        )
    )
    busy = False
    for record in records:
        if sole_runner and record.dagster_run.tags.get(LAUNCHED_BY_TAG, "").startswith("make run"):
            instance.report_run_failed(
                record.dagster_run, "its `make run` process ended without finishing it (killed?)"
            )
        else:
            busy = True
    return busy


@contextmanager
def one_make_run(paths: WarehousePaths, *, shared: bool = False) -> Iterator[str | None]:
    """Hold the project's run lock; yields None when held, else who holds it (pid and start time).

    Runs of given batches (--batch) share it with each other, not with a `make run` that plans.
    """
    paths.warehouse_dir.mkdir(parents=True, exist_ok=True)
    with (paths.warehouse_dir / ".make-run.lock").open("a+") as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            yield handle.read().strip() or "another process"
            return
        if not shared:
            handle.truncate(0)
            handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}")
            handle.flush()
        try:
            yield None
        finally:
            if not shared:
                handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
