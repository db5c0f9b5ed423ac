"""Readers for every dump format: files in a source folder become RawRecords or RejectedRecords."""

from pipelines.ingest.decode import UndecodableError, decode_bytes
from pipelines.ingest.near_duplicates import (
    NearDuplicateIndex,
    band_keys,
    is_empty_signature,
    minhash_signature,
)
from pipelines.ingest.records import RawRecord, RejectedRecord, stable_id
from pipelines.ingest.source import document_kind, read_source
from pipelines.ingest.spec import FORMATS, SourceSpec, SourceSpecError, validate_spec
from pipelines.ingest.stats import ReadStats, SkippedRecords

__all__ = [
    "FORMATS",
    "NearDuplicateIndex",
    "RawRecord",
    "ReadStats",
    "RejectedRecord",
    "SkippedRecords",
    "SourceSpec",
    "SourceSpecError",
    "UndecodableError",
    "band_keys",
    "decode_bytes",
    "document_kind",
    "is_empty_signature",
    "minhash_signature",
    "read_source",
    "stable_id",
    "validate_spec",
]
