"""The cleaner against hand-labelled dumps: the shared seeds (when ../shared is present) and the team's
samples in raw/. Each dump is cleaned on its own, with no cross-document repetition information."""

import bisect
from pathlib import Path

import pytest

from pipelines.clean import clean_text
from pipelines.clean.records import KEPT_KINDS
from tests.gold_dumps import SEEDS_GOLD, expected_body_lines, labelled_dumps

DUMPS = labelled_dumps()


def test_the_shared_seeds_are_among_the_dumps() -> None:
    if not SEEDS_GOLD.exists():
        pytest.skip("../shared/gold/seeds.json is not on this machine; only the samples are checked")
    assert sum(1 for name, _, _ in DUMPS if "/" not in name) == 3


def _line_numbers(raw: str, offsets: list[int]) -> list[int]:
    starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]
    return [bisect.bisect_right(starts, off) for off in offsets]


@pytest.fixture(scope="module", params=DUMPS, ids=lambda d: d[0])
def dump(request: pytest.FixtureRequest) -> tuple[dict, str]:
    _, gold, path = request.param
    return gold, Path(path).read_text(encoding="utf-8")


def test_every_line_gets_the_gold_kind(dump: tuple[dict, str]) -> None:
    gold, raw = dump
    doc = clean_text(raw)
    lines = _line_numbers(raw, [b.raw_start for b in doc.blocks])
    got = dict(zip(lines, (b.kind for b in doc.blocks), strict=True))
    want = {int(k): v for k, v in gold["lines"].items()}
    assert set(got) == set(want), "one block per non-empty line"
    agree = sum(got[n] == want[n] for n in want)
    assert agree / len(want) >= 0.95, {n: (want[n], got[n]) for n in want if got[n] != want[n]}
    kept_wrong = {n: (want[n], got[n]) for n in want if (got[n] in KEPT_KINDS) != (want[n] in KEPT_KINDS)}
    assert not kept_wrong, "body-vs-not must be right for every line"


def test_body_text_is_the_body_and_heading_lines(dump: tuple[dict, str]) -> None:
    gold, raw = dump
    doc = clean_text(raw)
    assert doc.body_text.split("\n\n") == expected_body_lines(raw, gold)
    prefixes = gold.get("dateline_prefix", {})
    if prefixes:
        assert doc.dateline == next(iter(prefixes.values())).strip(" -–—")


def test_title_authors_and_comments(dump: tuple[dict, str]) -> None:
    gold, raw = dump
    doc = clean_text(raw)
    assert doc.title == gold["title"]
    assert doc.authors == gold["authors"]
    assert len(doc.comments) == gold["comments"]
    comment_blocks = {b.index for b in doc.blocks if b.kind == "comment"}
    assert {c.block_index for c in doc.comments} <= comment_blocks


def test_offsets_point_into_raw_and_body(dump: tuple[dict, str]) -> None:
    _, raw = dump
    doc = clean_text(raw)
    for b in doc.blocks:
        assert raw[b.raw_start : b.raw_end] == b.text
        if b.kept:
            assert doc.body_text[b.body_start : b.body_end] in b.text
            assert b.text.endswith(doc.body_text[b.body_start : b.body_end])
        else:
            assert b.body_start is None and b.body_end is None
