"""What a reader yields: a decoded record ready for cleaning, or a rejection with its reason."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date


def stable_id(*parts: str | None) -> str:
    """A short, stable key from the parts that identify a row (16 hex chars of SHA-256).

    Lone surrogates (a file name in undecodable bytes, a JSON '\\ud800') are hashed, never a crash.
    """
    joined = "\x1f".join("" if p is None else p for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def printable_name(name: str) -> str:
    """A name as the file system wrote it, its undecodable bytes as backslash escapes ('caf\\xe9.txt').

    os and tarfile decode such bytes to lone surrogates (U+DC80-U+DCFF), which no UTF-8 table can store.
    """
    return _SURROGATE.sub(_escape, name)


def without_surrogates(text: str) -> str:
    """Text with lone surrogates (invalid in UTF-8, e.g. JSON "\\ud800") replaced by U+FFFD, to be stored."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


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
