"""The resources Dagster loads with the code location: the warehouse and the NLP model, configured from the
NEWS_* environment variables (see pipelines/lib/resources.py)."""

import dagster as dg

from pipelines.lib.resources import DEFAULT_SPACY_MODEL, NlpResource, WarehouseResource, env_setting
from pipelines.pool import workers_from_env
from pipelines.settings import (
    LAKE_CATALOG_ENV,
    LAKE_DATA_ENV,
    PROJECT_DIR_ENV,
    SPACY_MODEL_ENV,
    WAREHOUSE_DIR_ENV,
)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(
                project_dir=env_setting(PROJECT_DIR_ENV),
                warehouse_dir=env_setting(WAREHOUSE_DIR_ENV),
                lake_catalog=env_setting(LAKE_CATALOG_ENV),
                lake_data=env_setting(LAKE_DATA_ENV),
            ),
            "nlp": NlpResource(
                model_name=env_setting(SPACY_MODEL_ENV, DEFAULT_SPACY_MODEL),
                n_process=workers_from_env(),  # a bad NEWS_NLP_PROCESSES fails here, naming it
            ),
        }
    )
