"""Stage 2: turn this run's new raw records into documents, blocks and comments.

A document whose cleaning raises is quarantined (pipelines/store/quarantine.py); the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipelines.clean import (
    clean_html,
    clean_text,
    document_fingerprints,
    recurring_among,
    split_blocks,
)
from pipelines.clean.records import CleanDocument
from pipelines.ingest import NearDuplicateIndex, band_keys, is_empty_signature, minhash_signature
from pipelines.progress import StageProgress
from pipelines.store.quarantine import withhold_documents
from pipelines.store.reads import earlier_block_counts, near_duplicate_candidates, raw_documents_to_clean
from pipelines.store.rows import block_rows, comment_rows, document_row
from pipelines.store.writes import insert_rows


@dataclass
class CleanSummary:
    documents: int = 0
    blocks: int = 0
    blocks_removed: int = 0
    comments: int = 0
    near_duplicates: int = 0
    quarantined: int = 0  # raw records withheld because cleaning raised on their document


def clean_raw_text(
    raw_format: str, raw_text: str, url: str | None, recurring: frozenset[str]
) -> CleanDocument:
    """Plain text goes to the block classifier directly; HTML through the extractor first."""
    if raw_format == "html":
        return clean_html(raw_text, url=url, recurring=recurring)
    return clean_text(raw_text, recurring=recurring)


def clean_source(con: duckdb.DuckDBPyConnection, source: str, run_id: str, now: datetime) -> CleanSummary:
    """Clean every new document of a source; blocks recurring across the source count as boilerplate.

    What earlier runs saw is asked of the lake for this batch's fingerprints and LSH bands only, so the
    cost follows the new documents, not the warehouse.
    """
    summary = CleanSummary()
    todo = raw_documents_to_clean(con, source, run_id)
    if not todo:
        return summary
    failures: dict[str, BaseException] = {}
    batch_fingerprints: list[set[str]] = []  # each text document's, computed once for both uses below
    for row in todo:
        if row["format"] == "text":
            try:
                blocks = [text for _, _, text in split_blocks(row["raw_text"])]
                batch_fingerprints.append(document_fingerprints(blocks))
            except Exception as error:  # whatever fails on one document quarantines it alone
                failures[row["doc_id"]] = error
    recurring = recurring_among(
        batch_fingerprints, earlier=earlier_block_counts(con, source, set().union(*batch_fingerprints))
    )

    progress = StageProgress("clean", source, total=len(todo), unit="documents")
    signed: list[tuple[dict, CleanDocument, list[int]]] = []
    for row in todo:
        if row["doc_id"] not in failures:
            try:
                cleaned = clean_raw_text(row["format"], row["raw_text"], row.get("url"), recurring)
                signed.append((row, cleaned, minhash_signature(cleaned.body_text)))
            except Exception as error:  # whatever fails on one document quarantines it alone
                failures[row["doc_id"]] = error
        progress.advance()
    progress.finish()
    summary.quarantined = withhold_documents(con, failures, "clean", run_id, now)
    bands = [band_keys(signature) for _, _, signature in signed]
    index = NearDuplicateIndex()
    for doc_id, signature in near_duplicate_candidates(con, set().union(*bands)):
        index.add(doc_id, signature)

    documents, blocks, comments, signature_rows, band_rows, fingerprint_rows = [], [], [], [], [], []
    for key, (row, cleaned, signature) in enumerate(signed):
        doc_id = row["doc_id"]
        near_duplicate_of = index.add(doc_id, signature)
        documents.append(document_row(row, cleaned, near_duplicate_of, run_id, now))
        blocks.extend(block_rows(doc_id, cleaned, run_id))
        comments.extend(comment_rows(doc_id, cleaned, run_id))
        signature_rows.append(
            {"doc_id": doc_id, "source": source, "minhash": [int(v) for v in signature], "run_id": run_id}
        )
        if not is_empty_signature(signature):
            band_rows.extend({"band": band, "doc_id": doc_id, "run_id": run_id} for band in bands[key])
        fingerprint_rows.extend(
            {"source": source, "fingerprint": fingerprint, "doc_id": doc_id, "run_id": run_id}
            for fingerprint in sorted(document_fingerprints(block.text for block in cleaned.blocks))
        )
        summary.near_duplicates += near_duplicate_of is not None
    insert_rows(con, "documents", documents)
    insert_rows(con, "blocks", blocks)
    insert_rows(con, "comments", comments)
    insert_rows(con, "document_signatures", signature_rows)
    insert_rows(con, "document_bands", band_rows)
    insert_rows(con, "block_fingerprints", fingerprint_rows)
    summary.documents = len(documents)
    summary.blocks = len(blocks)
    summary.blocks_removed = sum(1 for block in blocks if not block["kept"])
    summary.comments = len(comments)
    return summary
