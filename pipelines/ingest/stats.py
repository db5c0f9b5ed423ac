"""What a read left out on purpose (WARC requests, non-HTML responses, hidden files), counted per file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipelines.ingest.records import printable_name


@dataclass(frozen=True)
class SkippedRecords:
    """How many records of one file were skipped for one reason; not errors, but worth showing."""

    source: str
    path: str
    count: int
    why: str  # e.g. "request record", "response not HTML (image/png)", "hidden file"


@dataclass
class ReadStats:
    """Filled by read_source as it goes: pass one in to learn what was skipped and how much was read."""

    files: int = 0
    records: int = 0
    rejected: int = 0
    bytes_read: int = 0
    _skipped: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def skip(self, source: str, path: str, why: str, count: int = 1) -> None:
        self._skipped[(source, printable_name(path), printable_name(why))] += count

    @property
    def skipped(self) -> list[SkippedRecords]:
        """One entry per (file, reason), in the order first seen."""
        return [
            SkippedRecords(source, path, count, why) for (source, path, why), count in self._skipped.items()
        ]

    @property
    def skipped_total(self) -> int:
        return sum(self._skipped.values())
