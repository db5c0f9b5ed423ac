"""The check worker: a separate Python process that owns Great Expectations during a pipeline run.

Importing GX and building its suites costs seconds of CPU. Here that runs on another core while the
pipeline ingests and analyzes, and validation does not hold the pipeline's GIL. Requests and replies
are pickled over stdin and the original stdout; see worker_client for the other end.
Run as `python -m pipelines.quality.worker`.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO

from pipelines.quality.config import QualityConfig
from pipelines.quality.data_docs import build_run_data_docs
from pipelines.quality.gx_suites import FRAMES, validation_definition
from pipelines.quality.gx_validate import validate_frames

WORKER_NICENESS = 10  # the pipeline's own threads come first; the worker uses what CPU they leave


def warm_up(config: QualityConfig) -> None:
    """Import GX and register every frame's suite, so a run's first check pays no one-time cost."""
    for frames in FRAMES.values():
        for frame in frames:
            validation_definition(frame, config)


HANDLERS: dict[str, Callable[..., Any]] = {
    "warm_up": warm_up,
    "validate": validate_frames,
    "run_data_docs": build_run_data_docs,
}


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """Answer (kind, args) requests in order with ("ok", value) or ("error", traceback) until EOF."""
    while True:
        try:
            kind, args = pickle.load(requests)
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", HANDLERS[kind](*args))
        except Exception:  # the client raises it in the step that asked, with this traceback
            reply = ("error", traceback.format_exc())
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()


def main() -> None:
    os.nice(WORKER_NICENESS)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the replies
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
