"""What a reader yields: a decoded record ready for cleaning, or a rejection with its reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def stable_id(*parts: str | None) -> str:
    """A short, stable key from the parts that identify a row (16 hex chars of SHA-256)."""
    joined = "\x1f".join("" if p is None else p for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class RawRecord:
    """One readable record: a whole file, or one member, line or WARC record of it."""

    source: str
    path: str  # relative to the project folder, e.g. "raw/world_desk/a.txt"
    record: str | None  # archive member, JSON Lines line number, WARC record id; None for a whole file
    format: str  # "text" or "html": which cleaner the text goes to
    content_hash: str  # SHA-256 hex of the record's raw bytes
    encoding: str  # e.g. "utf-8", "utf-16 (bom)", "cp1252 (detected)"
    byte_size: int
    text: str  # decoded, line ends normalised to "\n"
    url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    published: date | None = None

    @property
    def raw_id(self) -> str:
        return stable_id(self.source, self.path, self.record, self.content_hash)

    @property
    def doc_id(self) -> str:
        """Identical decoded text means the same document, whatever file or source it came in."""
        return stable_id(self.text)


@dataclass(frozen=True)
class RejectedRecord:
    """A file or record that could not be read, with a reason a person understands."""

    source: str
    path: str
    record: str | None
    reason: str
    head_hex: str | None  # first bytes in hex (up to 32 bytes)
    content_hash: str | None
    byte_size: int | None

    @property
    def error_id(self) -> str:
        return stable_id(self.source, self.path, self.record, self.content_hash)
