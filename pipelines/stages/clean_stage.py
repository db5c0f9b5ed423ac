"""Stage 2: turn this run's new raw records into documents, blocks and comments.

A document whose cleaning raises is quarantined (pipelines/store/quarantine.py); the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

import duckdb

from pipelines.clean import distinct_fingerprints, recurring_among
from pipelines.ingest import NearDuplicateIndex, is_empty_signature
from pipelines.pool import DocumentFailure, chunked, map_chunks
from pipelines.progress import StageProgress
from pipelines.stages.clean_work import RawRecord, clean_records, fingerprint_records
from pipelines.store.lake import current_snapshot
from pipelines.store.quarantine import withhold_documents
from pipelines.store.reads import earlier_block_counts, near_duplicate_candidates, raw_documents_to_clean
from pipelines.store.rows import Row, document_row
from pipelines.store.writes import insert_rows, insert_table

# Documents per chunk sent to a worker, or fewer once their raw texts reach CHUNK_CHARS: about 0.2 s of
# cleaning. Cleaning goes some 50 times faster than NLP per character, and with the NLP's chunks
# (pool.CHUNK_CHARS) the hand-over of each took about as long as its work (1,800 dumps on 2 cores: 10.4 s
# for the step with 100,000-character chunks, 8.9 s with these).
CHUNK_DOCS = 256
CHUNK_CHARS = 1_000_000


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
    # each text document's line fingerprints, computed once: what recurs, what earlier runs saw, what the
    # classifier tests for recurring, and what is stored
    fingerprints: dict[str, tuple[str, ...]] = {}
    distinct: list[set[str]] = []
    for result in map_chunks(chunked(records, CHUNK_DOCS, CHUNK_CHARS), fingerprint_records, workers=workers):
        if isinstance(result, DocumentFailure):
            failures[result.doc_id] = result.reason
        else:
            fingerprints[result[0]] = result[1]
            distinct.append(distinct_fingerprints(result[1]))
    recurring = recurring_among(distinct, earlier=earlier_block_counts(con, source, set().union(*distinct)))

    progress = StageProgress("clean", source, total=len(records), unit="documents")
    todo = chunked(
        (r._replace(fingerprints=fingerprints.get(r.doc_id)) for r in records if r.doc_id not in failures),
        CHUNK_DOCS,
        CHUNK_CHARS,
    )
    signed: list[tuple[Row, list[int], list[str]]] = []  # document rows, completed by near-duplicates below
    work = partial(clean_records, recurring=recurring, source=source, run_id=run_id)
    for chunk in map_chunks(todo, work, workers=workers):
        for table, table_rows in chunk.tables.items():  # written while the workers clean the next chunks
            insert_table(con, table, table_rows)
        for result in chunk.documents:
            progress.advance()
            if isinstance(result, DocumentFailure):
                failures[result.doc_id] = result.reason
                continue
            summary.blocks += result.document["block_count"]
            summary.blocks_removed += result.blocks_removed
            summary.comments += result.document["comment_count"]
            document = document_row(rows[result.doc_id], result.document, None, run_id, now)
            signed.append((document, result.signature, result.bands))
    progress.update(len(records))  # with the records whose fingerprints failed
    progress.finish()
    summary.quarantined = withhold_documents(con, failures, "clean", run_id, now)
    # bands and signatures are written after this lookup, so that it finds earlier documents only; what
    # is published after it is looked at again before publication (link_near_duplicates_published_meanwhile)
    insert_rows(con, "near_duplicate_basis", [{"snapshot_id": current_snapshot(con)}])
    index = NearDuplicateIndex()
    for doc_id, signature in near_duplicate_candidates(con, {band for *_, bands in signed for band in bands}):
        index.add(doc_id, signature)

    documents, signature_rows, band_rows = [], [], []
    for document, signature, bands in signed:
        doc_id = document["doc_id"]
        near_duplicate_of = document["near_duplicate_of"] = index.add(doc_id, signature)
        documents.append(document)
        signature_rows.append(
            {"doc_id": doc_id, "source": source, "minhash": [int(v) for v in signature], "run_id": run_id}
        )
        if not is_empty_signature(signature):
            band_rows.extend({"band": band, "doc_id": doc_id, "run_id": run_id} for band in bands)
        summary.near_duplicates += near_duplicate_of is not None
    insert_rows(con, "documents", documents)
    insert_rows(con, "document_signatures", signature_rows)
    insert_rows(con, "document_bands", band_rows)
    summary.documents = len(documents)
    return summary
