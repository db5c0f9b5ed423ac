"""Helpers for the quality tests: a small valid warehouse over two runs, and a way to break one row."""

from __future__ import annotations

import duckdb

from pipelines.quality import QualityConfig, SuiteOutcome, check_table
from pipelines.quality.synthetic import SyntheticWarehouse, create_schema

EARLIER_RUN = "run-earlier"
RUN = "run-current"


def valid_warehouse(*, constraints: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse: one document from an earlier run, three (two sources) from the current run."""
    con = duckdb.connect()
    create_schema(con, constraints=constraints)
    earlier = SyntheticWarehouse(EARLIER_RUN)
    earlier.add_document("world_desk", 100)
    earlier.write(con, with_entities=False)
    current = SyntheticWarehouse(RUN)
    for number, source in enumerate(("world_desk", "world_desk", "metro_wire")):
        current.add_document(source, number)
    current.write(con, earlier_runs=(earlier,))
    return con


def failed(outcome: SuiteOutcome) -> dict[str, list[dict]]:
    """Failed expectation names mapped to their offending rows."""
    return {o.expectation: o.offending_rows for o in outcome.outcomes if not o.success}


def check(con: duckdb.DuckDBPyConnection, table: str, config: QualityConfig) -> SuiteOutcome:
    return check_table(con, table, RUN, config)
