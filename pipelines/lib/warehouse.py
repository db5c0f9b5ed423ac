"""The shared warehouse assets: the run's staging file, entities across sources, one asset per table
carrying that table's blocking quality suite, publication to the lake, the search index and upkeep.

This module only builds definitions (they depend on every source, known once the source YAMLs are
loaded); pipelines/definitions.py calls build_warehouse_defs with the loaded source names.
"""

from collections.abc import Iterator, Mapping
from contextlib import suppress

import dagster as dg

from pipelines.lib.batch_requests import batch_schedule
from pipelines.lib.keys import (
    BATCHES,
    ENTITIES,
    MAINTENANCE,
    PUBLISHED,
    PUBLISHED_BY_SOURCE,
    QUARANTINE,
    SEARCH_INDEX,
    SOURCE_TABLES,
    STAGING,
    source_key,
    table_key,
)
from pipelines.lib.resources import NlpResource, WarehouseResource
from pipelines.lib.suite_checks import StepResult, audited_asset, run_suite
from pipelines.pool import warm_up
from pipelines.quality import check_table, load_quality_config, record_outcomes
from pipelines.quality.worker_client import shared_check_worker
from pipelines.resolve import load_aliases
from pipelines.stages.audit_stage import quarantine_failing_documents
from pipelines.stages.batches import BatchError, read_batch
from pipelines.stages.publish_stage import publish_with_current_entities
from pipelines.stages.resolve_stage import resolve_and_audit
from pipelines.store.database import statement
from pipelines.store.maintenance import maintain_lake
from pipelines.store.migrate import migrate_legacy
from pipelines.store.search_index import build_search_index
from pipelines.store.staging import finish_staging, start_staging

FULL_RESOLUTION_TAG = "news/full_resolution"


def _run_has_checks(context: dg.AssetExecutionContext) -> bool:
    """Whether this run validates anything: its own check selection, else its job's checks."""
    selected = context.run.asset_check_selection
    if selected is not None:
        return bool(selected)
    return bool(context.job_def.asset_layer.asset_graph.asset_check_keys)


def _markdown(frame: object) -> dg.MetadataValue:
    return dg.MetadataValue.md(frame.to_markdown(index=False) if len(frame) else "(none)")  # type: ignore[attr-defined]


def _reasons(withheld: Mapping[str, str], shown: int = 20) -> dg.MetadataValue:
    """The first documents withheld, with the expectations each failed, as a table for the UI."""
    import pandas as pd

    first = list(withheld.items())[:shown]
    return _markdown(pd.DataFrame(first, columns=["doc_id", "failed"]))


def build_table_asset(table: str, sources: list[str]) -> dg.AssetsDefinition:
    """The whole table after this run's sources wrote to it; its suite checks the rows of the run."""
    deps = [QUARANTINE, *(source_key(src, table) for src in sources)]
    if table == "entity_mentions":  # entity ids are filled by resolution
        deps.append(ENTITIES)

    key = table_key(table)

    @audited_asset(
        key,
        table,
        deps=deps,
        description=f"Table {table} across every source (see pipelines/store/sql/schema.sql). Its blocking "
        f"{table}_suite validates the rows this run staged before anything is published.",
    )
    def table_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[StepResult]:
        with warehouse.connect(context.run.run_id) as con:
            if key in context.selected_asset_keys:
                (published, staged) = con.execute(statement("table_row_counts", table=table)).fetchone()
                yield dg.MaterializeResult(
                    asset_key=key,
                    metadata={"rows_written_this_run": staged, "dagster/row_count": published + staged},
                )
            yield from run_suite(context, con, key, table, warehouse.paths)

    return table_asset


