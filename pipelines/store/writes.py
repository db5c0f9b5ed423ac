"""Bulk inserts: rows go to DuckDB as one Arrow table per table, not one statement per row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.store.database import statement


def table_columns(con: duckdb.DuckDBPyConnection, table: str, database: str | None = None) -> list[str]:
    """Column names of a table in column order; of the default database unless one is named."""
    rows = con.execute(statement("table_columns"), [table, database]).fetchall()
    return [name for (name,) in rows]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows (dicts keyed by column name) into a table; returns how many were written."""
    if not rows:
        return 0
    return insert_table(con, table, rows_table(rows))


def insert_table(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> int:
    """Insert an Arrow table's rows into a table, column by name; returns how many were written.

    By name, so no catalog lookup per insert (with the lake attached, that lookup cost about 10 ms).
    """
    con.register("_incoming_rows", rows)
    try:
        con.execute(statement("insert_by_name", target=table, origin="_incoming_rows"))
    finally:
        con.unregister("_incoming_rows")
    return rows.num_rows


def rows_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    """The rows as Arrow columns, one per key any row has (a key a row lacks is NULL). Arrow keeps None as
    NULL and ints as ints where a pandas frame needs its columns made objects first (44,000 block rows:
    0.07 s instead of 0.11 s). Built where the rows are made, it crosses processes as a few buffers."""
    columns = dict.fromkeys(chain.from_iterable(rows))
    if len(columns) == len(rows[0]):  # the first row has every key: Arrow reads the rows itself, 2.5x faster
        return pa.Table.from_pylist(rows)
    return pa.Table.from_pydict({column: [row.get(column) for row in rows] for column in columns})


class StreamedRows:
    """Rows of a stage gathered per table and written every `flush_every` documents: memory holds one flush,
    not the batch, and the writes overlap the work of the worker processes on the next documents."""

    def __init__(self, con: duckdb.DuckDBPyConnection, flush_every: int) -> None:
        self._con = con
        self._flush_every = flush_every
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._documents = 0
        self.written: Counter[str] = Counter()  # rows written so far, per table

    def add(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        self._pending.setdefault(table, []).extend(rows)

    def document_done(self) -> None:
        self._documents += 1
        if self._documents % self._flush_every == 0:
            self.flush()

    def flush(self) -> None:
        """Write every table's pending rows, in the order the tables were first added."""
        for table, rows in self._pending.items():
            self.written[table] += insert_rows(self._con, table, rows)
            rows.clear()
