"""Stage 2: turn this run's new raw records into documents, blocks and comments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipelines.clean import clean_html, clean_text, recurring_fingerprints, split_blocks
from pipelines.clean.records import CleanDocument
from pipelines.ingest import NearDuplicateIndex, minhash_signature
from pipelines.store.reads import raw_documents_to_clean, signatures, source_block_history
from pipelines.store.rows import block_rows, comment_rows, document_row
from pipelines.store.writes import insert_rows


@dataclass
class CleanSummary:
    documents: int = 0
    blocks: int = 0
    blocks_removed: int = 0
    comments: int = 0
    near_duplicates: int = 0


def clean_raw_text(
    raw_format: str, raw_text: str, url: str | None, recurring: frozenset[str]
) -> CleanDocument:
    """Plain text goes to the block classifier directly; HTML through the extractor first."""
    if raw_format == "html":
        return clean_html(raw_text, url=url, recurring=recurring)
    return clean_text(raw_text, recurring=recurring)


def clean_source(con: duckdb.DuckDBPyConnection, source: str, run_id: str, now: datetime) -> CleanSummary:
    """Clean every new document of a source; blocks recurring across the source count as boilerplate."""
    summary = CleanSummary()
    todo = raw_documents_to_clean(con, source, run_id)
    if not todo:
        return summary
    batch_blocks = [
        [text for _, _, text in split_blocks(row["raw_text"])] for row in todo if row["format"] == "text"
    ]
    recurring = recurring_fingerprints(source_block_history(con, source) + batch_blocks)
    index = NearDuplicateIndex()
    for doc_id, signature in signatures(con):
        index.add(doc_id, signature)

    documents, blocks, comments, signature_rows = [], [], [], []
    for row in todo:
        cleaned = clean_raw_text(row["format"], row["raw_text"], row.get("url"), recurring)
        signature = minhash_signature(cleaned.body_text)
        near_duplicate_of = index.add(row["doc_id"], signature)
        documents.append(document_row(row, cleaned, near_duplicate_of, run_id, now))
        blocks.extend(block_rows(row["doc_id"], cleaned, run_id))
        comments.extend(comment_rows(row["doc_id"], cleaned, run_id))
        signature_rows.append(
            {
                "doc_id": row["doc_id"],
                "source": source,
                "minhash": [int(v) for v in signature],
                "run_id": run_id,
            }
        )
        summary.near_duplicates += near_duplicate_of is not None
    insert_rows(con, "documents", documents)
    insert_rows(con, "blocks", blocks)
    insert_rows(con, "comments", comments)
    insert_rows(con, "document_signatures", signature_rows)
    summary.documents = len(documents)
    summary.blocks = len(blocks)
    summary.blocks_removed = sum(1 for block in blocks if not block["kept"])
    summary.comments = len(comments)
    return summary
