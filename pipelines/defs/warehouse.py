"""The shared warehouse assets: the working copy a run starts from, entities across sources, one asset per
table carrying that table's blocking quality suite, and publication.

This module only builds definitions (they depend on every source, known once the source YAMLs are
loaded); pipelines/definitions.py calls build_warehouse_defs with the loaded source names.
"""

from collections.abc import Iterator

import dagster as dg

from pipelines.defs.keys import ENTITIES, PUBLISHED, SOURCE_TABLES, STAGING, source_key, table_key
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.suite_checks import StepResult, audited_asset, run_suite
from pipelines.quality import load_quality_config
from pipelines.quality.worker_client import shared_check_worker
from pipelines.resolve import load_aliases
from pipelines.stages.resolve_stage import resolve_warehouse_entities
from pipelines.store.publish import publish, start_staging
from pipelines.store.search_index import build_sentence_search


def _run_has_checks(context: dg.AssetExecutionContext) -> bool:
    """Whether this run validates anything: its own check selection, else its job's checks."""
    selected = context.run.asset_check_selection
    if selected is not None:
        return bool(selected)
    return bool(context.job_def.asset_layer.asset_graph.asset_check_keys)


def _markdown(frame: object) -> dg.MetadataValue:
    return dg.MetadataValue.md(frame.to_markdown(index=False) if len(frame) else "(none)")  # type: ignore[attr-defined]


def build_table_asset(table: str, sources: list[str]) -> dg.AssetsDefinition:
    """The whole table after this run's sources wrote to it; its suite checks the rows of the run."""
    deps = [source_key(src, table) for src in sources]
    if table == "entity_mentions":  # entity ids are filled by resolution
        deps.append(ENTITIES)

    key = table_key(table)

    @audited_asset(
        key,
        table,
        deps=deps,
        description=f"Table {table} across every source (see warehouse/schema.sql). Its blocking "
        f"{table}_suite validates the rows this run wrote before anything is published.",
    )
    def table_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[StepResult]:
        with warehouse.connect() as con:
            if key in context.selected_asset_keys:
                (total,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
                (written,) = con.execute(
                    f"SELECT count(*) FROM {table} WHERE run_id = ?", [context.run.run_id]
                ).fetchone()
                yield dg.MaterializeResult(
                    asset_key=key, metadata={"rows_written_this_run": written, "dagster/row_count": total}
                )
            yield from run_suite(context, con, key, table, warehouse.paths)

    return table_asset


def build_warehouse_defs(sources: list[str]) -> dg.Definitions:
    """Staging -> every source's assets -> entities -> table suites -> published; plus the all-sources job."""

    @dg.asset(
        key=STAGING,
        group_name="warehouse",
        kinds={"duckdb"},
        description="Working copy of the published warehouse that this run writes and audits "
        "(write-audit-publish). Reset from the published file at the start of every run.",
    )
    def staging(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        if _run_has_checks(context):
            shared_check_worker(load_quality_config())  # GX's one-time costs overlap the run's work
        paths = warehouse.paths
        start_staging(paths.published, paths.staging)
        return dg.MaterializeResult(
            metadata={
                "published": dg.MetadataValue.path(str(paths.published)),
                "staging": dg.MetadataValue.path(str(paths.staging)),
            }
        )

    @audited_asset(
        ENTITIES,
        "entities",
        deps=[source_key(src, "entity_mentions") for src in sources],
        description="Canonical entities across all sources; every mention gets its entity_id.",
    )
    def entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[StepResult]:
        with warehouse.connect() as con:
            if ENTITIES in context.selected_asset_keys:
                summary = resolve_warehouse_entities(con, context.run.run_id, load_aliases())
                top = con.execute(
                    "SELECT canonical_name, label, mention_count, document_count, source_count "
                    "FROM entities ORDER BY mention_count DESC LIMIT 15"
                ).df()
                yield dg.MaterializeResult(
                    asset_key=ENTITIES,
                    metadata={
                        "new_mentions": summary.new_mentions,
                        "mentions_resolved": summary.mentions_resolved,
                        "top_entities": _markdown(top),
                        "dagster/row_count": summary.entities,
                    },
                )
            yield from run_suite(context, con, ENTITIES, "entities", warehouse.paths)

    tables = [build_table_asset(table, sources) for table in SOURCE_TABLES]

    @dg.asset(
        key=PUBLISHED,
        group_name="warehouse",
        deps=[ENTITIES, *(table_key(table) for table in SOURCE_TABLES)],
        kinds={"duckdb"},
        description="warehouse/news.duckdb, atomically replaced by the working copy once every blocking "
        "check of the run has passed. Analysts only ever see validated data.",
    )
    def published(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        paths = warehouse.paths
        run_id = context.run.run_id
        with warehouse.connect() as con:
            (checked,) = con.execute("SELECT count(*) FROM dq_results WHERE run_id = ?", [run_id]).fetchone()
            docs = None  # a run that selected no suite has no validations to render
            if checked:  # the worker renders them while this process builds the search index
                docs = shared_check_worker(load_quality_config()).run_data_docs(paths.dq_docs, run_id)
            build_sentence_search(con)
        metadata = {"path": dg.MetadataValue.path(str(paths.published))}
        if docs is not None:  # rendered before publishing, so a run whose docs fail publishes nothing
            metadata["data_docs"] = dg.MetadataValue.path(str(docs.result()))
        publish(paths.staging, paths.published)
        metadata["bytes"] = dg.MetadataValue.int(paths.published.stat().st_size)
        return dg.MaterializeResult(metadata=metadata)

    everything = dg.define_asset_job(
        "warehouse_job",
        selection=dg.AssetSelection.all(),
        description="Load every source, resolve entities, audit and publish the warehouse.",
    )
    daily = dg.ScheduleDefinition(
        name="warehouse_daily",
        cron_schedule="0 5 * * *",
        job=everything,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    return dg.Definitions(
        assets=[staging, entities, *tables, published],
        jobs=[everything],
        schedules=[daily],
    )
