"""Progress of long stage work: done out of total, rate and time left, logged at most every few seconds.

Lines go to the logger "pipelines.progress" (INFO), e.g.
`nlp world_desk: 1,200/3,000 documents (40%), 95/s, about 19s left`. `make run` shows them on stderr with
console_progress_handler(); Dagster can capture the logger into a run's event log. Work that finishes
within one interval logs nothing.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from types import TracebackType

LOGGER_NAME = "pipelines.progress"
INTERVAL_ENV = "NEWS_PROGRESS_SECONDS"
DEFAULT_INTERVAL = 5.0

logger = logging.getLogger(LOGGER_NAME)
if logger.level == logging.NOTSET:  # INFO lines reach the handlers attached to it whatever the root's level
    logger.setLevel(logging.INFO)


def progress_interval() -> float:
    """NEWS_PROGRESS_SECONDS (seconds between lines; 0 logs every step), else 5."""
    value = os.environ.get(INTERVAL_ENV, "").strip()
    if not value:
        return DEFAULT_INTERVAL
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also NaN
        logger.warning("%s=%r is not a number of seconds; using %g", INTERVAL_ENV, value, DEFAULT_INTERVAL)
        return DEFAULT_INTERVAL
    return seconds


def duration_text(seconds: float) -> str:
    """19s, 4m 05s, 2h 03m: short enough for a progress line."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"


def rate_text(per_second: float) -> str:
    """95/s, or 0.4/s for slow units such as large files."""
    return f"{per_second:,.0f}/s" if per_second >= 10 else f"{per_second:.1f}/s"


class StageProgress:
    """One stage's progress over one source; advance() as work is done, finish() at the end."""

    def __init__(
        self,
        stage: str,
        source: str,
        total: int | None,
        unit: str = "documents",
        *,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        log: logging.Logger | None = None,
    ) -> None:
        self.stage = stage
        self.source = source
        self.total = total
        self.unit = unit
        self.done = 0
        self.interval = progress_interval() if interval is None else interval
        self._clock = clock
        self._log = log or logger
        self._started = clock()
        self._last_line = self._started
        self._finished = False

    def advance(self, n: int = 1) -> None:
        """n more units done; logs a line when the interval has passed since the last one."""
        self.update(self.done + n)

    def update(self, done: int) -> None:
        """Set the units done so far (for counters kept elsewhere, such as a reader's file count)."""
        self.done = done
        now = self._clock()
        if now - self._last_line >= self.interval and not self._finished:
            self._last_line = now
            self._log.info(self.line(now))

    def finish(self) -> None:
        """The final line, only when the work took at least one interval (quick work stays silent)."""
        if self._finished:
            return
        self._finished = True
        now = self._clock()
        elapsed = now - self._started
        if elapsed < self.interval or elapsed <= 0:
            return
        rate = self.done / elapsed
        self._log.info(
            f"{self.stage} {self.source}: done, {self.done:,} {self.unit} in {duration_text(elapsed)} "
            f"({rate_text(rate)})"
        )

    def line(self, now: float) -> str:
        """`nlp world_desk: 1,200/3,000 documents (40%), 95/s, about 19s left`; no total, no ETA."""
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        head = f"{self.stage} {self.source}: "
        if not self.total:
            return f"{head}{self.done:,} {self.unit}, {rate_text(rate)}"
        share = min(100, 100 * self.done // self.total)
        text = f"{head}{self.done:,}/{self.total:,} {self.unit} ({share}%), {rate_text(rate)}"
        if rate > 0 and self.done < self.total:
            text += f", about {duration_text((self.total - self.done) / rate)} left"
        return text

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.finish()


def console_progress_handler() -> logging.Handler:
    """A stderr handler printing progress lines as they are (no level or logger name), for `make run`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler
