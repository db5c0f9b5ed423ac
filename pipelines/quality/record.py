"""record_outcomes: keep every evaluated expectation in dq_results, so quality history is queryable in SQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb

from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.sql_rules import read_sql


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
    if rows:
        con.executemany(read_sql("insert_dq_result.sql"), rows)
