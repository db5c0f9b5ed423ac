"""Stage 3: sentences and entity mentions for this run's new documents, streamed in batches.

A document whose analysis raises is quarantined with all its staged rows; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from pipelines.nlp import Analyzer
from pipelines.nlp.records import BodySpan
from pipelines.pool import DocumentFailure
from pipelines.progress import StageProgress
from pipelines.store.database import run_statements, statement
from pipelines.store.quarantine import withhold_documents
from pipelines.store.reads import documents_to_analyze
from pipelines.store.rows import mention_rows, sentence_rows
from pipelines.store.writes import StreamedRows

FLUSH_EVERY = 200


@dataclass
class NlpSummary:
    documents: int = 0
    sentences: int = 0
    mentions: int = 0
    duplicate_sentences: int = 0
    quarantined: int = 0  # raw records withheld because the analysis raised on their document


def analyze_source(
    con: duckdb.DuckDBPyConnection,
    source: str,
    run_id: str,
    load_analyzer: Callable[[], Analyzer],
    now: datetime | None = None,
) -> NlpSummary:
    """Analyze a source's new documents and flag sentences the source repeated within a week.

    The model is only loaded when there is something to analyze, so a rerun with no new file stays cheap.
    """
    summary = NlpSummary()
    (pending,) = con.execute(statement("source_run_documents"), [source, run_id]).fetchone()
    if pending == 0:
        return summary
    analyzer = load_analyzer()
    docs = (
        (doc_id, body_text, [BodySpan(**span) for span in spans])
        for doc_id, body_text, spans in documents_to_analyze(con, source, run_id)
    )
    streamed = StreamedRows(con, flush_every=FLUSH_EVERY)
    progress = StageProgress("nlp", source, total=pending, unit="documents")
    failures: dict[str, str] = {}
    for analyzed in analyzer.analyze_isolated(docs):
        progress.advance()
        if isinstance(analyzed, DocumentFailure):
            failures[analyzed.doc_id] = analyzed.reason
            continue
        summary.documents += 1
        streamed.add("sentences", sentence_rows(analyzed, run_id))
        streamed.add("entity_mentions", mention_rows(analyzed, run_id))
        streamed.document_done()
    streamed.flush()
    summary.sentences = streamed.written["sentences"]
    summary.mentions = streamed.written["entity_mentions"]
    progress.finish()
    when = now or datetime.now(UTC).replace(tzinfo=None)
    summary.quarantined = withhold_documents(con, failures, "nlp", run_id, when)
    run_statements(con, "mark_duplicate_sentences", [source, run_id])
    (summary.duplicate_sentences,) = con.execute(
        statement("source_duplicate_sentences"), [source, run_id]
    ).fetchone()
    return summary
