"""The DuckLake lakehouse: attaching its catalog, keeping its schema current, and its publications.

The catalog is SQLite on one machine (a file under warehouse/) or PostgreSQL for many; the data are
Parquet files. Every publication is one DuckLake snapshot tagged 'publish <run_id>', so a publication
can be queried with time travel and undone (see rollback.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.settings import SCHEMA_SQL, VIEWS_SQL, WarehousePaths
from pipelines.store.extensions import load_extensions
from pipelines.store.statements import statement

LAKE = "lake"  # the name the lake is attached under in pipeline connections
PUBLISH_PREFIX = "publish "
ROLLBACK_PREFIX = "rollback "
LAKE_ONLY_SQL = Path(__file__).parent / "sql" / "lake_only.sql"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def catalog_extension(catalog: str) -> str:
    """The scanner extension a catalog string needs: sqlite:... or postgres:..."""
    kind = catalog.split(":", 1)[0]
    if kind == "sqlite":
        return "sqlite_scanner"
    if kind in ("postgres", "postgresql"):
        return "postgres_scanner"
    raise ValueError(f"NEWS_LAKE_CATALOG must start with 'sqlite:' or 'postgres:', got {catalog!r}")


def attach_lake(
    con: duckdb.DuckDBPyConnection,
    paths: WarehousePaths,
    *,
    alias: str = LAKE,
    read_only: bool = False,
    snapshot: int | None = None,
) -> None:
    """Attach the lake to a connection (read-only for analysts; at a past snapshot for time travel)."""
    load_extensions(con, "ducklake", catalog_extension(paths.catalog))
    if paths.catalog.startswith("sqlite:") and not read_only:
        use_write_ahead_log(Path(paths.catalog.split(":", 1)[1]))
    con.execute(attach_statement(paths, alias=alias, read_only=read_only, snapshot=snapshot))


def attach_statement(
    paths: WarehousePaths, *, alias: str = LAKE, read_only: bool = False, snapshot: int | None = None
) -> str:
    """The ATTACH statement of the lake, for a connection here or a DuckDB CLI session (make sql)."""
    # the catalog remembers the data path it was created with; the configured one wins, so a warehouse
    # folder can be moved or copied (file paths in the catalog are relative to the data path)
    options = [f"DATA_PATH {_quote(paths.lake_data)}", "OVERRIDE_DATA_PATH true"]
    if paths.catalog.startswith("sqlite:"):  # wait for another process's catalog write, not fail
        options.append("META_BUSY_TIMEOUT 30000")
    if read_only:
        options.append("READ_ONLY")
    if snapshot is not None:
        options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
    return f"ATTACH {_quote('ducklake:' + paths.catalog)} AS {alias} ({', '.join(options)})"


def use_write_ahead_log(catalog: Path) -> None:
    """Put an SQLite catalog in WAL mode (a setting stored in the file): in SQLite's default mode an
    analyst's open read transaction locks out every writer; in WAL mode readers and a writer coexist."""
    catalog.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(catalog, timeout=30)) as con:
        if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            con.execute("PRAGMA journal_mode=WAL")


def schema_version() -> str:
    """Hash of the lake's SQL: the lake is updated when it differs from the one applied. (New tables and
    views are created; a new column of an existing table would need an ALTER of its own.)"""
    digest = hashlib.sha256(SCHEMA_SQL.read_bytes() + VIEWS_SQL.read_bytes() + LAKE_ONLY_SQL.read_bytes())
    return digest.hexdigest()[:16]


_CURRENT_HERE: set[tuple[str, str]] = set()  # lakes (catalog, data) this process found or made current


def ensure_lake_schema(paths: WarehousePaths, *, recheck: bool = True) -> bool:
    """Create or update the lake's tables, views and comments in one snapshot; True when it changed.

    Applying the schema writes a snapshot, so it only happens when schema.sql or views.sql changed.
    recheck=False skips the check (about 0.2 s) for a lake this process already found or made current:
    for the later steps of a run, after the run's own check.
    """
    lake = (paths.catalog, paths.lake_data)
    if not recheck and lake in _CURRENT_HERE:
        return False
    con = duckdb.connect()
    try:
        attach_lake(con, paths)
        con.execute(f"USE {LAKE}")
        con.execute(statement("create_warehouse_schema"))
        (applied,) = con.execute(statement("schema_applied"), [schema_version()]).fetchone()
        if applied:
            _CURRENT_HERE.add(lake)
            return False
        con.execute("BEGIN")
        con.execute(statement("set_commit_message", lake=LAKE), [f"schema {schema_version()}"])
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
        con.execute(LAKE_ONLY_SQL.read_text(encoding="utf-8"))
        con.execute(statement("record_schema_version"), [schema_version()])
        con.execute("COMMIT")
        _CURRENT_HERE.add(lake)
        return True
    finally:
        con.close()


@dataclass(frozen=True)
class Publication:
    snapshot_id: int
    run_id: str
    published_at: datetime


def publications(con: duckdb.DuckDBPyConnection, lake: str = LAKE) -> list[Publication]:
    """Publications still in force, newest first: publish snapshots not undone by a rollback."""
    rows = con.execute(statement("publications", lake=lake), [PUBLISH_PREFIX, ROLLBACK_PREFIX]).fetchall()
    return [Publication(int(s), run_id, when) for s, run_id, when in rows]


def current_snapshot(con: duckdb.DuckDBPyConnection, lake: str = LAKE) -> int:
    (snapshot,) = con.execute(statement("current_snapshot", lake=lake)).fetchone()
    return int(snapshot)
