"""Where the project keeps its warehouse files; environment variables move them for tests and deployments."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WarehousePaths:
    """The files one deployment of the warehouse reads and writes."""

    project_dir: Path  # raw/<source>/ folders are relative to it
    published: Path  # what analysts open: replaced atomically, only after every blocking check passed
    staging: Path  # the working copy a run writes and audits
    dq_docs: Path  # Great Expectations Data Docs site

    @classmethod
    def from_env(cls) -> WarehousePaths:
        """NEWS_PROJECT_DIR moves the inputs, NEWS_WAREHOUSE_DIR the outputs; defaults are the repo's."""
        project_dir = Path(os.environ.get("NEWS_PROJECT_DIR", PROJECT_DIR)).resolve()
        warehouse_dir = Path(os.environ.get("NEWS_WAREHOUSE_DIR", project_dir / "warehouse")).resolve()
        return cls(
            project_dir=project_dir,
            published=warehouse_dir / "news.duckdb",
            staging=warehouse_dir / "staging.duckdb",
            dq_docs=warehouse_dir / "dq_docs",
        )


SCHEMA_SQL = PROJECT_DIR / "warehouse" / "schema.sql"
VIEWS_SQL = PROJECT_DIR / "warehouse" / "views.sql"
