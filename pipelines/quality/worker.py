"""Runs in the check worker, a one-process pool (see worker_client): GX's imports and suites cost seconds of
CPU, paid there at lower priority on another core, and validation does not hold the pipeline's GIL."""

from __future__ import annotations

import os
from contextlib import suppress

from pipelines.pool import exit_with
from pipelines.quality.config import QualityConfig
from pipelines.quality.gx_suites import FRAMES, validation_definition

WORKER_NICENESS = 10  # the pipeline's own threads come first; the worker uses what CPU they leave


def start(config: QualityConfig | None, owner: int) -> None:
    """The pool's initializer: exit with the run (the owner process), lower the worker's priority, then
    warm up for config when there is one."""
    exit_with(owner)
    os.nice(WORKER_NICENESS)
    if config is not None:
        with suppress(Exception):  # not fatal: the first check that needs it fails alike, with its traceback
            warm_up(config)


def warm_up(config: QualityConfig) -> None:
    """Import GX and register every frame's suite, so a run's first check pays no one-time cost."""
    for frames in FRAMES.values():
        for frame in frames:
            validation_definition(frame, config)
