"""The sample dumps shipped under raw/ read cleanly: every article in, nothing rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest import RawRecord, ReadStats, SourceSpec, read_source

PROJECT = Path(__file__).resolve().parents[2]
WIRE_FIELDS = {
    "text": "body",
    "title": "headline",
    "authors": "byline",
    "published": "published_at",
    "url": "url",
    "id": "id",
}


@pytest.mark.parametrize(
    ("spec", "articles"),
    [
        (SourceSpec("web_html", "raw/web_html", "html"), 4),
        (SourceSpec("newswire_jsonl", "raw/newswire_jsonl", "jsonl", fields=WIRE_FIELDS), 5),
        (SourceSpec("crawl_warc", "raw/crawl_warc", "warc"), 2),
    ],
)
def test_samples_read_without_rejections(spec: SourceSpec, articles: int) -> None:
    stats = ReadStats()
    records = list(read_source(spec, PROJECT, stats))
    assert all(isinstance(r, RawRecord) for r in records), [getattr(r, "reason", "") for r in records]
    assert len(records) == articles
    assert all(r.title and r.published for r in records)
    assert len({r.doc_id for r in records}) == articles
