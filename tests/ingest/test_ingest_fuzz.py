"""Property-based fuzzing of every reader: random bytes and mutations of the bundled samples under raw/.

Whatever the bytes, read_source raises nothing, each file ends as RawRecords, RejectedRecords or counted
skips, no reader bug is hidden as "reader failed unexpectedly", and every stored string is valid UTF-8.

`make test` runs 50 examples per reader, derandomized (a few seconds). For a longer, random run:

    NEWS_FUZZ_EXAMPLES=5000 .venv/bin/pytest -q tests/ingest/test_ingest_fuzz.py
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest import RawRecord, ReadStats, RejectedRecord, SourceSpec, read_source

RAW = Path(__file__).resolve().parents[2] / "raw"
EXAMPLES = int(os.environ.get("NEWS_FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the work tree
    derandomize="NEWS_FUZZ_EXAMPLES" not in os.environ,  # `make test` is the same run every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WIRE_FIELDS = {"text": "body", "title": "headline", "authors": "byline", "published": "published_at",
               "url": "url", "id": "id"}  # fmt: skip


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _gz_inner(data: bytes) -> bytes:
    return gzip.decompress(data)


@dataclass(frozen=True)
class Reader:
    """One reader under test: the file name it reads, its source format, seed files, and how to wrap."""

    file_name: str
    format: str
    seeds: tuple[bytes, ...]
    wrap: Callable[[bytes], bytes] = lambda data: data  # e.g. gzip again after mutating the inner bytes


def _readers() -> dict[str, Reader]:
    texts = tuple(path.read_bytes() for path in sorted((RAW / "world_desk").glob("*.txt"))[:3])
    html = tuple(path.read_bytes() for path in sorted((RAW / "web_html").glob("*.html")))
    jsonl = (RAW / "newswire_jsonl" / "wire_2024-05-01.jsonl").read_bytes()
    jsonl_gz = (RAW / "newswire_jsonl" / "wire_2024-05-03.jsonl.gz").read_bytes()
    warc_gz = (RAW / "crawl_warc" / "crawl_2024-06-10.warc.gz").read_bytes()
    tar_gz = (RAW / "web_html" / "courier_2024-03.tar.gz").read_bytes()
    zip_bytes = _zip({f"story_{i}.txt": data for i, data in enumerate(texts)})
    return {
        "text": Reader("dump.txt", "text", texts),
        "html": Reader("page.html", "html", html),
        "jsonl": Reader("wire.jsonl", "jsonl", (jsonl,)),
        "jsonl_gz": Reader("wire.jsonl.gz", "jsonl", (jsonl_gz,)),
        "jsonl_gz_inner": Reader("wire.jsonl.gz", "jsonl", (_gz_inner(jsonl_gz),), gzip.compress),
        "warc_gz": Reader("crawl.warc.gz", "warc", (warc_gz,)),
        "warc_gz_inner": Reader("crawl.warc.gz", "warc", (_gz_inner(warc_gz),), gzip.compress),
        "warc_plain": Reader("crawl.warc", "warc", (_gz_inner(warc_gz),)),
        "zip": Reader("bundle.zip", "text", (zip_bytes,)),
        "tar_gz": Reader("bundle.tar.gz", "html", (tar_gz,)),
        "tar_gz_inner": Reader("bundle.tar.gz", "html", (_gz_inner(tar_gz),), gzip.compress),
    }


READERS = _readers()


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...]) -> bytes:
    """A seed with a few random edits: bytes changed, cut, inserted, deleted or repeated."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(("set", "cut", "insert", "delete", "repeat")))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if operation == "set" and data:
            data[at] = draw(st.integers(0, 255))
        elif operation == "cut":
            del data[at:]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=24))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif operation == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 400))]
    return bytes(data)


def _inputs(reader: Reader) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=2048), mutated(reader.seeds).map(reader.wrap))


def _check(reader: Reader, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root, "raw", "fuzz")
        folder.mkdir(parents=True)
        (folder / reader.file_name).write_bytes(data)
        spec = SourceSpec(
            name="fuzz",
            folder="raw/fuzz",
            format=reader.format,
            fields=WIRE_FIELDS if reader.format == "jsonl" else None,
            max_file_bytes=1_000_000,
            max_archive_bytes=4_000_000,
        )
        stats = ReadStats()
        records = list(read_source(spec, Path(root), stats))
    assert all(isinstance(r, RawRecord | RejectedRecord) for r in records)
    assert records or stats.skipped_total > 0, "the file vanished: no record, rejection or counted skip"
    for record in records:
        if isinstance(record, RejectedRecord):
            assert "reader failed unexpectedly" not in record.reason, record.reason
            assert record.error_id
            strings = (record.path, record.record, record.reason)
        else:
            assert record.raw_id and record.doc_id and record.text.strip()
            strings = (record.path, record.record, record.text, record.url, record.title, *record.authors)
        for value in strings:
            if value is not None:
                value.encode("utf-8")  # what the warehouse can store


@pytest.mark.parametrize("name", sorted(READERS))
def test_no_input_crashes_a_reader(name: str) -> None:
    reader = READERS[name]

    @FUZZ
    @given(data=_inputs(reader))
    def run(data: bytes) -> None:
        _check(reader, data)

    run()


def test_the_seeds_themselves_are_read() -> None:
    for reader in READERS.values():
        for seed in reader.seeds:
            _check(reader, reader.wrap(seed))


def test_a_tar_member_in_latin1_bytes_and_a_nul_survive(tmp_path: Path) -> None:
    """A regression the fuzzer's shapes point at: odd member names plus stray bytes, in one archive."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT) as archive:
        data = b"<html><body><p>Harbour\x00 wall rebuilt before the winter storms arrive.</p></body></html>"
        info = tarfile.TarInfo(os.fsdecode(b"r\xe9sum\xe9.html"))
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    _check(Reader("bundle.tar.gz", "html", ()), buffer.getvalue())
