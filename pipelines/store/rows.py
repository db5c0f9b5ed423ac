"""Table rows from the plain packages' records: the one place that knows both shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pipelines.clean.records import CleanDocument
from pipelines.ingest.records import RawRecord, RejectedRecord
from pipelines.nlp.records import AnalyzedDocument

Row = dict[str, Any]


def raw_document_row(record: RawRecord, run_id: str, now: datetime) -> Row:
    return {
        "raw_id": record.raw_id,
        "doc_id": record.doc_id,
        "source": record.source,
        "path": record.path,
        "record": record.record,
        "format": record.format,
        "content_hash": record.content_hash,
        "encoding": record.encoding,
        "byte_size": record.byte_size,
        "raw_text": record.text,
        "url": record.url,
        "title": record.title,
        "authors": list(record.authors) or None,
        "published_date": record.published,
        "ingested_at": now,
        "run_id": run_id,
    }


def ingest_error_row(rejected: RejectedRecord, run_id: str, now: datetime) -> Row:
    return {
        "error_id": rejected.error_id,
        "doc_id": None,
        "source": rejected.source,
        "path": rejected.path,
        "record": rejected.record,
        "content_hash": rejected.content_hash,
        "reason": rejected.reason,
        "head_hex": rejected.head_hex,
        "byte_size": rejected.byte_size,
        "seen_at": now,
        "run_id": run_id,
    }


EXCERPT_CHARS = 200  # of the raw text kept in a quarantine row: enough to see what the record is


def error_reason(error: BaseException) -> str:
    """An exception as a quarantine reason: its type, then its message."""
    message = str(error).strip()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def quarantine_row(
    raw: Row, stage: str, error: BaseException | str, run_id: str, now: datetime, version: str
) -> Row:
    """A raw record withheld because `stage` raised on its document or its rows failed an expectation
    (error: the exception, or the reason as written where it was found, e.g. in an NLP worker)."""
    return {
        "raw_id": raw["raw_id"],
        "doc_id": raw["doc_id"],
        "source": raw["source"],
        "path": raw["path"],
        "record": raw.get("record"),
        "stage": stage,
        "reason": error if isinstance(error, str) else error_reason(error),
        "excerpt": (raw.get("raw_text") or "")[:EXCERPT_CHARS],
        "run_id": run_id,
        "quarantined_at": now,
        "code_version": version,
    }


def document_fields(cleaned: CleanDocument) -> Row:
    """The documents columns the cleaner decides, taken where the document was cleaned (a worker process),
    so that its blocks need not cross back as objects."""
    return {
        "title": cleaned.title,
        "authors": list(cleaned.authors),
        "dateline": cleaned.dateline,
        "published_date": cleaned.published_date,
        "url": cleaned.url,
        "body_text": cleaned.body_text,
        "word_count": len(cleaned.body_text.split()),
        "block_count": len(cleaned.blocks),
        "comment_count": len(cleaned.comments),
        "extracted_text": cleaned.source_text,
        "extraction": cleaned.extraction,
    }


def document_row(raw: Row, fields: Row, near_duplicate_of: str | None, run_id: str, now: datetime) -> Row:
    """A documents row from its raw record's row and the document_fields of its cleaning. Metadata the
    record itself stated (JSON Lines, WARC, HTML head) wins over what the cleaner inferred."""
    return {
        **fields,
        "doc_id": raw["doc_id"],
        "raw_id": raw["raw_id"],
        "source": raw["source"],
        "title": raw.get("title") or fields["title"],
        "authors": list(raw.get("authors") or fields["authors"]),
        "published_date": raw.get("published_date") or fields["published_date"],
        "url": raw.get("url") or fields["url"],
        "near_duplicate_of": near_duplicate_of,
        "ingested_at": now,
        "run_id": run_id,
    }


def block_rows(doc_id: str, cleaned: CleanDocument, run_id: str) -> list[Row]:
    return [
        {
            "doc_id": doc_id,
            "block_index": block.index,
            "kind": block.kind,
            "kept": block.kept,
            "reason": block.reason,
            "score": block.score,
            "text": block.text,
            "raw_start": block.raw_start,
            "raw_end": block.raw_end,
            "body_start": block.body_start,
            "body_end": block.body_end,
            "run_id": run_id,
        }
        for block in cleaned.blocks
    ]


def comment_rows(doc_id: str, cleaned: CleanDocument, run_id: str) -> list[Row]:
    return [
        {
            "doc_id": doc_id,
            "comment_index": comment.index,
            "author": comment.author,
            "text": comment.text,
            "block_index": comment.block_index,
            "run_id": run_id,
        }
        for comment in cleaned.comments
    ]


def sentence_rows(analyzed: AnalyzedDocument, run_id: str) -> list[Row]:
    return [
        {
            "doc_id": analyzed.doc_id,
            "sentence_index": sentence.index,
            "start_char": sentence.start_char,
            "end_char": sentence.end_char,
            "text": sentence.text,
            "block_index": sentence.block_index,
            "is_heading": sentence.is_heading,
            "is_duplicate": False,
            "run_id": run_id,
        }
        for sentence in analyzed.sentences
    ]


def mention_rows(analyzed: AnalyzedDocument, run_id: str) -> list[Row]:
    return [
        {
            "doc_id": analyzed.doc_id,
            "mention_index": mention.index,
            "sentence_index": mention.sentence_index,
            "start_char": mention.start_char,
            "end_char": mention.end_char,
            "text": mention.text,
            "label": mention.label,
            "name": mention.name,
            "entity_id": None,
            "run_id": run_id,
        }
        for mention in analyzed.mentions
    ]
