"""The cleaner's decisions come from one closed registry (pipelines/clean/decisions.py), its numbers from one
table (settings.py), and its pre-filters (cheap tests that skip a costly pattern) change no decision: on the
samples in raw/ and the shared seeds always, and on the dev sets when ../shared/devset is present."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from pipelines.clean import clean_html, clean_text
from pipelines.clean.classify import classify
from pipelines.clean.decisions import DECISIONS, SCORE, decision_of
from pipelines.clean.lexicon import CONTAINS_RULES, LINE_RULES, PHRASE_DECISIONS
from pipelines.clean.records import BLOCK_KINDS
from pipelines.clean.settings import SETTINGS, CleanerSettings

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SAMPLES = sorted((REPO / "raw").rglob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
HTML_SAMPLES = sorted((REPO / "raw").rglob("*.html"))
DEVSETS = [SHARED / "devset" / "txt", SHARED / "devset-modern" / "txt"]
WITHOUT_PREFILTERS = dataclasses.replace(SETTINGS, prefilters=False)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_the_registry_defines_each_decision_once() -> None:
    assert len(DECISIONS) == len(set(DECISIONS))
    reasons = [d.reason for d in DECISIONS]
    assert len(reasons) == len(set(reasons)), "two decisions would store the same reason"
    assert len({(d.stage, d.rule) for d in DECISIONS}) == len(DECISIONS)
    for d in DECISIONS:
        assert d.kind in BLOCK_KINDS
        assert d.reason == (f"{d.stage}:<score>" if d.scored else f"{d.stage}:{d.rule}")
        assert decision_of(d.reason_for(0.5)) is d
    assert [d for d in DECISIONS if d.scored] == [SCORE]
    assert SCORE.reason_for(0.8) == "score:0.80"
    assert decision_of("phrase:no_such_rule") is None and decision_of("score:high") is None


def test_every_phrase_table_names_a_registered_decision() -> None:
    groups = set(LINE_RULES.groupindex) | set(CONTAINS_RULES.groupindex)
    assert groups == set(PHRASE_DECISIONS)
    assert set(PHRASE_DECISIONS.values()) <= set(DECISIONS)
    assert all(d.stage == "phrase" for d in PHRASE_DECISIONS.values())


def test_the_settings_are_one_frozen_table() -> None:
    assert isinstance(SETTINGS, CleanerSettings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        SETTINGS.length_low = 1  # type: ignore[misc]
    assert SETTINGS.prefilters is True
    numbers = [f for f in dataclasses.fields(CleanerSettings) if f.type in ("int", "float")]
    assert len(numbers) >= 35


def _assert_closed(blocks: list, name: str) -> None:
    for b in blocks:
        d = decision_of(b.reason)
        assert d is not None, (name, b.index, b.reason)
        assert d.kind == b.kind, (name, b.index, b.kind, b.reason)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_block_of_the_samples_gets_a_registered_decision(path: Path) -> None:
    raw = _read(path)
    items = classify(raw).items
    assert all(it.decision in DECISIONS and it.kind == it.decision.kind for it in items)
    doc = clean_text(raw)
    assert doc.blocks, path
    _assert_closed(doc.blocks, path.name)


@pytest.mark.parametrize("path", HTML_SAMPLES, ids=lambda p: p.name)
def test_every_block_of_the_html_samples_gets_a_registered_decision(path: Path) -> None:
    doc = clean_html(_read(path))
    assert doc.blocks, path
    _assert_closed(doc.blocks, path.name)


def test_no_reason_string_is_written_or_tested_outside_the_registry() -> None:
    """The passes set and test Decision objects; a reason literal in their code would be a second source."""
    stages = "|".join(sorted({d.stage for d in DECISIONS}))
    reason = re.compile(rf"""["'](?:{stages}):[a-z_{{]""")
    for module in ("classify.py", "cleaner.py", "html.py", "lexicon.py"):
        code = (REPO / "pipelines" / "clean" / module).read_text(encoding="utf-8")
        assert not reason.findall(code), module
        assert ".reason ==" not in code and ".reason.startswith" not in code, module


def _assert_same_without_prefilters(raw: str, name: str, modes: tuple[bool, ...] = (False, True)) -> None:
    """modes: classify as a raw dump (False) and as an extractor's output (True)."""
    for extracted in modes:
        fast = classify(raw, extracted=extracted)
        slow = classify(raw, extracted=extracted, settings=WITHOUT_PREFILTERS)
        changed = [
            (it.index, it.text[:60], it.reason, other.reason)
            for it, other in zip(fast.items, slow.items, strict=True)
            if (it.kind, it.decision, it.reason) != (other.kind, other.decision, other.reason)
        ]
        assert not changed, (name, extracted, changed)
        document = (fast.title, fast.authors, fast.comment_range)
        assert document == (slow.title, slow.authors, slow.comment_range), (name, extracted)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_prefilters_change_no_decision_on_the_samples(path: Path) -> None:
    raw = _read(path)
    _assert_same_without_prefilters(raw, path.name)
    fast, slow = clean_text(raw), clean_text(raw, settings=WITHOUT_PREFILTERS)
    assert fast == slow


@pytest.mark.parametrize("folder", DEVSETS, ids=lambda p: p.parent.name)
def test_the_prefilters_change_no_decision_on_the_dev_sets(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine; the pre-filters are checked on the samples only")
    pages = sorted(folder.glob("*.txt"))
    assert pages
    for path in pages:
        _assert_same_without_prefilters(_read(path), path.name, modes=(False,))  # as clean_text does


def test_the_prefilters_are_switched_off_by_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pre-filters no hint is consulted: every pattern is tried on every block it could judge."""
    import pipelines.clean.classify as classify_module

    class Untouchable:
        def search(self, _: str) -> None:
            raise AssertionError("a pre-filter ran")

    def untouchable(_: str) -> bool:
        raise AssertionError("a pre-filter ran")

    for hint in ("_CREDIT_HINTS", "_LEGAL_HINTS", "_TIME_HINTS", "_DATE_HINTS", "_CONTAINS_HINTS"):
        monkeypatch.setattr(classify_module, hint, Untouchable())
    monkeypatch.setattr(classify_module, "_may_match_line_rule", untouchable)
    raw = _read(SAMPLES[0])
    with pytest.raises(AssertionError, match="a pre-filter ran"):
        classify(raw)
    assert [it.kind for it in classify(raw, settings=WITHOUT_PREFILTERS).items]
