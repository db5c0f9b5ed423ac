"""record_outcomes: keep every evaluated expectation in dq_results, so quality history is queryable in SQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pandas as pd

from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.sql_rules import read_sql
from pipelines.store.retry import retry_commit

DQ_COLUMNS = ("run_id", "table_name", "expectation", "success", "observed_value", "details", "checked_at")


def record_outcomes(con: duckdb.DuckDBPyConnection, run_id: str, suite: SuiteOutcome) -> None:
    """Insert one dq_results row per expectation of the suite; offending rows go to details as JSON."""
    checked_at = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        (
            run_id,
            outcome.table,
            outcome.expectation,
            outcome.success,
            outcome.observed_value,
            None if outcome.success else json.dumps(outcome.offending_rows, default=str, ensure_ascii=False),
            checked_at,
        )
        for outcome in suite.outcomes
    ]
    if rows:  # one statement, so the lake gets one snapshot per suite rather than one per row
        frame = pd.DataFrame(rows, columns=list(DQ_COLUMNS)).astype(object)
        con.register("_dq_rows", frame)
        try:  # batches running side by side write dq_results at once
            retry_commit(lambda: con.execute(read_sql("insert_dq_result.sql")))
        finally:
            con.unregister("_dq_rows")
