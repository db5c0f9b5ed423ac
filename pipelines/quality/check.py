"""check_table: run one table's suite (GX frames plus SQL rules) on the rows a run wrote."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.gx_suites import FRAMES
from pipelines.quality.gx_validate import validate_frames
from pipelines.quality.outcomes import ExpectationOutcome, SuiteOutcome
from pipelines.quality.sql_rules import SQL_RULES, read_sql, run_sql_rule
from pipelines.quality.tables import SUITE_TABLES

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future

    import pandas as pd

    GxVerdict = tuple[list[ExpectationOutcome], Path | None]
    # sends a table's frames to wherever GX runs (the check worker); the verdict comes back later
    GxSubmit = Callable[[str, dict[str, pd.DataFrame], str, QualityConfig, Path | None], Future[GxVerdict]]


def read_frames(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> dict[str, pd.DataFrame]:
    """The run's rows of the table as the GX suites see them, keyed by Frame.name."""
    return {
        frame.name: con.execute(read_sql(frame.sql_file), {"run_id": run_id}).df() for frame in FRAMES[table]
    }


def check_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    run_id: str,
    config: QualityConfig,
    *,
    data_docs_dir: Path | None = None,
    gx: GxSubmit | None = None,
) -> SuiteOutcome:
    """Validate the run's rows of one table; the blocking asset check passes when the suite succeeds.

    With `gx` (CheckWorker.validate), the GX half runs there while the SQL rules run here; without, it
    runs in this process. With data_docs_dir, a failing suite renders its Data Docs at once
    (build_run_data_docs does a passing run's).
    """
    if table not in SUITE_TABLES:
        raise ValueError(f"no quality suite for table {table!r}; known: {', '.join(SUITE_TABLES)}")
    con.execute("BEGIN")  # one read transaction: one lake snapshot for the suite, its metadata read once
    try:
        frames = read_frames(con, table, run_id)
        pending = gx(table, frames, run_id, config, data_docs_dir) if gx else None
        rules = [run_sql_rule(con, rule, run_id, config) for rule in SQL_RULES[table]]
    finally:
        con.execute("COMMIT")
    if pending is None:
        outcomes, index = validate_frames(table, frames, run_id, config, data_docs_dir)
    else:
        outcomes, index = pending.result()
    return SuiteOutcome(table=table, outcomes=outcomes + rules, data_docs_index=index)
