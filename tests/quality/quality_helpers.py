"""Helpers for the quality tests: a small valid warehouse over two runs, and a way to break one row."""

from __future__ import annotations

import duckdb

from pipelines.quality import QualityConfig, SuiteOutcome, check_table
from pipelines.quality.synthetic import SyntheticWarehouse, create_schema
from pipelines.store.database import create_staging_tables

EARLIER_RUN = "run-earlier"
RUN = "run-current"


def valid_warehouse(*, constraints: bool = False) -> duckdb.DuckDBPyConnection:
    """In memory, as a run sees it: one document from an earlier run published in `lake`, and three (two
    sources) of the current run in the staging tables of the default database."""
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS lake")
    con.execute("USE lake")
    create_schema(con, constraints=constraints)
    earlier = SyntheticWarehouse(EARLIER_RUN)
    earlier.add_document("world_desk", 100)
    earlier.write(con, with_entities=False)
    con.execute("USE memory")
    create_schema(con, constraints=constraints)
    create_staging_tables(con)
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