def build_warehouse_defs(folders: Mapping[str, str]) -> dg.Definitions:
    """Staging -> every source's assets -> quarantine -> entities -> table suites -> published, one batch
    partition at a time; plus the all-sources job, and the search index and lake maintenance on schedules
    of their own.

    folders maps each source to its folder under the project (the daily schedule plans batches there).
    """
    sources = sorted(folders)

    @dg.asset(
        key=STAGING,
        group_name="warehouse",
        kinds={"duckdb", "ducklake"},
        partitions_def=BATCHES,
        description="The run's staging file (warehouse/runs/<run_id>.duckdb): the run writes its new rows "
        "there and audits them, reading what was published from the lake (write-audit-publish).",
    )
    def staging(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: NlpResource
    ) -> dg.MaterializeResult:
        if _run_has_checks(context):
            shared_check_worker(load_quality_config())  # GX's one-time costs overlap the run's work
        paths = warehouse.paths
        with suppress(BatchError):  # a partition added by hand has no manifest: nothing to start early
            warm_up(read_batch(paths, context.partition_key).file_count, nlp.workers)
        migrated = migrate_legacy(paths)
        start_staging(paths, context.run.run_id, keep=True)  # for the next steps (WarehouseResource.connect)
        metadata = {
            "catalog": paths.catalog_label,
            "staging": dg.MetadataValue.path(str(paths.staging(context.run.run_id))),
        }
        if migrated is not None:
            metadata["migrated_rows"] = dg.MetadataValue.json(migrated.rows)
        return dg.MaterializeResult(metadata=metadata)

    @dg.asset(
        key=QUARANTINE,
        group_name="warehouse",
        kinds={"duckdb"},
        partitions_def=BATCHES,
        deps=[STAGING, *(source_key(src, table) for src in sources for table in SOURCE_TABLES)],
        description="Documents of the run whose own rows fail a per-document expectation of quality.yaml "
        "(word or sentence count out of bounds, boilerplate left in the body) are withheld into the "
        "quarantine table before the suites, so the rest of the batch is judged and published; the "
        "documents suite still blocks the batch when too many are (max_share_quarantined).",
    )
    def quarantine(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect(context.run.run_id) as con:
            summary = quarantine_failing_documents(con, context.run.run_id, load_quality_config())
        return dg.MaterializeResult(
            metadata={
                "documents_checked": summary.documents_checked,
                "documents_withheld": len(summary.withheld),
                "withheld": _reasons(summary.withheld),
            }
        )

    @audited_asset(
        ENTITIES,
        "entities",
        deps=[STAGING, QUARANTINE, *(source_key(src, "entity_mentions") for src in sources)],
        description="Canonical entities across all sources. The run's new mentions join existing entities "
        "or make new ones; only the entities they touch are rewritten (all of them when aliases.yaml "
        "changed).",
    )
    def entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[StepResult]:
        with warehouse.connect(context.run.run_id) as con:
            if ENTITIES not in context.selected_asset_keys:
                yield from run_suite(context, con, ENTITIES, "entities", warehouse.paths)
                return
            full = context.run.tags.get(FULL_RESOLUTION_TAG) == "true"
            summary, checks = resolve_and_audit(
                con,
                context.run.run_id,
                load_aliases(),
                lambda: run_suite(context, con, ENTITIES, "entities", warehouse.paths),
                lambda results: all(result.passed for result in results),
                full=full,
            )
            top = con.execute(statement("top_staged_entities")).df()
        yield dg.MaterializeResult(
            asset_key=ENTITIES,
            metadata={
                "new_mentions": summary.new_mentions,
                "keys_resolved": summary.keys_resolved,
                "entities_rewritten": summary.entities_rewritten,
                "full_resolution": summary.full,
                "touched_entities": _markdown(top),
            },
        )
        yield from checks

    tables = [build_table_asset(table, sources) for table in SOURCE_TABLES]

    @dg.asset(
        key=PUBLISHED,
        group_name="warehouse",
        partitions_def=BATCHES,
        deps=[ENTITIES, *(table_key(table) for table in SOURCE_TABLES)],
        kinds={"ducklake"},
        description="Publication: the run's audited rows enter the lake in one DuckLake snapshot, once every "
        "blocking check of the run has passed. Analysts only ever see validated data, a run at a time.",
    )
    def published(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        paths = warehouse.paths
        run_id = context.run.run_id
        with warehouse.connect(run_id) as con:
            (checked,) = con.execute(statement("run_dq_result_count"), [run_id]).fetchone()
            docs = None  # a run that selected no suite has no validations to render
            if checked:
                docs = shared_check_worker(load_quality_config()).run_data_docs(paths.dq_docs, run_id)
            metadata: dict[str, object] = {"catalog": paths.catalog_label}
            if docs is not None:  # rendered before publishing, so a run whose docs fail publishes nothing
                metadata["data_docs"] = dg.MetadataValue.path(str(docs.result()))
            config = load_quality_config()

            def audit_entities() -> bool:
                outcome = check_table(
                    con, "entities", run_id, config, gx=shared_check_worker(config).validate
                )
                record_outcomes(con, run_id, outcome)
                return outcome.success

            full = context.run.tags.get(FULL_RESOLUTION_TAG) == "true"
            summary, resolved_again = publish_with_current_entities(
                con, run_id, load_aliases(), audit_entities, full=full
            )
            metadata["entities_resolved_again"] = resolved_again
        finish_staging(paths, run_id)
        metadata["snapshot_id"] = (
            summary.snapshot_id if summary.snapshot_id is not None else "none (nothing new)"
        )
        metadata["rows_published"] = dg.MetadataValue.json({t: n for t, n in summary.rows.items() if n})
        # what each source added, after the audit's quarantine and withdrawals: make run's summary reads it
        metadata[PUBLISHED_BY_SOURCE] = dg.MetadataValue.json(summary.sources)
        return dg.MaterializeResult(metadata=metadata)

    @dg.asset(
        key=SEARCH_INDEX,
        group_name="warehouse",
        deps=[PUBLISHED],
        kinds={"duckdb"},
        description="warehouse/search.duckdb: BM25 full-text index over the published sentences, rebuilt "
        "from the lake on its own schedule (search_index_freshness in make sql says how fresh it is).",
    )
    def search_index(warehouse: WarehouseResource) -> dg.MaterializeResult:
        built = build_search_index(warehouse.paths)
        return dg.MaterializeResult(
            metadata={
                "sentences": built.sentences,
                "lake_snapshot": built.lake_snapshot,
                "bytes": dg.MetadataValue.int(built.bytes),
                "path": dg.MetadataValue.path(str(warehouse.paths.search)),
            }
        )

    @dg.asset(
        key=MAINTENANCE,
        group_name="warehouse",
        deps=[PUBLISHED],
        kinds={"ducklake"},
        description="Lake upkeep: merges small Parquet files and inlined rows, expires snapshots older than "
        "the time-travel window, deletes files no snapshot uses and staging files of failed runs.",
    )
    def lake_maintenance(warehouse: WarehouseResource) -> dg.MaterializeResult:
        done = maintain_lake(warehouse.paths)
        return dg.MaterializeResult(metadata={k: dg.MetadataValue.int(v) for k, v in done.as_dict().items()})

    everything = dg.define_asset_job(
        "warehouse_job",
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(SEARCH_INDEX, MAINTENANCE),
        description="Load one batch of new files of every source, resolve entities, audit and publish it "
        "to the lake.",
    )
    search_job = dg.define_asset_job(
        "search_index_job",
        selection=dg.AssetSelection.assets(SEARCH_INDEX),
        description="Rebuild the full-text search index from the published lake.",
    )
    maintenance_job = dg.define_asset_job(
        "lake_maintenance_job",
        selection=dg.AssetSelection.assets(MAINTENANCE),
        description="Merge files, expire old snapshots, delete unused files.",
    )
    resolve_all = dg.define_asset_job(
        "entities_full_job",
        selection=dg.AssetSelection.assets(STAGING, ENTITIES, PUBLISHED),
        tags={FULL_RESOLUTION_TAG: "true"},
        description="Resolve every name in the lake again, audit and publish, on a batch with no files "
        "(make resolve-all plans one). A run after aliases.yaml changed does this by itself; this job is "
        "for doing it on demand.",
    )
    schedules = [
        batch_schedule("warehouse_daily", "0 5 * * *", "warehouse_job", folders),
        dg.ScheduleDefinition(
            name="search_index_daily",
            cron_schedule="30 5 * * *",
            job=search_job,
            default_status=dg.DefaultScheduleStatus.RUNNING,
        ),
        dg.ScheduleDefinition(
            name="lake_maintenance_weekly",
            cron_schedule="0 3 * * 0",
            job=maintenance_job,
            default_status=dg.DefaultScheduleStatus.RUNNING,
        ),
    ]
    return dg.Definitions(
        assets=[staging, quarantine, entities, *tables, published, search_index, lake_maintenance],
        jobs=[everything, search_job, maintenance_job, resolve_all],
        schedules=schedules,
    )
