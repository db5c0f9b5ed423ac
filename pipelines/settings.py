"""Where the project keeps its warehouse; environment variables move it for tests and deployments."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
# the environment variables that place a deployment (WarehousePaths.from_env, and the Dagster resource)
PROJECT_DIR_ENV = "NEWS_PROJECT_DIR"
WAREHOUSE_DIR_ENV = "NEWS_WAREHOUSE_DIR"
LAKE_CATALOG_ENV = "NEWS_LAKE_CATALOG"
LAKE_DATA_ENV = "NEWS_LAKE_DATA"
SPACY_MODEL_ENV = "NEWS_SPACY_MODEL"  # another spaCy model, by package name or folder


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
        return cls.configured(
            project_dir=os.environ.get(PROJECT_DIR_ENV),
            warehouse_dir=os.environ.get(WAREHOUSE_DIR_ENV),
            catalog=os.environ.get(LAKE_CATALOG_ENV),
            lake_data=os.environ.get(LAKE_DATA_ENV),
        )

    @classmethod
    def configured(
        cls,
        *,
        project_dir: str | Path | None = None,
        warehouse_dir: str | Path | None = None,
        catalog: str | None = None,
        lake_data: str | None = None,
    ) -> WarehousePaths:
        """A deployment from settings that may each be left out (None): the project defaults to this
        checkout, the warehouse to <project>/warehouse, the lake's catalog and data to files in it."""
        project = Path(project_dir if project_dir is not None else PROJECT_DIR).resolve()
        warehouse = Path(warehouse_dir if warehouse_dir is not None else project / "warehouse").resolve()
        return cls.under(project, warehouse, catalog=catalog or None, lake_data=lake_data or None)

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


# The warehouse's tables and views ship inside the package (pipelines/store/sql/), so an installed wheel
# finds them as well as a checkout does; read them with .read_text(encoding="utf-8") or .read_bytes().
SCHEMA_SQL: Traversable = files("pipelines") / "store" / "sql" / "schema.sql"
VIEWS_SQL: Traversable = files("pipelines") / "store" / "sql" / "views.sql"
