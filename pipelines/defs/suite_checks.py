"""Great Expectations suites as blocking asset checks: a failed suite stops publication of the run."""

import json

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.quality import (
    SuiteOutcome,
    check_table,
    data_docs_index_path,
    load_quality_config,
    record_outcomes,
)


def suite_metadata(outcome: SuiteOutcome, data_docs: str) -> dict[str, dg.MetadataValue]:
    """What the UI shows: counts, and for each failed expectation its observed value and offending rows."""
    failed = [o for o in outcome.outcomes if not o.success]
    metadata: dict[str, dg.MetadataValue] = {
        "expectations": dg.MetadataValue.int(len(outcome.outcomes)),
        "failed": dg.MetadataValue.int(len(failed)),
    }
    if failed:
        lines = ["| expectation | observed | offending rows (up to 10) |", "|---|---|---|"]
        for o in failed:
            rows = json.dumps(o.offending_rows[:10], default=str).replace("|", "\\|")
            lines.append(f"| {o.expectation} | {o.observed_value} | {rows} |")
        metadata["failed_expectations"] = dg.MetadataValue.md("\n".join(lines))
    metadata["data_docs"] = dg.MetadataValue.path(data_docs)  # a passing run's docs appear at publish
    return metadata


def build_suite_check(asset_key: dg.AssetKey, table: str) -> dg.AssetChecksDefinition:
    """The `<table>_suite` check of an asset: validates the rows this run wrote to the table."""

    @dg.asset_check(
        asset=asset_key,
        name=f"{table}_suite",
        blocking=True,
        description=f"Great Expectations suite for table {table}, on the rows written by this run.",
    )
    def suite(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        docs_dir = warehouse.paths.dq_docs
        with warehouse.connect() as con:
            outcome = check_table(
                con, table, context.run.run_id, load_quality_config(), data_docs_dir=docs_dir
            )
            record_outcomes(con, context.run.run_id, outcome)
        return dg.AssetCheckResult(
            passed=outcome.success,
            metadata=suite_metadata(outcome, str(data_docs_index_path(docs_dir))),
        )

    return suite
