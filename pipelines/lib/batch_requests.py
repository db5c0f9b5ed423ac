"""Sensors and schedules that cut new files into batches and start one run per batch partition.

Planning writes the manifest first, then Dagster registers the partition: a manifest whose partition
was never registered (a tick that failed half-way) is registered and started on the next tick.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dagster as dg

from pipelines.lib.keys import BATCHES, PUBLISHED
from pipelines.lib.resources import WarehouseResource
from pipelines.settings import WarehousePaths
from pipelines.stages.batches import Batch, plan_batches, planned_keys, read_batch
from pipelines.stages.quarantine_retry import plan_quarantine_retry

BATCH_FILES_TAG = "news/batch_files"


def unregistered_batches(instance: dg.DagsterInstance, paths: WarehousePaths) -> list[Batch]:
    """Planned batches (manifests) Dagster does not know as partitions yet, oldest first."""
    registered = set(instance.get_dynamic_partitions(BATCHES.name))
    return [read_batch(paths, key) for key in planned_keys(paths) if key not in registered]


def unpublished_keys(instance: dg.DagsterInstance, paths: WarehousePaths) -> list[str]:
    """Planned batches whose publication has not succeeded: never run, failed, or held back by an audit."""
    published = instance.get_materialized_partitions(PUBLISHED)
    return [key for key in planned_keys(paths) if key not in published]


def batch_assets(job: dg.JobDefinition, batch: Batch) -> list[dg.AssetKey] | None:
    """The job's assets that a batch's run materializes: a source without files in the batch has nothing
    to load, so its steps are left out (and its partition stays missing); None when nothing is left out.
    """
    from pipelines.lib.article_source import SOURCE_TAG

    layer = job.asset_layer
    keys = layer.executable_asset_keys
    idle = {
        key for key in keys if (source := layer.get(key).tags.get(SOURCE_TAG)) and not batch.files.get(source)
    }
    return sorted(keys - idle) if idle else None


def batch_run_request(batch: Batch, job: dg.JobDefinition) -> dg.RunRequest:
    """The run of one batch; its key is the batch's, so a batch is never started twice by a tick."""
    return dg.RunRequest(
        run_key=batch.key,
        partition_key=batch.key,
        asset_selection=batch_assets(job, batch),
        tags={BATCH_FILES_TAG: str(batch.file_count)},
    )


def plan_and_request(
    instance: dg.DagsterInstance, paths: WarehousePaths, folders: Mapping[str, str], job: dg.JobDefinition
) -> tuple[list[dg.RunRequest], list[str]]:
    """Plan these sources' new files (and quarantined ones whose code or config changed) and return the
    runs to start and the partitions to add: the new batches, and those an earlier tick planned but did
    not register, when they hold only these sources."""
    plan_batches(paths, folders)
    plan_quarantine_retry(paths, folders)
    pending = unregistered_batches(instance, paths)
    mine = [batch for batch in pending if set(batch.files) <= set(folders)]
    return [batch_run_request(batch, job) for batch in mine], [batch.key for batch in mine]


def new_batches_sensor(
    name: str, job_name: str, folders: Mapping[str, str], description: str
) -> dg.SensorDefinition:
    """Every minute: new or changed files of these sources become batches, one run each."""

    @dg.sensor(
        name=name,
        job_name=job_name,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=description,
    )
    def sensor(
        context: dg.SensorEvaluationContext, warehouse: WarehouseResource
    ) -> dg.SensorResult | dg.SkipReason:
        job = context.repository_def.get_job(job_name)
        requests, keys = plan_and_request(context.instance, warehouse.paths, folders, job)
        if not requests:
            return dg.SkipReason(f"no new or changed files in {', '.join(sorted(folders.values()))}")
        return dg.SensorResult(
            run_requests=requests, dynamic_partitions_requests=[BATCHES.build_add_request(keys)]
        )

    return sensor


def batch_schedule(name: str, cron: str, job_name: str, folders: Mapping[str, str]) -> dg.ScheduleDefinition:
    """On a cron: the same planning as the sensors, for deployments that run sources at set times."""

    @dg.schedule(
        name=name,
        cron_schedule=cron,
        job_name=job_name,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Plans batches of new files in {', '.join(sorted(folders.values()))} and runs each.",
    )
    def schedule(
        context: dg.ScheduleEvaluationContext, warehouse: WarehouseResource
    ) -> Sequence[dg.RunRequest] | dg.SkipReason:
        job = context.repository_def.get_job(job_name)
        requests, keys = plan_and_request(context.instance, warehouse.paths, folders, job)
        if not requests:
            return dg.SkipReason("no new or changed files")
        context.instance.add_dynamic_partitions(BATCHES.name, keys)
        return requests

    return schedule
