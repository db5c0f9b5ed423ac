"""Across documents: variants become one entity, namesakes stay apart, the label is the vote."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.records import stable_id
from pipelines.resolve import MentionRef, Resolution, load_aliases, resolve_entities


def refs(*rows: tuple[str, str] | tuple[str, str, str]) -> list[MentionRef]:
    """One mention per row (name, label[, text]), each in its own document."""
    return [
        MentionRef(f"doc{i}", 0, row[0], row[1], row[2] if len(row) > 2 else None)
        for i, row in enumerate(rows)
    ]


def entity_of(res: Resolution, doc: int) -> str:
    return res.assignment[(f"doc{doc}", 0)]


def canonical(res: Resolution, doc: int) -> str:
    return {e.entity_id: e.canonical_name for e in res.entities}[entity_of(res, doc)]


def test_spelling_and_casing_variants_join() -> None:
    res = resolve_entities(
        refs(
            ("Kim Jong-un", "PERSON"),
            ("Kim Jong Un", "PERSON"),
            ("Kim IL-sung", "PERSON"),
            ("Kim Il-sung", "PERSON"),
            ("Kim Il-Sung", "PERSON"),
            ("Kim Il-sung", "PERSON"),
        )
    )
    assert entity_of(res, 0) == entity_of(res, 1)
    assert entity_of(res, 2) == entity_of(res, 3) == entity_of(res, 4)
    assert entity_of(res, 0) != entity_of(res, 2)
    assert canonical(res, 2) == "Kim Il-sung"  # the most common spelling, not the odd capitals


def test_namesakes_stay_apart() -> None:
    res = resolve_entities(
        refs(
            ("George H.W. Bush", "PERSON"),
            ("George W. Bush", "PERSON"),
            ("George Bush", "PERSON"),
            ("Bush", "PERSON"),
            ("Moon Jae-in", "PERSON"),
            ("Kim Jong Un", "PERSON"),
        )
    )
    assert len({entity_of(res, i) for i in range(6)}) == 6


def test_countries_and_aliases() -> None:
    res = resolve_entities(
        refs(
            ("U.S.", "GPE"),
            ("US", "GPE"),
            ("United States", "GPE"),
            ("America", "GPE"),
            ("Russia", "GPE"),
            ("Soviet Union", "GPE"),
            ("USSR", "GPE"),
        )
    )
    assert len({entity_of(res, i) for i in range(4)}) == 1
    assert canonical(res, 0) == "United States"
    assert entity_of(res, 4) != entity_of(res, 5)
    assert entity_of(res, 5) == entity_of(res, 6)


def test_short_form_joins_the_dominant_person_across_documents() -> None:
    res = resolve_entities(refs(("Vladimir Putin", "PERSON"), ("Putin", "PERSON"), ("Putin", "ORG")))
    assert entity_of(res, 0) == entity_of(res, 1) == entity_of(res, 2)
    assert canonical(res, 1) == "Vladimir Putin"


def test_label_is_one_vote_per_entity() -> None:
    # within documents 'Trump' was joined to 'Donald Trump', but the model tagged most short forms ORG
    res = resolve_entities(
        refs(
            ("Donald Trump", "PERSON", "Donald Trump"),
            ("Donald Trump", "ORG", "Trump"),
            ("Donald Trump", "ORG", "Trump"),
            ("Donald Trump", "PERSON", "Trump"),
            ("Paris", "GPE"),
            ("Paris", "ORG"),
            ("Paris", "GPE"),
        )
    )
    by_id = {e.entity_id: e for e in res.entities}
    assert by_id[entity_of(res, 0)].label == "PERSON"
    assert by_id[entity_of(res, 4)].label == "GPE"
    assert len(res.entities) == 2


def test_entity_id_is_stable_and_named_by_its_canonical_form() -> None:
    first = resolve_entities(refs(("Angela Merkel", "PERSON")))
    again = resolve_entities(
        refs(("Merkel", "PERSON"), ("ANGELA MERKEL", "PERSON"), ("Angela Merkel", "PERSON"))
    )
    assert entity_of(first, 0) == entity_of(again, 2) == entity_of(again, 1) == entity_of(again, 0)
    assert entity_of(first, 0) == stable_id("angela merkel")


def test_users_extend_aliases_without_code(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(
        "entities:\n  - canonical: Burma\n    label: GPE\n    aliases: [Myanmar]\n", encoding="utf-8"
    )
    res = resolve_entities(refs(("Myanmar", "GPE"), ("Burma", "GPE"), ("U.S.", "GPE")), load_aliases(path))
    assert entity_of(res, 0) == entity_of(res, 1)
    assert canonical(res, 0) == "Burma"
    assert canonical(res, 2) == "U.S."  # the shipped table is not in use


def test_shipped_alias_table_loads() -> None:
    table = load_aliases()
    entry = table.lookup("the U.S.")
    assert entry is not None and entry.canonical == "United States"
