"""NLP on every core: worker processes give the same records as one process, in order, and fail loudly."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from itertools import count, islice
from pathlib import Path

import pytest

import pipelines.nlp.analyzer as analyzer_module
from pipelines.nlp import Analyzer, body_spans
from pipelines.nlp.workers import NlpWorkerError, chunked, run_pool, usable_cores, workers_from_env

REPO = Path(__file__).resolve().parents[2]


def sample_docs() -> list[tuple[str, str, list]]:
    """The bundled plain-text dumps of raw/, as (doc_id, text, paragraph spans)."""
    paths = sorted(p for p in (REPO / "raw").rglob("*.txt") if p.is_file())
    texts = [(p.name, p.read_text(encoding="utf-8").replace("\r\n", "\n")) for p in paths]
    return [(name, text, body_spans(text)) for name, text in texts]


def test_two_workers_give_the_same_records_as_one_process(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = sample_docs()
    assert len(docs) >= 6
    calls = []
    real = analyzer_module.analyze_in_workers

    def counted(*args: object, **kwargs: object) -> Iterator[object]:
        calls.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(analyzer_module, "analyze_in_workers", counted)
    single = list(Analyzer(n_process=1).analyze(docs))
    pooled = list(Analyzer(n_process=2, chunk_docs=2).analyze(docs))
    assert calls == [2]  # the pool really ran
    assert [d.doc_id for d in pooled] == [d for d, _, _ in docs]
    assert pooled == single
    assert sum(len(d.mentions) for d in pooled) > 20


def test_little_work_stays_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one chunk of work")

    monkeypatch.setattr(analyzer_module, "analyze_in_workers", no_pool)
    docs = sample_docs()[:3]
    (first, *_) = Analyzer(n_process=2, chunk_docs=10).analyze(docs)
    assert first.doc_id == docs[0][0]


def test_worker_count_from_the_environment() -> None:
    assert workers_from_env({}) == usable_cores() == len(os.sched_getaffinity(0))
    assert workers_from_env({"NEWS_NLP_PROCESSES": " 3 "}) == 3
    for bad in ("0", "-2", "two", "1.5"):
        with pytest.raises(ValueError, match="NEWS_NLP_PROCESSES"):
            workers_from_env({"NEWS_NLP_PROCESSES": bad})
    with pytest.raises(ValueError, match="NEWS_NLP_PROCESSES"):
        Analyzer(n_process=0)


def test_chunks_close_on_documents_or_characters() -> None:
    docs = [(str(i), "x" * size, []) for i, size in enumerate([5, 5, 20, 1, 1, 1])]
    sizes = [[d for d, _, _ in chunk] for chunk in chunked(docs, max_docs=3, max_chars=10)]
    assert sizes == [["0", "1"], ["2"], ["3", "4", "5"]]


def _double(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def _die(chunk: list[int]) -> list[int]:
    if chunk[0] >= 4:
        os._exit(9)  # as the kernel's OOM killer would end it: no exception, no cleanup
    return chunk


def test_pool_keeps_order_and_a_bounded_window() -> None:
    pulled = []

    def endless() -> Iterator[list[int]]:
        for i in count():
            pulled.append(i)
            yield [i, i]

    results = run_pool(endless(), _double, workers=2, in_flight=3)
    assert list(islice(results, 10)) == [0, 0, 2, 2, 4, 4, 6, 6, 8, 8]
    assert len(pulled) <= 5 + 3 + 1  # consumed chunks plus the window, not the endless input
    results.close()  # stopping early shuts the pool down


def test_a_dead_worker_is_an_error_not_a_hang() -> None:
    started = time.monotonic()
    with pytest.raises(NlpWorkerError, match="NLP worker process died"):
        list(run_pool(([i] for i in range(50)), _die, workers=2))
    assert time.monotonic() - started < 60
