"""The Great Expectations suites: per table, the frames of the run's rows read from DuckDB and what each
must satisfy. GX is imported lazily (it takes seconds); its context is built once per process."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from pipelines.quality.config import QualityConfig
from pipelines.quality.tables import BLOCK_KIND_SET, EXTRACTION_SET, MENTION_LABELS, RAW_FORMATS, TABLE_KEYS

if TYPE_CHECKING:
    from great_expectations.core.validation_definition import ValidationDefinition
    from great_expectations.data_context import AbstractDataContext
    from great_expectations.expectations import Expectation

GX_LOCK = threading.Lock()  # one GX context per process; its stores are not thread-safe


@dataclass(frozen=True)
class Frame:
    """A pandas frame validated by one GX suite: the table it belongs to and the file that reads it."""

    name: str
    table: str
    sql_file: str
    key: tuple[str, ...]


FRAMES: dict[str, tuple[Frame, ...]] = {
    table: (Frame(table, table, f"frame_{table}.sql", TABLE_KEYS[table]),) for table in TABLE_KEYS
}
FRAMES["sentences"] += (
    Frame("sentences_per_document", "sentences", "frame_sentences_per_document.sql", ("doc_id",)),
)


def _not_null(gxe: Any, *columns: str) -> list[Expectation]:
    return [gxe.ExpectColumnValuesToNotBeNull(column=column) for column in columns]


def _unique(gxe: Any, key: tuple[str, ...]) -> Expectation:
    if len(key) == 1:
        return gxe.ExpectColumnValuesToBeUnique(column=key[0])
    return gxe.ExpectCompoundColumnsToBeUnique(column_list=list(key))


def _at_least(gxe: Any, column: str, low: int) -> Expectation:
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low)


def _pair_at_least(gxe: Any, column_a: str, column_b: str) -> Expectation:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A=column_a, column_B=column_b, or_equal=True)


def frame_expectations(frame: Frame, config: QualityConfig) -> list[Expectation]:
    """What the frame must satisfy; the thresholds and phrases come from the config.

    Keys must be present and unique. Other columns that pipelines/store/sql/schema.sql declares NOT NULL are
    enforced by DuckDB when a row is written, so the suite spends no expectation on them.
    """
    import great_expectations.expectations as gxe

    if frame.name == "raw_documents":
        return [
            *_not_null(gxe, *frame.key),
            _unique(gxe, frame.key),
            gxe.ExpectColumnValuesToBeInSet(column="format", value_set=list(RAW_FORMATS)),
            gxe.ExpectColumnValuesToMatchRegex(column="content_hash", regex=r"^[0-9a-f]{64}$"),
            _at_least(gxe, "byte_size", 0),
        ]
    if frame.name == "documents":
        return [
            *_not_null(gxe, *frame.key),
            _unique(gxe, frame.key),
            gxe.ExpectColumnValuesToBeBetween(
                column="word_count", min_value=config.word_count.min, max_value=config.word_count.max
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="title", mostly=config.min_share_documents_with_title),
            gxe.ExpectColumnValuesToNotMatchRegexList(
                column="body_text", regex_list=[re.escape(phrase) for phrase in config.boilerplate_phrases]
            ),
            gxe.ExpectColumnValuesToBeInSet(column="extraction", value_set=list(EXTRACTION_SET)),
        ]
    if frame.name == "blocks":
        return [
            *_not_null(gxe, *frame.key),
            _unique(gxe, frame.key),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(BLOCK_KIND_SET)),
            gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1),
            _at_least(gxe, "block_index", 0),
        ]
    if frame.name == "comments":
        return [
            *_not_null(gxe, *frame.key),
            _unique(gxe, frame.key),
            _at_least(gxe, "comment_index", 0),
            gxe.ExpectColumnValueLengthsToBeBetween(column="text", min_value=1),
        ]
    if frame.name == "sentences":
        return [
            *_not_null(gxe, *frame.key),
            _unique(gxe, frame.key),
            _at_least(gxe, "sentence_index", 0),
            _at_least(gxe, "start_char", 0),
        ]
    if frame.name == "sentences_per_document":
        return [
            gxe.ExpectColumnValuesToNotBeNull(
                column="sentence_count", mostly=config.min_share_documents_with_sentence
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="sentence_count",
                min_value=config.sentences_per_document.min,
                max_value=config.sentences_per_document.max,
            ),
        ]
    if frame.name == "entity_mentions":
        return [
            *_not_null(gxe, *frame.key, "entity_id"),  # filled by resolution
            _unique(gxe, frame.key),
            gxe.ExpectColumnValuesToBeInSet(column="label", value_set=list(MENTION_LABELS)),
            gxe.ExpectColumnValueLengthsToBeBetween(column="name", min_value=1),
            _at_least(gxe, "mention_index", 0),
        ]
    if frame.name == "entities":
        return [
            *_not_null(gxe, *frame.key),
            _unique(gxe, frame.key),
            gxe.ExpectColumnValuesToBeInSet(column="label", value_set=list(MENTION_LABELS)),
            gxe.ExpectColumnValueLengthsToBeBetween(column="canonical_name", min_value=1),
            _at_least(gxe, "source_count", 1),
            _pair_at_least(gxe, "mention_count", "document_count"),
            _pair_at_least(gxe, "document_count", "source_count"),
            _pair_at_least(gxe, "last_seen", "first_seen"),
        ]
    raise KeyError(f"no suite for frame {frame.name!r}")


@cache
def gx_context() -> AbstractDataContext:
    """One ephemeral context per process: in-memory stores, no analytics, no progress bars, no temp site."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    project_config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    context = gx.get_context(project_config=project_config, mode="ephemeral")
    context.data_sources.add_pandas("warehouse")
    return context


@cache
def validation_definition(frame: Frame, config: QualityConfig) -> ValidationDefinition:
    """The frame's suite under this config, registered once per process (names get a suffix per config)."""
    import great_expectations as gx

    context = gx_context()
    datasource = context.data_sources.get("warehouse")
    name = frame.name
    serial = 1
    while any(asset.name == name for asset in datasource.assets):
        serial += 1
        name = f"{frame.name}_{serial}"
    batch = datasource.add_dataframe_asset(name).add_batch_definition_whole_dataframe("run")
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=frame_expectations(frame, config)))
    return context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
