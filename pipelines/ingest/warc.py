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
    """One html record per HTML 200 response; other records counted in stats; a cut or broken tail rejected.

    warcio ends quietly at a gzip member cut short, so the stream keeps the error and a record whose body
    ends before its Content-Length is caught here: what could not be read is one rejection naming its offset.
    """
    if not data:
        yield origin.reject("empty WARC file (0 bytes)", data)
        return
    stream = _WarcStream(data)
    seen = 0
    offset = 0
    error: BaseException | None = None
    try:
        records = ArchiveIterator(stream, ensure_http_headers=False)
        for record in records:
            offset = records.offset
            if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
                raise ArchiveLoadFailed("record without WARC-Type or Content-Length (headers cut or broken)")
            result = _read_record(record, origin, stats, max_record_bytes)
            records.read_to_end()
            if _missing(record) > 0:
                raise EOFError(f"record ends {_missing(record):,} bytes short of its Content-Length")
            seen += 1
            offset = records.offset
            if result is not None:
                yield result
    except Exception as failure:  # warcio raises anything (AttributeError, KeyError...) on malformed headers
        error = failure
    error = error or stream.error
    if error is None and seen == 0:
        error = ArchiveLoadFailed("no WARC record in the file")
    if error is None and not stream.gzipped and data[offset:].strip():
        error = ArchiveLoadFailed(
            f"{len(data) - offset:,} bytes after the last whole record are not a record"
        )
    if error is None:
        return
    where = f"record {seen + 1}, at byte {offset:,}{stream.unit}" + (
        f" (after {seen} record(s))" if seen else ""
    )
    yield origin.inner(f"byte {offset}").reject(
        f"truncated or corrupt WARC from {where}: {type(error).__name__}: {error}; the rest is not read",
        data,
    )


class _WarcStream:
    """The WARC bytes, inflated chunk by chunk for a .warc.gz, keeping the read error warcio would swallow.

    warcio takes an EOFError while parsing a record's headers for the end of the file: the error is kept
    here so the reader can still say that the file was cut.
    """

    def __init__(self, data: bytes) -> None:
        self.gzipped = data.startswith(b"\x1f\x8b")
        self._file: gzip.GzipFile | io.BytesIO = (
            gzip.GzipFile(fileobj=io.BytesIO(data)) if self.gzipped else io.BytesIO(data)
        )
        self.unit = " of the inflated stream" if self.gzipped else ""
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            return self._file.read1(size if size and size > 0 else 65536)
        except (EOFError, OSError, zlib.error) as error:
            self.error = self.error or error
            raise

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
    if len(payload) <= max_record_bytes and _missing(record) > 0:
        raise EOFError(f"record {record_id} ends {_missing(record):,} bytes short of its Content-Length")
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


def _missing(record: ArcWarcRecord) -> int:
    """Bytes of the record's Content-Length not read yet (0 when the stream has no declared length)."""
    return int(getattr(record.raw_stream, "limit", 0) or 0)


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("'\"")
    return None
