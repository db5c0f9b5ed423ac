"""Hostile input of issue 12: names in any bytes, cut archives, archive bombs, odd encodings, link loops,
bad cron lines. Each case ends as records or rejections with a reason, never as a crash."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from ingest_helpers import ARTICLE, HTML_PAGE, Project, build_warc

from pipelines.ingest import RawRecord, SourceSpec, SourceSpecError, validate_spec
from pipelines.ingest.records import stable_id
from pipelines.lib.article_source import ArticleSource

TEXT = SourceSpec(name="desk", folder="raw/desk", format="text")
WIRE = SourceSpec(name="wire", folder="raw/wire", format="jsonl", fields={"text": "body"})
CRAWL = SourceSpec(name="crawl", folder="raw/crawl", format="warc")
SAMPLE_WARC = Path(__file__).resolve().parents[2] / "raw" / "crawl_warc" / "crawl_2024-06-10.warc.gz"


def _utf8_safe(*values: str | None) -> None:
    for value in values:
        if value is not None:
            value.encode("utf-8")  # what DuckDB needs: raises on a lone surrogate


# 1. File names in any bytes


def test_a_latin1_file_name_is_stored_escaped_with_a_stable_id(project: Project) -> None:
    folder = project.folder("desk")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as stream:
        stream.write(ARTICLE.encode())
    first, rejected = project.read(TEXT)
    again, _ = project.read(TEXT)
    assert rejected == []
    assert [r.path for r in first] == ["raw/desk/caf\\xe9.txt"]
    _utf8_safe(first[0].path)
    assert (
        first[0].raw_id
        == again[0].raw_id
        == stable_id("desk", "raw/desk/caf\\xe9.txt", None, first[0].content_hash)
    )


def test_a_latin1_tar_member_name_is_stored_escaped(project: Project) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT) as archive:
        info = tarfile.TarInfo(os.fsdecode(b"na\xefve.txt"))
        data = ARTICLE.encode()
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    project.write("desk", "bundle.tar.gz", buffer.getvalue())
    raws, rejected = project.read(TEXT)
    assert rejected == []
    assert [r.record for r in raws] == ["na\\xefve.txt"]
    _utf8_safe(raws[0].record)
    assert raws[0].raw_id and raws[0].doc_id


def test_a_lone_surrogate_in_json_never_crashes(project: Project) -> None:
    line = json.dumps({"body": "Harbour wall \ud800 rebuilt before winter.", "id": "x\udce9"})
    project.write("wire", "a.jsonl", line + "\n")
    raws, rejected = project.read(WIRE)
    assert rejected == [] and len(raws) == 1
    _utf8_safe(raws[0].text, raws[0].record)
    assert "\ufffd" in raws[0].text and raws[0].doc_id


# 2. Truncated or corrupt WARC and archives


@pytest.mark.parametrize("percent", [50, 60, 75, 90, 99])
def test_a_cut_warc_gz_keeps_the_records_before_and_rejects_the_rest(project: Project, percent: int) -> None:
    data = SAMPLE_WARC.read_bytes()
    project.write("crawl", "c.warc.gz", data[: len(data) * percent // 100])
    raws, rejected = project.read(CRAWL)
    assert len(rejected) == 1, [r.reason for r in rejected]
    reason = rejected[0].reason
    assert "truncated or corrupt WARC" in reason and "at byte" in reason
    assert rejected[0].record is not None and rejected[0].record.startswith("byte ")
    assert all(isinstance(r, RawRecord) for r in raws)


def test_an_uncompressed_warc_cut_in_a_record_is_rejected(project: Project) -> None:
    data = build_warc(
        [
            ("response", f"https://example.test/{i}", HTML_PAGE.encode(), "text/html", "200 OK")
            for i in range(3)
        ],
        gzip=False,
    )
    project.write("crawl", "c.warc", data[: len(data) - 200])
    raws, rejected = project.read(CRAWL)
    assert len(raws) == 2
    assert len(rejected) == 1 and "truncated or corrupt WARC" in rejected[0].reason


def test_a_cut_zip_is_rejected_not_lost(project: Project) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(4):
            archive.writestr(f"story_{i}.txt", f"Story {i} of the zip. " * 50)
    data = buffer.getvalue()
    project.write("desk", "bundle.zip", data[: len(data) * 3 // 4])
    raws, rejected = project.read(TEXT)
    assert raws == []
    assert len(rejected) == 1 and "truncated or corrupt archive" in rejected[0].reason


def test_a_plain_tar_cut_in_a_header_is_rejected(project: Project) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for i in range(3):
            data = f"Story {i} of the tar. ".encode() * 30
            info = tarfile.TarInfo(f"story_{i}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    second_header = 512 + ((len(b"Story 0 of the tar. ") * 30 + 511) // 512) * 512
    project.write("desk", "bundle.tar", data[: second_header + 300])  # inside the 2nd member's header
    raws, rejected = project.read(TEXT)
    assert [r.record for r in raws] == ["story_0.txt"]
    assert len(rejected) == 1 and "truncated or corrupt archive" in rejected[0].reason


# 3. Archive total inflated size cap


def test_a_zip_of_many_big_members_stops_at_max_archive_bytes(project: Project) -> None:
    member = b"The same paragraph, over and over. " * 30_000  # ~1 MB, compresses to a few KB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(12):
            archive.writestr(f"story_{i:02d}.txt", member)
    project.write("desk", "bomb.zip", buffer.getvalue())
    spec = SourceSpec(name="desk", folder="raw/desk", format="text", max_archive_bytes=5_000_000)
    tracemalloc.start()
    try:
        raws, rejected = project.read(spec)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(raws) == 4  # 4 x 1.05 MB fit in 5 MB, the 5th does not
    assert len(rejected) == 1
    assert "max_archive_bytes" in rejected[0].reason and "7 member(s) after it" in rejected[0].reason
    assert rejected[0].record == "story_04.txt"
    assert peak < 60_000_000


def test_a_jsonl_gz_bomb_is_refused_without_inflating_past_the_cap(project: Project) -> None:
    line = json.dumps({"body": "x" * 1000}).encode() + b"\n"
    bomb = gzip.compress(line * 50_000)  # 50 MB inflated, ~150 KB on disk
    project.write("wire", "bomb.jsonl.gz", bomb)
    spec = SourceSpec(
        name="wire", folder="raw/wire", format="jsonl", fields={"text": "body"}, max_archive_bytes=4_000_000
    )
    tracemalloc.start()
    try:
        raws, rejected = project.read(spec)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert raws == [] and len(rejected) == 1
    assert "inflates to more than 4,000,000 bytes" in rejected[0].reason
    assert peak < 16_000_000  # the cap, a chunk and the copies of the file: not the 50 MB inside


def test_max_archive_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(SourceSpecError) as failure:
        validate_spec(
            SourceSpec(name="desk", folder="raw/desk", format="text", max_archive_bytes=0), tmp_path
        )
    assert failure.value.field == "max_archive_bytes"


# 4. Encodings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_detected(project: Project, codec: str) -> None:
    text = "Zoë Müller reports from Zürich\nThe lake froze for the first time since 1963.\n"
    project.write("desk", "wide.txt", text.encode(codec))
    raws, rejected = project.read(TEXT)
    assert rejected == []
    assert raws[0].text == text
    assert raws[0].encoding == f"{codec} (detected, no bom)"


def test_stray_nul_and_control_bytes_are_dropped_and_noted(project: Project) -> None:
    article = ARTICLE * 3
    data = article.encode().replace(b"harbour wall", b"harbour\x00 wall\x1b", 1)
    project.write("desk", "nul.txt", data)
    raws, rejected = project.read(TEXT)
    assert rejected == []
    assert raws[0].text == article
    assert raws[0].encoding == "utf-8; 2 stray NUL/control character(s) dropped"  # kept in raw_documents
    assert raws[0].content_hash == hashlib.sha256(data).hexdigest()  # the hash stays the file's bytes


# 5. Symlink loop


def test_a_symlink_loop_is_reported_as_a_loop(project: Project) -> None:
    project.write("desk", "a_good.txt", ARTICLE)
    folder = project.folder("desk")
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    raws, rejected = project.read(TEXT)
    assert [r.text for r in raws] == [ARTICLE]
    assert len(rejected) == 2
    assert all("symlink loop" in r.reason and "outside" not in r.reason for r in rejected)


# 6. A bad cron line


@pytest.mark.parametrize("cron", ["every day", "0 6 * *", "61 6 * * *", "0 25 * * *", "0 6 * * * *", ""])
def test_a_bad_cron_fails_validation_naming_the_field(tmp_path: Path, cron: str) -> None:
    with pytest.raises(SourceSpecError) as failure:
        validate_spec(SourceSpec(name="desk", folder="raw/desk", format="text", cron=cron), tmp_path)
    assert failure.value.field == "cron"


@pytest.mark.parametrize("cron", ["0 6 * * *", "*/15 * * * 1-5", "0 0 1 jan,jul *", "30 2 * * sun"])
def test_a_good_cron_passes(tmp_path: Path, cron: str) -> None:
    validate_spec(SourceSpec(name="desk", folder="raw/desk", format="text", cron=cron), tmp_path)


def test_archive_cap_is_a_source_yaml_field() -> None:
    source = ArticleSource(name="desk", folder="raw/desk", max_archive_bytes=1234)
    assert source.spec().max_archive_bytes == 1234
    assert ArticleSource(name="desk", folder="raw/desk").spec().max_archive_bytes == 200_000_000
