"""Stage 2: turn this run's new raw records into documents, blocks and comments.

A document whose cleaning raises is quarantined (pipelines/store/quarantine.py); the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

import duckdb

from pipelines.clean import recurring_among
from pipelines.ingest import NearDuplicateIndex, is_empty_signature
from pipelines.pool import CHUNK_CHARS, CHUNK_DOCS, DocumentFailure, chunked, map_chunks
from pipelines.progress import StageProgress
from pipelines.stages.clean_work import CleanedRecord, RawRecord, clean_records, fingerprint_records
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


def clean_source(
    con: duckdb.DuckDBPyConnection, source: str, run_id: str, now: datetime, workers: int = 1
) -> CleanSummary:
    """Clean every new document of a source, on `workers` processes; blocks recurring across the source
    count as boilerplate.

    What earlier runs saw is asked of the lake for this batch's fingerprints and LSH bands only, so the
    cost follows the new documents, not the warehouse.
    """
    summary = CleanSummary()
    rows = {row["doc_id"]: row for row in raw_documents_to_clean(con, source, run_id)}
    if not rows:
        return summary
    records = [
        RawRecord(doc_id, row["raw_text"], row["format"], row.get("url")) for doc_id, row in rows.items()
    ]
    failures: dict[str, str] = {}
    batch_fingerprints: list[set[str]] = []  # each text document's, computed once for both uses below
    for result in map_chunks(chunked(records, CHUNK_DOCS, CHUNK_CHARS), fingerprint_records, workers=workers):
        if isinstance(result, DocumentFailure):
            failures[result.doc_id] = result.reason
        else:
            batch_fingerprints.append(result[1])
    recurring = recurring_among(
        batch_fingerprints, earlier=earlier_block_counts(con, source, set().union(*batch_fingerprints))
    )

    progress = StageProgress("clean", source, total=len(records), unit="documents")
    todo = chunked((r for r in records if r.doc_id not in failures), CHUNK_DOCS, CHUNK_CHARS)
    signed: list[CleanedRecord] = []
    for result in map_chunks(todo, partial(clean_records, recurring=recurring), workers=workers):
        if isinstance(result, DocumentFailure):
            failures[result.doc_id] = result.reason
        else:
            signed.append(result)
        progress.advance()
    progress.update(len(records))  # with the records whose fingerprints failed
    progress.finish()
    summary.quarantined = withhold_documents(con, failures, "clean", run_id, now)
    index = NearDuplicateIndex()
    for doc_id, signature in near_duplicate_candidates(con, {band for done in signed for band in done.bands}):
        index.add(doc_id, signature)

    documents, blocks, comments, signature_rows, band_rows, fingerprint_rows = [], [], [], [], [], []
    for doc_id, cleaned, signature, bands, fingerprints in signed:
        near_duplicate_of = index.add(doc_id, signature)
        documents.append(document_row(rows[doc_id], cleaned, near_duplicate_of, run_id, now))
        blocks.extend(block_rows(doc_id, cleaned, run_id))
        comments.extend(comment_rows(doc_id, cleaned, run_id))
        signature_rows.append(
            {"doc_id": doc_id, "source": source, "minhash": [int(v) for v in signature], "run_id": run_id}
        )
        if not is_empty_signature(signature):
            band_rows.extend({"band": band, "doc_id": doc_id, "run_id": run_id} for band in bands)
        fingerprint_rows.extend(
            {"source": source, "fingerprint": fingerprint, "doc_id": doc_id, "run_id": run_id}
            for fingerprint in fingerprints
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
