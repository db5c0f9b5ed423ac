"""What cleaning does to one raw record, as plain functions over chunks of records: they run in the
process's worker pool (pipelines/pool.py) or in the step's own process, with the same results."""

from __future__ import annotations

from typing import NamedTuple

from pipelines.clean import clean_html, clean_text, document_fingerprints, split_blocks
from pipelines.clean.records import CleanDocument
from pipelines.ingest import band_keys, minhash_signature
from pipelines.pool import DocumentFailure


class RawRecord(NamedTuple):
    """The part of a raw_documents row that cleaning reads."""

    doc_id: str
    raw_text: str  # second, as pool.chunked sizes chunks by item 1
    format: str
    url: str | None


class CleanedRecord(NamedTuple):
    """A cleaned document with what the near-duplicate and repetition tables store of it."""

    doc_id: str
    cleaned: CleanDocument
    signature: list[int]  # MinHash of the body text
    bands: list[str]  # its LSH band keys
    fingerprints: list[str] | None  # of its blocks, sorted; None for plain text (the first pass has them)


def clean_raw_text(
    raw_format: str, raw_text: str, url: str | None, recurring: frozenset[str]
) -> CleanDocument:
    """Plain text goes to the block classifier directly; HTML through the extractor first."""
    if raw_format == "html":
        return clean_html(raw_text, url=url, recurring=recurring)
    return clean_text(raw_text, recurring=recurring)


def fingerprint_records(chunk: list[RawRecord]) -> list[tuple[str, set[str]] | DocumentFailure]:
    """The block fingerprints of each plain-text record (HTML ones have none before extraction)."""
    results: list[tuple[str, set[str]] | DocumentFailure] = []
    for record in chunk:
        if record.format != "text":
            continue
        try:
            blocks = [text for _, _, text in split_blocks(record.raw_text)]
            results.append((record.doc_id, document_fingerprints(blocks)))
        except Exception as error:  # whatever fails on one document quarantines it alone
            results.append(DocumentFailure.of(record.doc_id, error))
    return results


def clean_records(chunk: list[RawRecord], recurring: frozenset[str]) -> list[CleanedRecord | DocumentFailure]:
    """Each record cleaned, with blocks recurring across the source taken for boilerplate."""
    results: list[CleanedRecord | DocumentFailure] = []
    for record in chunk:
        try:
            cleaned = clean_raw_text(record.format, record.raw_text, record.url, recurring)
            signature = minhash_signature(cleaned.body_text)
            fingerprints = (  # of a text: the lines fingerprint_records read, the keys later runs look up
                None
                if record.format == "text"
                else sorted(document_fingerprints(block.text for block in cleaned.blocks))
            )
            results.append(
                CleanedRecord(record.doc_id, cleaned, signature, band_keys(signature), fingerprints)
            )
        except Exception as error:  # whatever fails on one document quarantines it alone
            results.append(DocumentFailure.of(record.doc_id, error))
    return results
