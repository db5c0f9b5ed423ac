"""CheckWorker: the pipeline's handle on the check worker process (pipelines.quality.worker).

Requests are written at once and answered in order; each call returns a Future, so a check can send its
frames, run its SQL rules meanwhile, and then wait for the GX verdict.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.quality.config import QualityConfig

if TYPE_CHECKING:
    import pandas as pd

    from pipelines.quality.check import GxVerdict

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding `pipelines`
STDERR_LINES_KEPT = 40


class CheckWorkerError(RuntimeError):
    """The check worker failed a request or exited; the message carries its traceback or its last output."""


class CheckWorker:
    """One worker process; safe to share between threads."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.quality.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._lock = threading.Lock()
        self._waiting: deque[Future[Any]] = deque()
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES_KEPT)
        self._closed = False
        self._stderr_reader = threading.Thread(
            target=self._read_stderr, name="check-worker-stderr", daemon=True
        )
        self._stderr_reader.start()
        threading.Thread(target=self._read_replies, name="check-worker-replies", daemon=True).start()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return not self._closed and self._process.poll() is None

    def warm_up(self, config: QualityConfig) -> Future[None]:
        return self._call("warm_up", config)

    def validate(
        self,
        table: str,
        frames: dict[str, pd.DataFrame],
        run_id: str,
        config: QualityConfig,
        data_docs_dir: Path | None,
    ) -> Future[GxVerdict]:
        return self._call("validate", table, frames, run_id, config, data_docs_dir)

    def run_data_docs(self, data_docs_dir: Path, run_id: str) -> Future[Path]:
        return self._call("run_data_docs", data_docs_dir, run_id)

    def close(self) -> None:
        """Let the worker finish what it was asked, then stop it."""
        with self._lock:
            self._closed = True
            if self._process.stdin and not self._process.stdin.closed:
                self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _call(self, kind: str, *args: object) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if not self.alive:
                future.set_exception(self._exited())
                return future
            self._waiting.append(future)
            try:
                pickle.dump((kind, args), self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                self._waiting.remove(future)
                future.set_exception(self._exited())
        return future

    def _read_replies(self) -> None:
        replies = self._process.stdout
        while True:
            try:
                status, value = pickle.load(replies)
            except (EOFError, OSError, pickle.UnpicklingError):
                break
            with self._lock:
                future = self._waiting.popleft()
            if status == "ok":
                future.set_result(value)
            else:
                future.set_exception(CheckWorkerError(f"the check worker failed:\n{value}"))
        self._process.wait()
        self._stderr_reader.join(timeout=5)  # so the error below carries the worker's last words
        with self._lock:
            while self._waiting:
                self._waiting.popleft().set_exception(self._exited())

    def _read_stderr(self) -> None:
        for line in self._process.stderr:
            self._stderr.append(line.decode("utf-8", "replace").rstrip())

    def _exited(self) -> CheckWorkerError:
        try:  # called once the worker is known to be gone or closing: its exit code is due
            code: int | None = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        output = "\n".join(self._stderr) or "(no output)"
        return CheckWorkerError(
            f"the check worker is not running (exit code {code}); its last output:\n{output}"
        )


_shared: CheckWorker | None = None
_shared_lock = threading.Lock()


def shared_check_worker(config: QualityConfig) -> CheckWorker:
    """This process's check worker, started and warmed up with config on first use, stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.alive:
            _shared = CheckWorker()
            _shared.warm_up(config)
            atexit.register(_shared.close)
    return _shared
