"""Builders for throw-away sources under tmp_path: a project folder, good articles, WARC files."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.ingest import RawRecord, ReadStats, RejectedRecord, SourceSpec, read_source

ARTICLE = (
    "Council approves new harbour wall\n\nBy Jo Example\n\n"
    "The council voted on Tuesday to rebuild the harbour wall before winter storms arrive.\n"
)
OTHER_ARTICLE = (
    "School choir wins regional prize\n\nFollow us on social media.\n\n"
    "Forty pupils sang three songs and took first place among twelve choirs.\n"
)
HTML_PAGE = (
    "<html><head><title>Harbour wall</title></head><body><nav>Home | News</nav>"
    "<p>The council voted on Tuesday to rebuild the harbour wall.</p></body></html>"
)


class Project:
    """A project folder with raw/<source>/ and helpers to read it back."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, source: str) -> Path:
        folder = self.root / "raw" / source
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def write(self, source: str, name: str, data: bytes | str) -> Path:
        path = self.folder(source) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    def read(
        self, spec: SourceSpec, stats: ReadStats | None = None
    ) -> tuple[list[RawRecord], list[RejectedRecord]]:
        records = list(read_source(spec, self.root, stats))
        raws = [r for r in records if isinstance(r, RawRecord)]
        rejected = [r for r in records if isinstance(r, RejectedRecord)]
        assert len(raws) + len(rejected) == len(records)
        return raws, rejected


WarcEntry = tuple[str, str, bytes, str, str]  # (record type, uri, payload, content type, http status)


def build_warc(entries: list[WarcEntry], *, gzip: bool = True, date: str = "2024-06-10T08:00:00Z") -> bytes:
    """A WARC file holding one record per entry, with HTTP headers on response records."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for rec_type, uri, payload, content_type, status in entries:
        http = None
        if rec_type == "response":
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            rec_type,
            payload=io.BytesIO(payload),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    return out.getvalue()
