"""Every core for a run: one pool of worker processes per process, shared by the stages that spread their
documents over cores (cleaning, NLP) and by the batches a process runs one after another, so that workers
start once per process, not once per stage and batch (about 1 to 2.5 s each time on 2 cores).

Documents go out in chunks, a bounded window of chunks is in flight, and results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import NamedTuple, TypeVar

WORKERS_ENV = "NEWS_NLP_PROCESSES"  # named when NLP alone had workers; it sets the cleaning's too
CHUNK_DOCS = 32  # documents per chunk sent to a worker ...
# ... or fewer, once their texts reach this many characters: about 1 s of NLP. At the end of a stage one core
# idles while the other finishes its last chunk; the NLP of 1,800 dumps on 2 cores took 2 s less with this
# than with 100,000 (46.4 s -> 44.5 s), and no longer on one core
CHUNK_CHARS = 50_000
MIN_POOL_CHUNKS = 3  # less work stays in-process: starting workers costs about 2 s
CHUNKS_PER_WORKER = 2  # chunks in flight per worker: one being worked on, one waiting
# imported once by the fork server, so that each worker starts with them loaded: spaCy and the run's model
# (about 1 s; the analyzer imports spaCy only where it loads the model: the run's own process need not)
PRELOAD = ("pipelines.nlp.preload", "pipelines.stages.clean_work")

T = TypeVar("T")
R = TypeVar("R")
Document = TypeVar("Document", bound=Sequence)


class DocumentFailure(NamedTuple):
    """A document whose work raised: plain values, so it crosses from a worker like a result."""

    doc_id: str
    reason: str  # exception type and message

    @classmethod
    def of(cls, doc_id: str, error: BaseException) -> DocumentFailure:
        message = str(error).strip()
        return cls(doc_id, f"{type(error).__name__}: {message}" if message else type(error).__name__)


class WorkerProcessError(RuntimeError):
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
            f"{WORKERS_ENV}={value!r}: expected a positive whole number of worker processes "
            f"(unset it to use every core, {usable_cores()} here)"
        )
    return workers


def chunked(docs: Iterable[Document], max_docs: int, max_chars: int) -> Iterator[list[Document]]:
    """Consecutive documents grouped up to max_docs, or until their texts (item 1) reach max_chars."""
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


OWNER_POLL_SECONDS = 1.0


def exit_with(owner: int) -> None:
    """In a worker (a pool's initializer): exit once the process that made the pool has ended, as after a
    kill -9 of the run. A pool worker waits on a queue whose pipe it holds both ends of, and a fork
    server's worker also keeps the fork server alive, so it would otherwise wait for ever, holding its
    memory (a spaCy model, Great Expectations)."""

    def watch() -> None:
        while _running(owner):
            time.sleep(OWNER_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-owner", daemon=True).start()


def _running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (dead, not yet reaped by its parent)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now holds the pid: ours has ended
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(") ", 1)[1][:1] != "Z"
    except OSError:  # no /proc (not Linux): the signal test above is all there is
        return True


STOP_PRIORITY = 20  # multiprocessing.util finalizers run highest first; its queues close theirs at 10


def stop_at_exit(stop: Callable[[], None]) -> None:
    """Call stop when this process exits, also when it is itself a multiprocessing child (a batch process):
    such a child never runs the interpreter's exit hooks, and at its end it joins its own children, so a
    pool left running there (its workers wait for work) would keep it from ending, for ever.

    It runs before the finalizers of multiprocessing's queues (priority 10): once those have closed a
    pool's call queue, its workers never get the word to stop, and shutting the pool down waits for ever."""
    multiprocessing.util.Finalize(None, stop, exitpriority=STOP_PRIORITY)


class _SharedPool:
    """The process's pool, created on first use and replaced when its size changes or a worker died."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._workers = 0
        stop_at_exit(self.shutdown)

    def get(self, workers: int) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is not None and self._workers != workers:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=workers, mp_context=_context(), initializer=exit_with, initargs=(os.getpid(),)
                )
                self._workers = workers
            return self._pool

    def discard(self, pool: ProcessPoolExecutor) -> None:
        """Forget a broken pool, so that the next stage starts fresh workers."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_SHARED = _SharedPool()


def _context() -> multiprocessing.context.BaseContext:
    """forkserver (spawn where there is none): no copy of the parent's state, no fork of its threads."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # read when the fork server starts (once per process). The main module is not among them: Python 3.11's
    # fork server ignores "__main__" there (it looks for a key the preparation data no longer has), so each
    # worker imports the main module itself when it starts (pipelines/run.py keeps its top-level imports
    # light for this). A script needs its main guard, as with any multiprocessing
    context.set_forkserver_preload(list(PRELOAD))
    return context


def warm_up(documents: int, workers: int) -> bool:
    """Start the workers now, when a stage will give them this many documents, so that their start (the
    fork server imports spaCy: about 2 s) overlaps the run's reading instead of delaying its cleaning.
    Returns whether it did (too little work for the pool, or one worker, starts nothing)."""
    if workers < 2 or documents < MIN_POOL_CHUNKS * CHUNK_DOCS:
        return False
    pool = _SHARED.get(workers)

    def start() -> None:  # a worker's start waits for the fork server's imports: not in the caller's time
        for _ in range(workers):
            pool.submit(os.getpid)

    threading.Thread(target=start, name="warm-up-workers", daemon=True).start()
    return True


def run_pool(
    chunks: Iterable[T], task: Callable[[T], list[R]], *, workers: int, in_flight: int | None = None
) -> Iterator[R]:
    """task(chunk) for every chunk in the process's worker pool, results flattened in chunk order, streaming.

    At most `in_flight` chunks are submitted and not yet consumed, so memory stays bounded however long
    the input. A dead worker raises WorkerProcessError instead of hanging the run. `task` must be
    importable by the workers: a module-level function, or a functools.partial of one.
    """
    window = in_flight or workers * CHUNKS_PER_WORKER
    pool = _SHARED.get(workers)
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
                _SHARED.discard(pool)
                raise WorkerProcessError(
                    f"a worker process died ({error}); it may have run out of memory or been killed. "
                    f"Set {WORKERS_ENV}=1 to work in the run's own process."
                ) from error
            yield from results
    finally:
        for future in pending:  # stopped early: what was not started is dropped, the workers stay
            future.cancel()


def map_chunks(
    chunks: Iterable[T],
    task: Callable[[T], list[R]],
    *,
    workers: int,
    here: Callable[[T], Iterable[R]] | None = None,
    min_chunks: int = MIN_POOL_CHUNKS,
) -> Iterator[R]:
    """task(chunk) for every chunk, in order: in the worker pool when there are workers and at least
    `min_chunks` chunks of work, else in this process (with `here`, when this process does it otherwise)."""
    local = here or task
    chunks = iter(chunks)
    if workers > 1:
        head = list(islice(chunks, min_chunks))
        if len(head) >= min_chunks:
            yield from run_pool(chain(head, chunks), task, workers=workers)
            return
        chunks = iter(head)
    for chunk in chunks:
        yield from local(chunk)
