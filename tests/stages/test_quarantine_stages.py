"""Per-document isolation of the NLP analysis: a document that raises, in this process or in a worker,
comes out as a DocumentFailure in its place and the other documents are analyzed as usual."""

from __future__ import annotations

from pathlib import Path

from pipelines.nlp import Analyzer, body_spans
from pipelines.nlp.records import AnalyzedDocument, BodySpan
from pipelines.pool import DocumentFailure

REPO = Path(__file__).resolve().parents[2]


def docs_with_a_broken_one() -> list[tuple[str, str, list[BodySpan]]]:
    """The world_desk samples, the third with a span that makes sentence splitting raise a TypeError."""
    paths = sorted((REPO / "raw" / "world_desk").glob("*.txt"))[:4]
    docs = [(p.name, text, body_spans(text)) for p in paths for text in [p.read_text(encoding="utf-8")]]
    name, text, _ = docs[2]
    docs[2] = (name, text, [BodySpan(0, "start", None, False)])  # type: ignore[arg-type]
    return docs


def check(results: list[AnalyzedDocument | DocumentFailure], docs: list) -> None:
    assert [r.doc_id for r in results] == [doc_id for doc_id, _, _ in docs]  # in order, one each
    failures = [r for r in results if isinstance(r, DocumentFailure)]
    assert [f.doc_id for f in failures] == [docs[2][0]]
    assert failures[0].reason.startswith("TypeError")
    assert all(r.sentences for r in results if isinstance(r, AnalyzedDocument))


def test_a_failing_document_is_isolated_in_process(analyzer: Analyzer) -> None:
    docs = docs_with_a_broken_one()
    check(list(analyzer.analyze_isolated(docs)), docs)


def test_a_failing_document_is_isolated_in_a_worker() -> None:
    docs = docs_with_a_broken_one()
    workers = Analyzer(n_process=2, chunk_docs=1)  # one document per chunk: enough chunks for the pool
    check(list(workers.analyze_isolated(docs)), docs)
