"""The shared warehouse assets: the working copy every run starts from, entities across sources, publication.

This module only builds definitions (entities depend on every source, known once the source YAMLs are
loaded); pipelines/definitions.py calls build_warehouse_defs with the loaded source names.
"""

import dagster as dg

from pipelines.defs.keys import ENTITIES, PUBLISHED, STAGING, source_key
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.suite_checks import build_suite_check
from pipelines.resolve import load_aliases
from pipelines.stages.resolve_stage import resolve_warehouse_entities
from pipelines.store.publish import publish, start_staging
from pipelines.store.search_index import build_sentence_search


def build_warehouse_defs(sources: list[str]) -> dg.Definitions:
    """Staging -> every source's assets -> entities -> published, plus the all-sources job and schedule."""

    @dg.asset(
        key=STAGING,
        group_name="warehouse",
        kinds={"duckdb"},
        description="Working copy of the published warehouse that this run writes and audits "
        "(write-audit-publish). Reset from the published file at the start of every run.",
    )
    def staging(warehouse: WarehouseResource) -> dg.MaterializeResult:
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
            summary = resolve_warehouse_entities(con, context.run_id, load_aliases())
            top = con.execute(
                "SELECT canonical_name, label, mention_count, document_count, source_count "
                "FROM entities ORDER BY mention_count DESC LIMIT 15"
            ).df()
        return dg.MaterializeResult(
            metadata={
                "new_mentions": summary.new_mentions,
                "mentions_resolved": summary.mentions_resolved,
                "top_entities": dg.MetadataValue.md(top.to_markdown(index=False) if len(top) else "(none)"),
                "dagster/row_count": summary.entities,
            }
        )

    @dg.asset(
        key=PUBLISHED,
        group_name="warehouse",
        deps=[ENTITIES],
        kinds={"duckdb"},
        description="warehouse/news.duckdb, atomically replaced by the working copy once every blocking "
        "check of the run has passed. Analysts only ever see validated data.",
    )
    def published(warehouse: WarehouseResource) -> dg.MaterializeResult:
        paths = warehouse.paths
        with warehouse.connect() as con:
            build_sentence_search(con)
        publish(paths.staging, paths.published)
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(paths.published)),
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
    return dg.Definitions(
        assets=[staging, entities, published],
        asset_checks=[
            build_suite_check(ENTITIES, "entity_mentions"),
            build_suite_check(ENTITIES, "entities"),
        ],
        jobs=[everything],
        schedules=[daily],
    )
