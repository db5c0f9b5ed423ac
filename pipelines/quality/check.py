"""check_table: run one table's suite (GX frames plus SQL rules) on the rows a run wrote."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.data_docs import build_data_docs
from pipelines.quality.gx_suites import FRAMES, Frame, validation_definition
from pipelines.quality.outcomes import ExpectationOutcome, SuiteOutcome
from pipelines.quality.rows import plain_row
from pipelines.quality.sql_rules import SQL_RULES, read_sql, run_sql_rule
from pipelines.quality.tables import SUITE_TABLES

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult

_GX_LOCK = threading.Lock()
_COLUMN_ARGUMENTS = ("column", "column_A", "column_B")


def check_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    run_id: str,
    config: QualityConfig,
    *,
    data_docs_dir: Path | None = None,
) -> SuiteOutcome:
    """Validate the run's rows of one table; the blocking asset check passes when the suite succeeds.

    With data_docs_dir, a failing suite renders its Data Docs at once (build_run_data_docs does a run's).
    """
    with _GX_LOCK:  # one GX context per process, shared with the warm-up thread
        return _check_table(con, table, run_id, config, data_docs_dir)


def _check_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    run_id: str,
    config: QualityConfig,
    data_docs_dir: Path | None,
) -> SuiteOutcome:
    if table not in SUITE_TABLES:
        raise ValueError(f"no quality suite for table {table!r}; known: {', '.join(SUITE_TABLES)}")
    outcomes: list[ExpectationOutcome] = []
    results: list[ExpectationSuiteValidationResult] = []
    for frame in FRAMES[table]:
        frame_outcomes, result = _validate_frame(con, frame, run_id, config)
        outcomes += frame_outcomes
        results.append(result)
    outcomes += [run_sql_rule(con, rule, run_id, config.max_offending_rows) for rule in SQL_RULES[table]]
    index = None
    if data_docs_dir is not None and not all(outcome.success for outcome in outcomes):
        index = build_data_docs(data_docs_dir, results)  # a passing run's docs are built once, at publish
    return SuiteOutcome(table=table, outcomes=outcomes, data_docs_index=index)


def _validate_frame(
    con: duckdb.DuckDBPyConnection, frame: Frame, run_id: str, config: QualityConfig
) -> tuple[list[ExpectationOutcome], ExpectationSuiteValidationResult]:
    from great_expectations.core.run_identifier import RunIdentifier

    rows = con.execute(read_sql(frame.sql_file), {"run_id": run_id}).df()
    result = validation_definition(frame, config).run(
        batch_parameters={"dataframe": rows},
        result_format={
            "result_format": "SUMMARY",
            "partial_unexpected_count": max(config.max_offending_rows, 1),
        },
        run_id=RunIdentifier(run_name=run_id),
    )
    outcomes = [_outcome(frame, rows, item, config.max_offending_rows) for item in result.results]
    return sorted(outcomes, key=lambda outcome: outcome.expectation), result


def expectation_name(expectation_type: str, kwargs: dict[str, Any]) -> str:
    """A readable name for dq_results, e.g. expect_column_values_to_not_be_null(title, mostly=0.8)."""
    arguments = [str(kwargs[name]) for name in _COLUMN_ARGUMENTS if name in kwargs]
    if "column_list" in kwargs:
        arguments.append(", ".join(kwargs["column_list"]))
    if kwargs.get("mostly") is not None and kwargs["mostly"] != 1:
        arguments.append(f"mostly={kwargs['mostly']}")
    return f"{expectation_type}({', '.join(arguments)})"


def _outcome(
    frame: Frame, rows: pd.DataFrame, item: ExpectationValidationResult, max_rows: int
) -> ExpectationOutcome:
    kwargs = dict(item.expectation_config.kwargs)
    name = expectation_name(item.expectation_config.type, kwargs)
    result = item.result or {}
    if item.exception_info and item.exception_info.get("raised_exception"):
        message = item.exception_info.get("exception_message")
        return ExpectationOutcome(frame.table, name, False, f"error: {message}")
    if "unexpected_count" in result:
        observed = (
            f"{result['unexpected_count']} of {result['element_count']} rows unexpected "
            f"({result.get('unexpected_percent') or 0:.2f}%)"
        )
    else:
        observed = str(result.get("observed_value"))
    offending: list[dict[str, Any]] = []
    if not item.success:
        columns = list(frame.key)
        checked = [kwargs[name] for name in _COLUMN_ARGUMENTS if name in kwargs]
        columns += [column for column in checked if column not in columns]
        positions = list(result.get("partial_unexpected_index_list") or [])[:max_rows]
        offending = [plain_row(row) for row in rows.iloc[positions][columns].to_dict("records")]
    return ExpectationOutcome(frame.table, name, bool(item.success), observed, offending)
