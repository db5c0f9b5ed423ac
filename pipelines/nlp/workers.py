"""NLP on every core: worker processes that load the model once and send back plain analyzed records.

spaCy's own `nlp.pipe(n_process=...)` pickles whole Doc objects back to the parent; these workers run the
whole analysis (entities, sentences, cleaning, naming) and return only the small AnalyzedDocument records.
Documents go out in chunks, a bounded window of chunks is in flight, and results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pipelines.nlp.records import AnalyzedDocument, BodySpan

if TYPE_CHECKING:
    from pipelines.nlp.analyzer import Analyzer

WORKERS_ENV = "NEWS_NLP_PROCESSES"
CHUNK_DOCS = 32  # documents per chunk sent to a worker ...
CHUNK_CHARS = 100_000  # ... or fewer, once their body texts reach this many characters (about 2 s of work)
MIN_POOL_CHUNKS = 3  # less work (about 5 s) stays in-process: starting workers costs about 2 s
CHUNKS_PER_WORKER = 2  # chunks in flight per worker: one being analyzed, one waiting

Document = tuple[str, str, Sequence[BodySpan]]
T = TypeVar("T")
R = TypeVar("R")


class DocumentFailure(NamedTuple):
    """A document whose analysis raised: plain values, so it crosses from a worker like a result."""

    doc_id: str
    reason: str  # exception type and message

    @classmethod
    def of(cls, doc_id: str, error: BaseException) -> DocumentFailure:
        message = str(error).strip()
        return cls(doc_id, f"{type(error).__name__}: {message}" if message else type(error).__name__)


class NlpWorkerError(RuntimeError):
    """A worker process died (killed, out of memory, crashed in native code); the run stops with this."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), not the machine's total."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_from_env(environ: Mapping[str, str] | None = None) -> int:
    """NEWS_NLP_PROCESSES if set (a positive integer), else every usable core."""
    value = (os.environ if environ is None else environ).get(WORKERS_ENV, "").strip()
    if not value:
        return usable_cores()
    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if workers < 1:
        raise ValueError(
            f"{WORKERS_ENV}={value!r}: expected a positive whole number of NLP worker processes "
            f"(unset it to use every core, {usable_cores()} here)"
        )
    return workers


def chunked(docs: Iterable[Document], max_docs: int, max_chars: int) -> Iterator[list[Document]]:
    """Consecutive documents grouped up to max_docs, or until their texts reach max_chars."""
    chunk: list[Document] = []
    chars = 0
    for doc in docs:
        chunk.append(doc)
        chars += len(doc[1])
        if len(chunk) >= max_docs or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


_worker_analyzer: Analyzer | None = None


def _start_worker(model_name: str, batch_size: int) -> None:
    """Pool initializer: load the model once per worker process."""
    global _worker_analyzer
    from pipelines.nlp.analyzer import Analyzer

    _worker_analyzer = Analyzer(model_name, batch_size=batch_size, n_process=1)


def _analyze_chunk(chunk: list[Document]) -> list[AnalyzedDocument]:
    """One chunk in a worker: the same analysis as in-process, only records go back."""
    assert _worker_analyzer is not None, "worker used before its initializer ran"
    return list(_worker_analyzer.analyze(chunk))


def _analyze_chunk_isolated(chunk: list[Document]) -> list[AnalyzedDocument | DocumentFailure]:
    """One chunk in a worker, a failing document coming back as a DocumentFailure (see analyze_isolated)."""
    assert _worker_analyzer is not None, "worker used before its initializer ran"
    return list(_worker_analyzer.analyze_isolated(chunk))


def run_pool(
    chunks: Iterable[T],
    task: Callable[[T], list[R]],
    *,
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    in_flight: int | None = None,
    preload: Sequence[str] = (),
) -> Iterator[R]:
    """task(chunk) for every chunk in worker processes, results flattened in chunk order, streaming.

    At most `in_flight` chunks are submitted and not yet consumed, so memory stays bounded however long
    the input. Workers start with forkserver (spawn where there is none): no copy of the parent's state,
    no fork of its threads; `preload` modules are imported once by the fork server. As with any
    multiprocessing, the main module is imported again in the workers, so a script needs its main guard.
    A dead worker raises NlpWorkerError instead of hanging the run.
    """
    window = in_flight or workers * CHUNKS_PER_WORKER
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # the fork server (started once per process) imports spaCy once; each worker is forked from it
        context.set_forkserver_preload(["__main__", *preload])
    else:
        context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=initializer,
        initargs=initargs,
    )
    pending: deque[Future[list[R]]] = deque()
    source = iter(chunks)
    try:
        while True:
            while len(pending) < window and (chunk := next(source, None)) is not None:
                pending.append(pool.submit(task, chunk))
            if not pending:
                break
            try:
                results = pending.popleft().result()
            except BrokenProcessPool as error:
                raise NlpWorkerError(
                    f"an NLP worker process died ({error}); it may have run out of memory or been killed. "
                    f"Set {WORKERS_ENV}=1 to analyze in the run's own process."
                ) from error
            yield from results
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def analyze_in_workers(
    chunks: Iterable[list[Document]],
    *,
    model_name: str,
    batch_size: int,
    workers: int,
    isolated: bool = False,
) -> Iterator[AnalyzedDocument | DocumentFailure]:
    """Every chunk's documents analyzed by `workers` processes, in input order, streaming; isolated, a
    document whose analysis raises comes back as a DocumentFailure instead of stopping the others."""
    yield from run_pool(
        chunks,
        _analyze_chunk_isolated if isolated else _analyze_chunk,
        workers=workers,
        initializer=_start_worker,
        initargs=(model_name, batch_size),
        preload=("pipelines.nlp.analyzer",),
    )
