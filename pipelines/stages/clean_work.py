"""What cleaning does to raw records, as plain functions over chunks of records: they run in the process's
worker pool (pipelines/pool.py) or in the step's own process, with the same results.

A chunk's blocks, comments and block fingerprints come back as Arrow tables, ready to insert. As objects,
unpickling them (0.5 s per 1,800 dumps), making their rows and inserting those took the step's own process
6.4 CPU-seconds over the step; now 3.5, leaving more of the cores to the workers.
"""

from __future__ import annotations

from typing import NamedTuple

import pyarrow as pa

from pipelines.clean import (
    clean_html,
    clean_text,
    distinct_fingerprints,
    document_fingerprints,
    line_fingerprints,
    split_blocks,
)
from pipelines.clean.records import CleanDocument
from pipelines.ingest import band_keys, minhash_signature
from pipelines.pool import DocumentFailure
from pipelines.store.rows import Row, block_rows, comment_rows, document_fields
from pipelines.store.writes import rows_table


class RawRecord(NamedTuple):
    """The part of a raw_documents row that cleaning reads."""

    doc_id: str
    raw_text: str  # second, as pool.chunked sizes chunks by item 1
    format: str
    url: str | None
    # of a text's lines in order, from fingerprint_records (None: not computed yet, or HTML)
    fingerprints: tuple[str, ...] | None = None


class CleanedRecord(NamedTuple):
    """A cleaned document: the documents columns the cleaner decides, and its near-duplicate keys."""

    doc_id: str
    document: Row  # rows.document_fields
    signature: list[int]  # MinHash of the body text
    bands: list[str]  # its LSH band keys
    blocks_removed: int


class CleanedChunk(NamedTuple):
    """A chunk's documents, cleaned or failed, in input order; and the rows of those cleaned, per table."""

    documents: list[CleanedRecord | DocumentFailure]
    tables: dict[str, pa.Table]  # blocks, comments, block_fingerprints: only those with rows


def clean_raw_text(
    raw_format: str,
    raw_text: str,
    url: str | None,
    recurring: frozenset[str],
    fingerprints: tuple[str, ...] | None = None,
) -> CleanDocument:
    """Plain text goes to the block classifier directly (with its text_fingerprints, if at hand); HTML
    through the extractor first."""
    if raw_format == "html":
        return clean_html(raw_text, url=url, recurring=recurring)
    return clean_text(raw_text, recurring=recurring, fingerprints=fingerprints)


def text_fingerprints(raw_text: str) -> tuple[str, ...]:
    """The fingerprints of a plain text's lines, in order: what recurs across a source, what later runs
    look up, and what the classifier tests for recurring."""
    return line_fingerprints(text for _, _, text in split_blocks(raw_text))


def fingerprint_records(chunk: list[RawRecord]) -> list[tuple[str, tuple[str, ...]] | DocumentFailure]:
    """The line fingerprints of each plain-text record (HTML ones have none before extraction)."""
    results: list[tuple[str, tuple[str, ...]] | DocumentFailure] = []
    for record in chunk:
        if record.format != "text":
            continue
        try:
            results.append((record.doc_id, text_fingerprints(record.raw_text)))
        except Exception as error:  # whatever fails on one document quarantines it alone
            results.append(DocumentFailure.of(record.doc_id, error))
    return results


def clean_records(
    chunk: list[RawRecord], recurring: frozenset[str], source: str, run_id: str
) -> list[CleanedChunk]:
    """Each record cleaned, with blocks recurring across the source taken for boilerplate: one CleanedChunk
    (a list, as pool.map_chunks flattens what a chunk returns)."""
    documents: list[CleanedRecord | DocumentFailure] = []
    rows: dict[str, list[Row]] = {"blocks": [], "comments": [], "block_fingerprints": []}
    for record in chunk:
        try:
            if record.format == "text" and record.fingerprints is None:
                record = record._replace(fingerprints=text_fingerprints(record.raw_text))
            cleaned = clean_raw_text(
                record.format, record.raw_text, record.url, recurring, record.fingerprints
            )
            signature = minhash_signature(cleaned.body_text)
            if record.fingerprints is None:  # HTML: the blocks of the extracted text
                fingerprints = document_fingerprints(block.text for block in cleaned.blocks)
            else:
                fingerprints = distinct_fingerprints(record.fingerprints)
            document = CleanedRecord(
                record.doc_id,
                document_fields(cleaned),
                signature,
                band_keys(signature),
                sum(1 for block in cleaned.blocks if not block.kept),
            )
            blocks = block_rows(record.doc_id, cleaned, run_id)
            comments = comment_rows(record.doc_id, cleaned, run_id)
        except Exception as error:  # whatever fails on one document quarantines it alone
            documents.append(DocumentFailure.of(record.doc_id, error))
            continue
        documents.append(document)
        rows["blocks"].extend(blocks)
        rows["comments"].extend(comments)
        rows["block_fingerprints"].extend(
            {"source": source, "fingerprint": fingerprint, "doc_id": record.doc_id, "run_id": run_id}
            for fingerprint in sorted(fingerprints)
        )
    return [CleanedChunk(documents, {table: rows_table(found) for table, found in rows.items() if found})]
