"""The data-quality gate: a Great Expectations suite plus SQL rules per warehouse table, run on the rows
of the current run before the working database is published."""

from pipelines.quality.check import check_table
from pipelines.quality.config import QualityConfig, QualityConfigError, load_quality_config
from pipelines.quality.data_docs import build_run_data_docs, data_docs_index_path
from pipelines.quality.outcomes import ExpectationOutcome, SuiteOutcome
from pipelines.quality.record import record_outcomes
from pipelines.quality.tables import SUITE_TABLES

__all__ = [
    "SUITE_TABLES",
    "ExpectationOutcome",
    "QualityConfig",
    "QualityConfigError",
    "SuiteOutcome",
    "build_run_data_docs",
    "check_table",
    "data_docs_index_path",
    "load_quality_config",
    "record_outcomes",
]
