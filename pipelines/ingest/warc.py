"""Web crawls (.warc, .warc.gz): every HTML page fetched with status 200 is an article candidate."""

from __future__ import annotations

import dataclasses
import gzip
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from pipelines.ingest.html import PageHints, read_html
from pipelines.ingest.metadata import parse_published
from pipelines.ingest.origin import Origin
from pipelines.ingest.records import RawRecord, RejectedRecord
from pipelines.ingest.stats import ReadStats

WARC_EXTENSIONS = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    data: bytes, origin: Origin, stats: ReadStats, max_record_bytes: int
) -> Iterator[RawRecord | RejectedRecord]:
    """One html record per HTML 200 response; other records counted in stats; a broken tail rejected."""
    if not data:
        yield origin.reject("empty WARC file (0 bytes)", data)
        return
    stream = _Gunzipped(data) if data.startswith(b"\x1f\x8b") else io.BytesIO(data)
    seen = 0
    try:
        for record in ArchiveIterator(stream, ensure_http_headers=False):
            result = _read_record(record, origin, stats, max_record_bytes)
            seen += 1
            if result is not None:
                yield result
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as error:
        where = f"after {seen} record(s)" if seen else "at the start"
        yield origin.reject(f"truncated or corrupt WARC {where}: {type(error).__name__}: {error}", data)


class _Gunzipped:
    """A .warc.gz inflated as warcio reads it, so a cut-off file raises EOFError instead of ending quietly.

    read() hands over one inflated chunk at a time: the records before the break still come out.
    """

    def __init__(self, data: bytes) -> None:
        self._file = gzip.GzipFile(fileobj=io.BytesIO(data))

    def read(self, size: int = -1) -> bytes:
        return self._file.read1(size if size and size > 0 else 65536)

    def tell(self) -> int:
        return self._file.tell()


def _read_record(
    record: ArcWarcRecord, origin: Origin, stats: ReadStats, max_record_bytes: int
) -> RawRecord | RejectedRecord | None:
    rec_type = record.rec_type
    if rec_type != "response":
        stats.skip(origin.source, origin.path, f"{rec_type} record")
        return None
    http = record.http_headers
    if http is None:
        stats.skip(origin.source, origin.path, "response without HTTP headers")
        return None
    content_type = http.get_header("Content-Type") or ""
    media_type, _, parameters = content_type.partition(";")
    media_type = media_type.strip().lower()
    status = http.get_statuscode()
    if media_type not in _HTML_TYPES:
        stats.skip(origin.source, origin.path, f"response not HTML ({media_type or 'no content type'})")
        return None
    if status != "200":
        stats.skip(origin.source, origin.path, f"HTML response with HTTP status {status}")
        return None

    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    record_id = headers.get_header("WARC-Record-ID") or uri or "response"
    where = origin.inner(record_id)
    payload = record.content_stream().read(max_record_bytes + 1)
    if len(payload) <= max_record_bytes and record.raw_stream.limit > 0:
        raise EOFError(f"record {record_id} ends {record.raw_stream.limit} bytes short of its Content-Length")
    if len(payload) > max_record_bytes:
        return where.reject(
            f"WARC response {uri}: HTML over the source's limit of {max_record_bytes:,} bytes",
            payload[:32],
            byte_size=len(payload),
        )
    hints = PageHints(
        url=uri,
        published=parse_published(headers.get_header("WARC-Date")),
        charset=_charset(parameters),
    )
    result = read_html(payload, where, hints)
    if isinstance(result, RejectedRecord):
        return dataclasses.replace(result, reason=f"WARC response {uri}: {result.reason}")
    return result


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("'\"")
    return None
