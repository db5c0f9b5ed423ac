"""Where a record came from (source, file, record inside it), and the two ways its reading can end."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from pipelines.ingest.decode import head_hex, normalise_newlines
from pipelines.ingest.records import RawRecord, RejectedRecord, printable_name, without_surrogates


@dataclass(frozen=True)
class Origin:
    """The address of one document: a file, or a member / line / WARC record inside it."""

    source: str
    path: str  # relative to the project folder
    record: str | None = None

    def inner(self, record: str) -> Origin:
        """A record inside this one: member 'a.jsonl' of an archive, its line 3 -> 'a.jsonl::line 3'."""
        return Origin(self.source, self.path, record if self.record is None else f"{self.record}::{record}")

    def reject(
        self, reason: str, data: bytes | None = None, *, byte_size: int | None = None
    ) -> RejectedRecord:
        """A rejection with the head bytes and hash, so the same bad input is recognised on the next run.

        Pass byte_size when data is only the head of something larger: then no hash is given.
        """
        whole = data is not None and (byte_size is None or byte_size == len(data))
        return RejectedRecord(
            source=self.source,
            path=printable_name(self.path),
            record=None if self.record is None else printable_name(self.record),
            reason=without_surrogates(reason),
            head_hex=None if data is None else head_hex(data),
            content_hash=hashlib.sha256(data).hexdigest() if whole and data is not None else None,
            byte_size=byte_size if byte_size is not None else (None if data is None else len(data)),
        )

    def accept(
        self,
        data: bytes,
        *,
        format: str,
        text: str,
        encoding: str,
        url: str | None = None,
        title: str | None = None,
        authors: tuple[str, ...] = (),
        published: date | None = None,
    ) -> RawRecord:
        """A readable record; the hash is over the raw bytes, the text has its line ends normalised.

        Names are stored as written (undecodable bytes escaped) and lone surrogates replaced: all of it must
        be valid UTF-8 to be stored.
        """
        return RawRecord(
            source=self.source,
            path=printable_name(self.path),
            record=None if self.record is None else printable_name(self.record),
            format=format,
            content_hash=hashlib.sha256(data).hexdigest(),
            encoding=encoding,
            byte_size=len(data),
            text=without_surrogates(normalise_newlines(text)),
            url=None if url is None else without_surrogates(url),
            title=None if title is None else without_surrogates(title),
            authors=tuple(without_surrogates(author) for author in authors),
            published=published,
        )
