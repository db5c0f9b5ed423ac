"""Lake commits that meet another writer's are tried again: of two at once, DuckLake refuses the second
(a TransactionException; on an SQLite catalog also 'database is locked' once its busy timeout is over)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import duckdb

ATTEMPTS = 8  # waits of 0.2 s doubling: about 50 s in all, longer than any publication of a batch
T = TypeVar("T")


def retry_commit(action: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run action (one whole transaction) until its commit goes through, with a growing random wait."""
    for attempt in range(attempts):
        try:
            return action()
        except duckdb.TransactionException:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * 2**attempt + random.random() * 0.2)
    raise AssertionError("unreachable")
