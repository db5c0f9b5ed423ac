"""A re-posted story with small edits points at the first copy seen; different stories do not."""

from __future__ import annotations

import json

from pipelines.ingest import NearDuplicateIndex, minhash_signature

STORY = " ".join(
    f"Paragraph {i}: the council met on Tuesday to discuss the harbour wall, the ferry timetable and "
    f"the budget for road repairs in ward {i}, and residents asked questions about parking."
    for i in range(12)
)
EDITED = STORY.replace("Paragraph 3:", "Paragraph three:") + " Updated at 5 p.m. with comment from the mayor."
OTHER = " ".join(
    f"Item {i}: the choir from Northfield school sang {i} songs at the regional festival and won a cup."
    for i in range(12)
)


def test_an_edited_copy_points_at_the_original() -> None:
    index = NearDuplicateIndex()
    assert index.add("original", minhash_signature(STORY)) is None
    assert index.add("other", minhash_signature(OTHER)) is None
    assert index.add("edited", minhash_signature(EDITED)) == "original"


def test_the_first_seen_copy_is_named_even_after_more_copies() -> None:
    index = NearDuplicateIndex()
    index.add("first", minhash_signature(STORY))
    index.add("second", minhash_signature(EDITED))
    assert index.add("third", minhash_signature(STORY + " Copyright Newswire.")) == "first"


def test_signatures_round_trip_through_plain_ints() -> None:
    stored = json.loads(json.dumps(minhash_signature(STORY)))
    assert all(type(value) is int for value in stored)
    refilled = NearDuplicateIndex()
    refilled.add("from-last-run", stored)
    assert refilled.add("today", minhash_signature(EDITED)) == "from-last-run"


def test_same_text_gives_the_same_signature_every_time() -> None:
    assert minhash_signature(STORY) == minhash_signature(STORY)


def test_empty_texts_are_not_duplicates_of_each_other() -> None:
    index = NearDuplicateIndex()
    assert index.add("a", minhash_signature("")) is None
    assert index.add("b", minhash_signature("   ")) is None


def test_adding_the_same_id_twice_does_not_match_itself() -> None:
    index = NearDuplicateIndex()
    signature = minhash_signature(STORY)
    index.add("doc", signature)
    assert index.add("doc", signature) is None
    assert len(index) == 1
