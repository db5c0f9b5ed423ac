"""NLP in the process's worker pool (pipelines/pool.py): each worker starts with the run's model, which the
pool's fork server loaded (pipelines/nlp/preload.py; another model it loads at its first chunk), and sends
back only the small AnalyzedDocument records, where spaCy's own
`nlp.pipe(n_process=...)` would pickle whole Doc objects back to the parent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipelines.nlp.records import AnalyzedDocument, BodySpan
from pipelines.pool import DocumentFailure

if TYPE_CHECKING:
    from pipelines.nlp.analyzer import Analyzer

Document = tuple[str, str, Sequence[BodySpan]]

_analyzers: dict[tuple[str, int], Analyzer] = {}  # in a worker: the models it has loaded


def _worker_analyzer(model_name: str, batch_size: int) -> Analyzer:
    key = (model_name, batch_size)
    if key not in _analyzers:
        from pipelines.nlp.analyzer import Analyzer

        _analyzers[key] = Analyzer(model_name, batch_size=batch_size, n_process=1)
    return _analyzers[key]


def analyze_chunk(
    chunk: list[Document], *, model_name: str, batch_size: int, isolated: bool = False
) -> list[AnalyzedDocument | DocumentFailure]:
    """One chunk in a worker, the same analysis as in-process; isolated, a document whose analysis raises
    comes back as a DocumentFailure instead of failing the chunk."""
    analyzer = _worker_analyzer(model_name, batch_size)
    return list(analyzer.analyze_isolated(chunk) if isolated else analyzer.analyze(chunk))
