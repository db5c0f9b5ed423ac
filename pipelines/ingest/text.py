"""Plain-text dumps (.txt, .md): one file, one document, in whatever encoding it was saved."""

from __future__ import annotations

from pipelines.ingest.decode import UndecodableError, decode_bytes
from pipelines.ingest.origin import Origin
from pipelines.ingest.records import RawRecord, RejectedRecord

TEXT_EXTENSIONS = (".txt", ".md")


def read_text(data: bytes, origin: Origin) -> RawRecord | RejectedRecord:
    """A text record, or a rejection saying why these bytes are not a readable article."""
    if not data:
        return origin.reject("empty file (0 bytes)", data)
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as error:
        return origin.reject(f"not readable as text: {error}", data)
    if not text.strip():
        return origin.reject(f"no text: only whitespace ({len(data)} bytes)", data)
    return origin.accept(data, format="text", text=text, encoding=encoding)
