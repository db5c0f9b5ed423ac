"""Great Expectations suites as blocking asset checks: a failed suite stops publication of the run.

Each suite is declared on its table's asset and runs inside that asset's step, on the connection the
asset already holds: one step per table instead of two, which keeps the gate's cost in the suite itself.
"""

import json
import time
from collections.abc import Callable, Iterator

import dagster as dg
import duckdb

from pipelines.lib.keys import BATCHES
from pipelines.quality import (
    SuiteOutcome,
    check_table,
    data_docs_index_path,
    load_quality_config,
    record_outcomes,
)
from pipelines.quality.worker_client import shared_check_worker
from pipelines.settings import WarehousePaths
from pipelines.store.database import statement

StepResult = dg.MaterializeResult | dg.AssetCheckResult


def audited_asset(
    key: dg.AssetKey, table: str, *, deps: list[dg.AssetKey], description: str
) -> Callable[[Callable[..., Iterator[StepResult]]], dg.AssetsDefinition]:
    """A warehouse asset carrying the blocking `<table>_suite` check, which its own step runs (see
    run_suite). Subsettable, so a run can select the asset without its suite."""
    return dg.multi_asset(
        name="__".join(key.path),
        specs=[
            dg.AssetSpec(
                key,
                group_name="warehouse",
                deps=deps,
                kinds={"duckdb"},
                description=description,
                partitions_def=BATCHES,
            )
        ],
        check_specs=[
            dg.AssetCheckSpec(
                name=f"{table}_suite",
                asset=key,
                blocking=True,
                description=f"Great Expectations suite for table {table}, on the rows written by this run.",
            )
        ],
        can_subset=True,
    )


def suite_metadata(outcome: SuiteOutcome, data_docs: str, seconds: float) -> dict[str, dg.MetadataValue]:
    """What the UI shows: counts, and for each failed expectation its observed value and offending rows."""
    failed = [o for o in outcome.outcomes if not o.success]
    metadata: dict[str, dg.MetadataValue] = {
        "expectations": dg.MetadataValue.int(len(outcome.outcomes)),
        "failed": dg.MetadataValue.int(len(failed)),
        "seconds": dg.MetadataValue.float(round(seconds, 3)),
    }
    if failed:
        lines = ["| expectation | observed | offending rows (up to 10) |", "|---|---|---|"]
        for o in failed:
            rows = json.dumps(o.offending_rows[:10], default=str).replace("|", "\\|")
            lines.append(f"| {o.expectation} | {o.observed_value} | {rows} |")
        metadata["failed_expectations"] = dg.MetadataValue.md("\n".join(lines))
    metadata["data_docs"] = dg.MetadataValue.path(data_docs)  # a passing run's docs appear at publish
    return metadata


def run_suite(
    context: dg.AssetExecutionContext,
    con: duckdb.DuckDBPyConnection,
    asset_key: dg.AssetKey,
    table: str,
    paths: WarehousePaths,
) -> list[dg.AssetCheckResult]:
    """The table's suite result if this run selected its check (none if not), kept in dq_results."""
    spec_key = dg.AssetCheckKey(asset_key, f"{table}_suite")
    if spec_key not in context.selected_asset_check_keys:
        return []
    began = time.perf_counter()
    run_id = context.run.run_id
    (staged,) = con.execute(statement("run_row_count", table=table), [run_id]).fetchone()
    if table == "documents":  # a run whose every document was quarantined is judged by its share rule
        staged += con.execute(statement("run_row_count", table="quarantine"), [run_id]).fetchone()[0]
    if not staged:  # nothing new to audit: no validation, no dq_results rows, no snapshot in the lake
        return [
            dg.AssetCheckResult(
                asset_key=asset_key,
                check_name=spec_key.name,
                passed=True,
                metadata={"rows_checked": 0, "note": "the run staged no rows for this table"},
            )
        ]
    config = load_quality_config()
    worker = shared_check_worker(config)
    outcome = check_table(con, table, run_id, config, data_docs_dir=paths.dq_docs, gx=worker.validate)
    record_outcomes(con, run_id, outcome)
    metadata = suite_metadata(outcome, str(data_docs_index_path(paths.dq_docs)), time.perf_counter() - began)
    metadata["rows_checked"] = dg.MetadataValue.int(staged)
    return [
        dg.AssetCheckResult(
            asset_key=asset_key, check_name=spec_key.name, passed=outcome.success, metadata=metadata
        )
    ]
