"""The hand-labelled entity gold of the three seed articles: what must merge, stay apart, never exist."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pipelines.nlp import AnalyzedDocument, Analyzer, BodySpan
from pipelines.resolve import MentionRef, Resolution, resolve_entities
from tests.gold_dumps import expected_body_lines

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared next to the repository
GOLD = SHARED / "gold" / "seeds.json"
CORE = ["Donald Trump", "Vladimir Putin", "Kim Jong Un", "North Korea", "Russia", "Barack Obama"]


def seed_body(path: Path, doc: dict[str, Any]) -> tuple[str, list[BodySpan]]:
    """The article text as cleaning should make it: body and heading lines, no dateline, blank-line joined."""
    kept_kinds = [kind for _, kind in sorted(doc["lines"].items(), key=lambda item: int(item[0]))]
    headings = [kind == "heading" for kind in kept_kinds if kind in ("body", "heading")]
    parts = list(zip(expected_body_lines(path.read_text(encoding="utf-8"), doc), headings, strict=True))
    spans, offset = [], 0
    for i, (text, is_heading) in enumerate(parts):
        spans.append(BodySpan(i, offset, offset + len(text), is_heading))
        offset += len(text) + 2
    return "\n\n".join(text for text, _ in parts), spans


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    if not GOLD.exists():
        pytest.skip(f"shared gold data not found at {GOLD}")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analyzed(
    gold: dict[str, Any], analyzer: Analyzer
) -> tuple[dict[str, str], list[AnalyzedDocument], Resolution]:
    bodies = {name: seed_body(SHARED / "seeds" / name, doc) for name, doc in gold["documents"].items()}
    docs = list(analyzer.analyze((name, text, spans) for name, (text, spans) in bodies.items()))
    resolution = resolve_entities(
        MentionRef(d.doc_id, m.index, m.name, m.label, m.text) for d in docs for m in d.mentions
    )
    return {name: text for name, (text, _) in bodies.items()}, docs, resolution


def entities_written_as(
    form: str, analyzed: tuple[dict[str, str], list[AnalyzedDocument], Resolution]
) -> set[str]:
    """Entity ids of mentions inside an occurrence of the form ('Trump' in 'President Trump')."""
    texts, docs, resolution = analyzed
    pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
    found = set()
    for doc in docs:
        for occurrence in pattern.finditer(texts[doc.doc_id]):
            for m in doc.mentions:
                if occurrence.start() <= m.start_char and m.end_char <= occurrence.end():
                    found.add(resolution.assignment[(doc.doc_id, m.index)])
    return found


def test_forms_of_one_entity_resolve_to_one(gold: dict[str, Any], analyzed: Any) -> None:
    names = {e.entity_id: e.canonical_name for e in analyzed[2].entities}
    for group in gold["entities"]["same"]:
        ids = set().union(*(entities_written_as(form, analyzed) for form in group))
        assert len(ids) <= 1, f"{group} split into {[names[i] for i in ids]}"
        if group[0] in CORE:
            assert ids, f"no mention of {group} found in the seed texts"
            if entities_written_as(group[0], analyzed):  # the full name occurs: it is the canonical name
                assert names[ids.pop()] == group[0]


def test_core_entities_are_people_and_places(analyzed: Any) -> None:
    labels = {e.canonical_name: e.label for e in analyzed[2].entities}
    assert labels["Donald Trump"] == "PERSON"
    assert labels["Vladimir Putin"] == "PERSON"
    assert labels["Kim Jong Un"] == "PERSON"
    assert labels["North Korea"] == "GPE"
    assert labels["Russia"] == "GPE"


def test_distinct_entities_stay_apart(gold: dict[str, Any], analyzed: Any) -> None:
    _, docs, _ = analyzed
    for a, b in gold["entities"]["distinct"]:
        ids_a, ids_b = entities_written_as(a, analyzed), entities_written_as(b, analyzed)
        assert not ids_a & ids_b, f"{a} and {b} merged"
        # also when both names are met side by side with the seeds' mentions, as resolution would see them
        extra = [MentionRef("extra-a", 0, a, "PERSON"), MentionRef("extra-b", 0, b, "PERSON")]
        corpus = [MentionRef(d.doc_id, m.index, m.name, m.label, m.text) for d in docs for m in d.mentions]
        resolution = resolve_entities([*corpus, *extra])
        assert resolution.assignment[("extra-a", 0)] != resolution.assignment[("extra-b", 0)], f"{a} ~ {b}"


def test_page_furniture_and_headlines_are_never_entities(gold: dict[str, Any], analyzed: Any) -> None:
    _, docs, resolution = analyzed
    written = {m.text.casefold() for d in docs for m in d.mentions}
    known = {n.casefold() for e in resolution.entities for n in (e.canonical_name, *e.aliases)}
    for phrase in gold["entities"]["not_entities"]:
        assert phrase.casefold() not in written
        assert phrase.casefold() not in known
        assert not any(phrase.casefold() in name for name in known)


def test_every_mention_points_into_its_sentence(analyzed: Any) -> None:
    texts, docs, _ = analyzed
    for doc in docs:
        text = texts[doc.doc_id]
        for s in doc.sentences:
            assert text[s.start_char : s.end_char] == s.text
        for m in doc.mentions:
            sentence = doc.sentences[m.sentence_index]
            assert text[m.start_char : m.end_char] == m.text
            assert sentence.start_char <= m.start_char and m.end_char <= sentence.end_char
