"""Opening a warehouse database: the schema is applied on every writable open, so any file is usable."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.settings import SCHEMA_SQL, VIEWS_SQL

_SQL_DIR = Path(__file__).parent / "sql"


def open_database(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Connect to a warehouse file; writable connections get the tables and views created if missing."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    if VIEWS_SQL.exists():
        con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
    return con


def statement(name: str) -> str:
    """The text of a named statement from pipelines/store/sql/."""
    return (_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_statements(con: duckdb.DuckDBPyConnection, name: str, params: list[object]) -> None:
    """Run a multi-statement .sql file; parameters go to the statements that use them."""
    for sql in statement(name).split(";\n"):
        body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()
        if body:
            con.execute(body, params if "$" in body else [])
