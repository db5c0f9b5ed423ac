"""Processes as the tests of worker pools see them."""

import time
from collections.abc import Iterable


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def gone_within(pids: Iterable[int], seconds: float) -> bool:
    """Whether every one of the processes has ended within this many seconds."""
    pids = list(pids)
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def models_loaded() -> int:
    """How many spaCy models this process holds loaded (in a worker: those it started with)."""
    from pipelines.nlp.analyzer import load_ner

    return load_ner.cache_info().currsize
