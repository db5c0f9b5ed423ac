"""Where the project keeps its warehouse; environment variables move it for tests and deployments."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WarehousePaths:
    """The files and catalog one deployment of the warehouse reads and writes.

    The warehouse is a DuckLake lakehouse: a catalog (SQLite on one machine, PostgreSQL for many) and
    Parquet data files. A run writes its rows to a staging DuckDB file of its own, audits them there and
    publishes them to the lake in one transaction.
    """

    project_dir: Path  # raw/<source>/ folders are relative to it
    warehouse_dir: Path
    catalog: str  # DuckLake metadata catalog: 'sqlite:<file>' or 'postgres:<libpq connection string>'
    lake_data: str  # where the lake's Parquet files live (a folder, or object storage shared by machines)
    runs: Path  # one staging DuckDB file per run: <run_id>.duckdb, deleted once the run has published
    search: Path  # the full-text index over published sentences, derived from the lake and rebuildable
    legacy: Path  # a warehouse of the single-file format (before the lake), migrated on the first run
    dq_docs: Path  # Great Expectations Data Docs site

    @classmethod
    def from_env(cls) -> WarehousePaths:
        """NEWS_PROJECT_DIR moves the inputs, NEWS_WAREHOUSE_DIR the outputs; NEWS_LAKE_CATALOG and
        NEWS_LAKE_DATA put the lake elsewhere (a PostgreSQL catalog, shared storage)."""
        project_dir = Path(os.environ.get("NEWS_PROJECT_DIR", PROJECT_DIR)).resolve()
        warehouse_dir = Path(os.environ.get("NEWS_WAREHOUSE_DIR", project_dir / "warehouse")).resolve()
        return cls.under(
            project_dir,
            warehouse_dir,
            catalog=os.environ.get("NEWS_LAKE_CATALOG") or None,
            lake_data=os.environ.get("NEWS_LAKE_DATA") or None,
        )

    @classmethod
    def under(
        cls,
        project_dir: Path,
        warehouse_dir: Path,
        *,
        catalog: str | None = None,
        lake_data: str | None = None,
    ) -> WarehousePaths:
        """A deployment whose outputs live in warehouse_dir (the lake's too, unless placed elsewhere)."""
        catalog = catalog or f"sqlite:{warehouse_dir / 'catalog.sqlite'}"
        lake_data = lake_data or f"{warehouse_dir / 'lake'}/"
        return cls(
            project_dir=project_dir,
            warehouse_dir=warehouse_dir,
            catalog=catalog,
            lake_data=lake_data,
            runs=warehouse_dir / "runs",
            search=warehouse_dir / "search.duckdb",
            legacy=warehouse_dir / "news.duckdb",
            dq_docs=warehouse_dir / "dq_docs",
        )

    @property
    def catalog_label(self) -> str:
        """The catalog as it may be shown in logs and the UI: without a password."""
        return re.sub(r"(password\s*=\s*)\S+", r"\1***", self.catalog)

    def staging(self, run_id: str) -> Path:
        """The staging file of one run."""
        return self.runs / f"{run_id}.duckdb"


SCHEMA_SQL = PROJECT_DIR / "warehouse" / "schema.sql"
VIEWS_SQL = PROJECT_DIR / "warehouse" / "views.sql"
