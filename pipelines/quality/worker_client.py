"""CheckWorker: the pipeline's handle on the check worker, a one-process pool started at once, so GX loads
while the run works; each call returns a Future, so a check runs its SQL rules while GX validates."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pipelines.pool import stop_at_exit
from pipelines.quality import worker
from pipelines.quality.config import QualityConfig
from pipelines.quality.data_docs import build_run_data_docs
from pipelines.quality.gx_validate import validate_frames

if TYPE_CHECKING:
    import pandas as pd

    from pipelines.quality.check import GxVerdict

T = TypeVar("T")
REAP_SECONDS = 5.0  # a dead worker's exit code is due within this
CLOSE_SECONDS = 30.0  # close() waits this long for the worker to finish what it was asked, then kills it


class CheckWorkerError(RuntimeError):
    """The check worker failed a request (the message carries its traceback) or is not running."""


class CheckWorker:
    """One worker process, started at once (warmed up, given a config); safe to share between threads."""

    def __init__(self, config: QualityConfig | None = None) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),  # fork would copy DuckDB's and Dagster's threads
            initializer=worker.start,
            initargs=(config, os.getpid()),
        )
        self._closed = False
        self._pool.submit(os.getpid)  # its process starts at the first submit: now, not at the first check
        # the pool has no public handle on its process; this one gives its pid and exit code
        (self._process,) = self._pool._processes.values()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return not self._closed and self._process.is_alive()

    def warm_up(self, config: QualityConfig) -> Future[None]:
        return self._call(worker.warm_up, config)

    def validate(
        self,
        table: str,
        frames: dict[str, pd.DataFrame],
        run_id: str,
        config: QualityConfig,
        data_docs_dir: Path | None,
    ) -> Future[GxVerdict]:
        return self._call(validate_frames, table, frames, run_id, config, data_docs_dir)

    def run_data_docs(self, data_docs_dir: Path, run_id: str) -> Future[Path]:
        return self._call(build_run_data_docs, data_docs_dir, run_id)

    def release(self) -> None:
        """Take no more requests, and let the worker end by itself once it has done what it was asked: its
        exit (about 0.5 s, GX loaded) then overlaps what this process does next instead of delaying its own
        exit. close() at exit then finds it gone."""
        self._closed = True
        self._pool.shutdown(wait=False)

    def close(self) -> None:
        """Let the worker finish what it was asked, then stop it."""
        self.release()
        self._process.join(timeout=CLOSE_SECONDS)
        if self._process.is_alive():
            self._process.kill()
        self._pool.shutdown(wait=True)

    def _call(self, function: Callable[..., T], *args: object) -> Future[T]:
        """function(*args) in the worker; its future fails with CheckWorkerError, never anything else."""
        relayed: Future[T] = Future()
        try:
            submitted = self._pool.submit(function, *args)
        except RuntimeError:  # BrokenProcessPool, or submitted after close()
            relayed.set_exception(self._not_running())
        else:
            submitted.add_done_callback(partial(self._relay, relayed))
        return relayed

    def _relay(self, relayed: Future[T], submitted: Future[T]) -> None:
        if submitted.cancelled():
            relayed.cancel()
        elif isinstance(error := submitted.exception(), BrokenProcessPool):
            relayed.set_exception(self._not_running())
        elif error is not None:
            # the pool chains the worker's traceback, as text, to the exception it raises here
            remote = str(error.__cause__ or "").strip().removeprefix('"""').removesuffix('"""').strip()
            message = f"the check worker failed: {type(error).__name__}: {error}\n{remote}"
            relayed.set_exception(CheckWorkerError(message))
        else:
            relayed.set_result(submitted.result())

    def _not_running(self) -> CheckWorkerError:
        """Why the worker takes no more requests: closed, or how it ended (it is known to be gone)."""
        if self._closed:
            return CheckWorkerError(f"the check worker (pid {self.pid}) is not running (closed)")
        deadline = time.monotonic() + REAP_SECONDS  # the pool reaps it; its exit code shows up here then
        while (code := self._process.exitcode) is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if code is not None and code < 0:
            how = f"killed by signal {-code} ({signal.strsignal(-code)}), perhaps for lack of memory"
        elif code == 0:
            how = "its start-up failed; the traceback is on stderr"
        else:
            how = "it crashed; its last words are on stderr"
        return CheckWorkerError(f"the check worker (pid {self.pid}) is not running (exit code {code}): {how}")


_shared: CheckWorker | None = None
_shared_lock = threading.Lock()


def release_shared_check_worker() -> None:
    """This process is done with its checks (make run, after its batches): see CheckWorker.release. A later
    shared_check_worker starts a new one."""
    with _shared_lock:
        if _shared is not None:
            _shared.release()


def shared_check_worker(config: QualityConfig) -> CheckWorker:
    """This process's check worker, started and warmed up with config on first use or after it died, and
    stopped when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.alive:
            _shared = CheckWorker(config)
            stop_at_exit(_shared.close)
    return _shared
