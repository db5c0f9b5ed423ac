"""The hand labels in tests/fixtures/samples_gold.json are complete and agree with the bundled dumps.

These tests check the fixture, not the pipeline: every non-empty line of every sample under
raw/world_desk/ and raw/opinion_blog/ has exactly one kind, no empty line has one, the title line is the
gold title, the entity lists name strings that occur in the samples, and the properties the samples were
written to exercise (recurring promo lines, a syndicated near-copy, Putin/Kim co-occurrence) still hold.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipelines.clean.records import BLOCK_KINDS

ROOT = Path(__file__).resolve().parents[1]
GOLD_PATH = ROOT / "tests" / "fixtures" / "samples_gold.json"
SOURCES = ("world_desk", "opinion_blog")
KINDS = BLOCK_KINDS - {"navigation", "boilerplate"}  # what a person labels; those two are the cleaner's
DOC_KEYS = {"title", "authors", "dateline_prefix", "lines", "comments"}
ORIGINAL = "world_desk/2023-09-13-kim-putin-vostochny.txt"
SYNDICATED = "opinion_blog/2023-09-15-kim-putin-vostochny-syndicated.txt"

GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
DOCS: dict = GOLD["documents"]


def _lines(doc_id: str) -> list[str]:
    return (ROOT / "raw" / doc_id).read_text(encoding="utf-8").split("\n")


def _labelled(doc_id: str, kind: str) -> list[str]:
    lines = _lines(doc_id)
    return [lines[int(n) - 1] for n, k in DOCS[doc_id]["lines"].items() if k == kind]


def _all_text() -> str:
    return "\n".join("\n".join(_lines(doc_id)) for doc_id in DOCS)


def _occurs(form: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text) is not None


def test_top_level_format_matches_seeds_gold() -> None:
    assert set(GOLD) == {"about", "documents", "entities"}
    assert isinstance(GOLD["about"], str) and GOLD["about"]
    assert set(GOLD["entities"]) == {"about", "same", "distinct", "not_entities"}


def test_gold_covers_exactly_the_sample_files() -> None:
    on_disk = {f"{s}/{p.name}" for s in SOURCES for p in (ROOT / "raw" / s).glob("*.txt")}
    assert on_disk == set(DOCS)
    for source in SOURCES:
        assert sum(d.startswith(source + "/") for d in DOCS) >= 5, source


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_document_labels_are_complete_and_consistent(doc_id: str) -> None:
    doc = DOCS[doc_id]
    assert set(doc) <= DOC_KEYS and {"title", "authors", "lines", "comments"} <= set(doc)
    raw = (ROOT / "raw" / doc_id).read_bytes()
    assert 1500 <= len(raw) <= 7000, len(raw)
    lines = raw.decode("utf-8").split("\n")

    labels = {int(n): kind for n, kind in doc["lines"].items()}
    non_empty = {i for i, line in enumerate(lines, start=1) if line.strip()}
    unlabelled, labelled_empty = sorted(non_empty - set(labels)), sorted(set(labels) - non_empty)
    assert not unlabelled and not labelled_empty, (unlabelled, labelled_empty)
    assert set(labels.values()) <= KINDS

    assert labels[1] == "title" and list(labels.values()).count("title") == 1
    assert lines[0] == doc["title"]

    assert doc["authors"], "every sample names at least one author"
    meta = "\n".join(lines[i - 1] for i, k in labels.items() if k in {"byline", "author_bio", "highlights"})
    for author in doc["authors"]:
        assert author in meta, author

    for n, prefix in doc.get("dateline_prefix", {}).items():
        assert labels[int(n)] == "body"
        assert lines[int(n) - 1].lstrip().startswith(prefix)
        assert prefix.strip() == prefix

    n_comment_lines = sum(k == "comment" for k in labels.values())
    assert isinstance(doc["comments"], int)
    assert (doc["comments"] > 0) == (n_comment_lines > 0)
    assert doc["comments"] <= n_comment_lines

    assert "body" in labels.values()


def test_every_kind_occurs_across_the_samples() -> None:
    seen = Counter(k for doc in DOCS.values() for k in doc["lines"].values())
    assert set(seen) == KINDS, KINDS - set(seen)


def test_every_source_has_a_promo_line_repeated_verbatim_in_most_documents() -> None:
    for source in SOURCES:
        ids = [d for d in DOCS if d.startswith(source + "/")]
        counts = Counter(line.strip() for d in ids for line in set(_labelled(d, "promo")))
        line, n = counts.most_common(1)[0]
        assert n > len(ids) / 2, (source, line, n)


def test_comment_styles_and_dateline_prefixes_are_all_represented() -> None:
    comment_lines = [line.strip() for d in DOCS for line in _labelled(d, "comment")]
    assert any(re.match(r"\d+\. ", line) for line in comment_lines)
    assert any(line.endswith(" says:") for line in comment_lines)
    meta = {line.strip() for d in DOCS for line in _labelled(d, "comments_meta")}
    assert {"Comments are closed.", "Leave a comment"} <= meta
    assert any(re.fullmatch(r"\d+ Comments", m) for m in meta)
    prefixes = {p for doc in DOCS.values() for p in doc.get("dateline_prefix", {}).values()}
    assert "(CNN)" in prefixes and "(Reuters) —" in prefixes
    assert any(re.fullmatch(r"[A-Z]+ \((AP|Reuters|AFP)\) —", p) for p in prefixes)


def test_syndicated_copy_is_a_near_duplicate_of_the_original() -> None:
    original = [line.strip() for line in _labelled(ORIGINAL, "body") + _labelled(ORIGINAL, "heading")]
    copy = [line.strip() for line in _labelled(SYNDICATED, "body") + _labelled(SYNDICATED, "heading")]
    assert set(original) < set(copy)
    assert len(set(copy) - set(original)) == 1  # the blog's own intro line
    assert DOCS[ORIGINAL]["title"] == DOCS[SYNDICATED]["title"]
    assert set(_labelled(ORIGINAL, "promo")).isdisjoint(_labelled(SYNDICATED, "promo"))


def test_putin_and_kim_jong_un_share_sentences_in_several_documents() -> None:
    kim = re.compile(r"Kim Jong[ -][Uu]n")
    docs_with_both = [
        d for d in DOCS if any("Putin" in line and kim.search(line) for line in _labelled(d, "body"))
    ]
    assert len(docs_with_both) >= 3, docs_with_both


def test_entity_forms_occur_in_the_samples_and_groups_do_not_overlap() -> None:
    text = _all_text()
    entities = GOLD["entities"]
    group_of: dict[str, int] = {}
    for i, group in enumerate(entities["same"]):
        assert len(group) >= 2
        for form in group:
            assert _occurs(form, text), form
            assert form not in group_of, f"{form} is in two 'same' groups"
            group_of[form] = i
    for a, b in entities["distinct"]:
        assert _occurs(a, text) and _occurs(b, text), (a, b)
        assert a != b
        if a in group_of and b in group_of:
            assert group_of[a] != group_of[b], (a, b)
    for phrase in entities["not_entities"]:
        assert phrase in text, phrase
