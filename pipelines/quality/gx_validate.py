"""validate_frames: a table's Great Expectations suites on pandas frames of the rows a run wrote.

It runs wherever GX lives: in the check worker process during a pipeline run, in-process in tests and
tools. Frames are validated with BASIC results; only a frame that fails is validated again with SUMMARY
results, whose row indexes name the offending rows, so a passing run pays for no row lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.quality.config import QualityConfig
from pipelines.quality.data_docs import build_data_docs
from pipelines.quality.gx_suites import FRAMES, GX_LOCK, Frame, validation_definition
from pipelines.quality.outcomes import ExpectationOutcome
from pipelines.quality.rows import plain_row

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult

_COLUMN_ARGUMENTS = ("column", "column_A", "column_B")


def validate_frames(
    table: str,
    frames: dict[str, pd.DataFrame],
    run_id: str,
    config: QualityConfig,
    data_docs_dir: Path | None = None,
) -> tuple[list[ExpectationOutcome], Path | None]:
    """Each expectation's outcome for the table's frames (keyed by Frame.name), and the Data Docs index
    when data_docs_dir is given and something failed (a passing run's docs are built once, at publish)."""
    outcomes: list[ExpectationOutcome] = []
    results: list[ExpectationSuiteValidationResult] = []
    with GX_LOCK:
        for frame in FRAMES[table]:
            rows = frames[frame.name]
            result = _validate(frame, rows, run_id, config)
            results.append(result)
            found = [_outcome(frame, rows, item, config.max_offending_rows) for item in result.results]
            outcomes += sorted(found, key=lambda outcome: outcome.expectation)
        index = None
        if data_docs_dir is not None and not all(outcome.success for outcome in outcomes):
            index = build_data_docs(data_docs_dir, results)
    return outcomes, index


def _validate(
    frame: Frame, rows: pd.DataFrame, run_id: str, config: QualityConfig
) -> ExpectationSuiteValidationResult:
    from great_expectations.core.run_identifier import RunIdentifier

    definition = validation_definition(frame, config)
    run = RunIdentifier(run_name=run_id)  # one identifier: a SUMMARY rerun replaces the BASIC result
    result = definition.run(
        batch_parameters={"dataframe": rows}, result_format={"result_format": "BASIC"}, run_id=run
    )
    if result.success:
        return result
    summary = {"result_format": "SUMMARY", "partial_unexpected_count": max(config.max_offending_rows, 1)}
    return definition.run(batch_parameters={"dataframe": rows}, result_format=summary, run_id=run)


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
