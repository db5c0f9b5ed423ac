"""The cleaner against the hand-labelled seed dumps in ../shared (skipped when that folder is absent)."""

from __future__ import annotations

import bisect
import json
from pathlib import Path

import pytest

from pipelines.clean import clean_text
from pipelines.clean.records import KEPT_KINDS

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = SHARED / "gold" / "seeds.json"

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold/seeds.json is not here")


def _documents() -> list[tuple[str, dict]]:
    if not GOLD.exists():
        return []
    return sorted(json.loads(GOLD.read_text(encoding="utf-8"))["documents"].items())


def _line_numbers(raw: str, offsets: list[int]) -> list[int]:
    starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]
    return [bisect.bisect_right(starts, off) for off in offsets]


@pytest.fixture(scope="module", params=_documents(), ids=lambda d: d[0])
def seed(request: pytest.FixtureRequest) -> tuple[str, dict, str]:
    name, gold = request.param
    return name, gold, (SHARED / "seeds" / name).read_text(encoding="utf-8")


def test_every_line_gets_the_gold_kind(seed: tuple[str, dict, str]) -> None:
    _, gold, raw = seed
    doc = clean_text(raw)
    lines = _line_numbers(raw, [b.raw_start for b in doc.blocks])
    got = dict(zip(lines, (b.kind for b in doc.blocks), strict=True))
    want = {int(k): v for k, v in gold["lines"].items()}
    assert set(got) == set(want), "one block per non-empty line"
    agree = sum(got[n] == want[n] for n in want)
    assert agree / len(want) >= 0.95, {n: (want[n], got[n]) for n in want if got[n] != want[n]}
    kept_wrong = {n: (want[n], got[n]) for n in want if (got[n] in KEPT_KINDS) != (want[n] in KEPT_KINDS)}
    assert not kept_wrong, "body-vs-not must be right for every line"


def test_body_text_is_the_body_and_heading_lines(seed: tuple[str, dict, str]) -> None:
    _, gold, raw = seed
    raw_lines = raw.split("\n")
    prefixes = {int(k): v for k, v in gold.get("dateline_prefix", {}).items()}
    expected = []
    for n in sorted(int(k) for k, kind in gold["lines"].items() if kind in KEPT_KINDS):
        line = raw_lines[n - 1].strip()
        if n in prefixes:
            assert line.startswith(prefixes[n])
            line = line[len(prefixes[n]) :].strip()
        expected.append(line)
    doc = clean_text(raw)
    assert doc.body_text.split("\n\n") == expected
    if prefixes:
        assert doc.dateline == next(iter(prefixes.values()))


def test_title_authors_and_comments(seed: tuple[str, dict, str]) -> None:
    _, gold, raw = seed
    doc = clean_text(raw)
    assert doc.title == gold["title"]
    assert doc.authors == gold["authors"]
    assert len(doc.comments) == gold["comments"]
    comment_blocks = {b.index for b in doc.blocks if b.kind == "comment"}
    assert {c.block_index for c in doc.comments} <= comment_blocks


def test_offsets_point_into_raw_and_body(seed: tuple[str, dict, str]) -> None:
    _, _, raw = seed
    doc = clean_text(raw)
    for b in doc.blocks:
        assert raw[b.raw_start : b.raw_end] == b.text
        if b.kept:
            assert doc.body_text[b.body_start : b.body_end] in b.text
            assert b.text.endswith(doc.body_text[b.body_start : b.body_end])
        else:
            assert b.body_start is None and b.body_end is None
