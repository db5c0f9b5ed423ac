"""The shared warehouse assets: the working copy a run starts from, entities across sources, one asset per
table carrying that table's blocking quality suite, and publication.

This module only builds definitions (they depend on every source, known once the source YAMLs are
loaded); pipelines/definitions.py calls build_warehouse_defs with the loaded source names.
"""

import dagster as dg

from pipelines.defs.keys import ENTITIES, PUBLISHED, SOURCE_TABLES, STAGING, source_key, table_key
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.suite_checks import build_suite_check
from pipelines.quality import build_run_data_docs, load_quality_config
from pipelines.quality.warm_up import warm_up_in_background
from pipelines.resolve import load_aliases
from pipelines.stages.resolve_stage import resolve_warehouse_entities
from pipelines.store.publish import publish, start_staging
from pipelines.store.search_index import build_sentence_search


def _markdown(frame: object) -> dg.MetadataValue:
    return dg.MetadataValue.md(frame.to_markdown(index=False) if len(frame) else "(none)")  # type: ignore[attr-defined]


def build_table_asset(table: str, sources: list[str]) -> dg.AssetsDefinition:
    """The whole table after this run's sources wrote to it; its suite checks the rows of the run."""
    deps = [source_key(src, table) for src in sources]
    if table == "entity_mentions":  # entity ids are filled by resolution
        deps.append(ENTITIES)

    @dg.asset(
        key=table_key(table),
        group_name="warehouse",
        deps=deps,
        kinds={"duckdb"},
        description=f"Table {table} across every source (see warehouse/schema.sql). Its blocking "
        f"{table}_suite validates the rows this run wrote before anything is published.",
    )
    def table_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            (total,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            (written,) = con.execute(
                f"SELECT count(*) FROM {table} WHERE run_id = ?", [context.run.run_id]
            ).fetchone()
        return dg.MaterializeResult(metadata={"rows_written_this_run": written, "dagster/row_count": total})

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
        if context.run.asset_check_selection is None or context.run.asset_check_selection:
            warm_up_in_background(load_quality_config())  # GX's one-time costs overlap the run's work
        paths = warehouse.paths
        start_staging(paths.published, paths.staging)
        return dg.MaterializeResult(
            metadata={
                "published": dg.MetadataValue.path(str(paths.published)),
                "staging": dg.MetadataValue.path(str(paths.staging)),
            }
        )

    @dg.asset(
        key=ENTITIES,
        group_name="warehouse",
        deps=[source_key(src, "entity_mentions") for src in sources],
        kinds={"duckdb"},
        description="Canonical entities across all sources; every mention gets its entity_id.",
    )
    def entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            summary = resolve_warehouse_entities(con, context.run.run_id, load_aliases())
            top = con.execute(
                "SELECT canonical_name, label, mention_count, document_count, source_count "
                "FROM entities ORDER BY mention_count DESC LIMIT 15"
            ).df()
        return dg.MaterializeResult(
            metadata={
                "new_mentions": summary.new_mentions,
                "mentions_resolved": summary.mentions_resolved,
                "top_entities": _markdown(top),
                "dagster/row_count": summary.entities,
            }
        )

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
        with warehouse.connect() as con:
            build_sentence_search(con)
        publish(paths.staging, paths.published)
        docs = build_run_data_docs(paths.dq_docs, context.run.run_id)
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(paths.published)),
                "data_docs": dg.MetadataValue.path(str(docs)),
                "bytes": paths.published.stat().st_size,
            }
        )

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
    checks = [build_suite_check(table_key(table), table) for table in SOURCE_TABLES]
    checks.append(build_suite_check(ENTITIES, "entities"))
    return dg.Definitions(
        assets=[staging, entities, *tables, published],
        asset_checks=checks,
        jobs=[everything],
        schedules=[daily],
    )
