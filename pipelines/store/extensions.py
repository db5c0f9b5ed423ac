"""DuckDB extensions from their PyPI packages (duckdb-extension-*): loaded by path, never downloaded."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

# extension name -> the package that ships its signed binary for this DuckDB version
PACKAGES = {
    "fts": "duckdb_extension_fts",
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}


def extension_path(name: str) -> Path:
    """The signed extension binary that the extension's package ships for the installed DuckDB."""
    package = importlib.import_module(PACKAGES[name])
    folder = Path(package.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    matches = sorted(folder.glob(f"{name}.duckdb_extension*"))
    if not matches:
        raise FileNotFoundError(f"no {name} extension for DuckDB {duckdb.__version__} in {folder}")
    return matches[0]


def load_extensions(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    for name in names:
        con.execute(f"LOAD '{extension_path(name)}'")


def load_statements(*names: str) -> str:
    """The LOAD statements for a DuckDB CLI session (make sql)."""
    return "\n".join(f"LOAD '{extension_path(name)}';" for name in names)
