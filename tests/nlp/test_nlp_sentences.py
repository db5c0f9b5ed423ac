"""Sentence boundaries a reader would agree with, and offsets that point back into body_text."""

from __future__ import annotations

import pytest

from pipelines.nlp import BodySpan, body_spans
from pipelines.nlp.sentences import split_sentences


def sentences_of(text: str) -> list[str]:
    found = split_sentences(text, body_spans(text))
    for s in found:
        assert text[s.start_char : s.end_char] == s.text
        assert s.text == s.text.strip() and s.text
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "George H.W. Bush met Mr. Smith at 5 p.m. in the U.S. on Monday. They spoke for an hour.",
            ["George H.W. Bush met Mr. Smith at 5 p.m. in the U.S. on Monday.", "They spoke for an hour."],
        ),
        (
            "See No. 5 on the list. It is the longest.",
            ["See No. 5 on the list.", "It is the longest."],
        ),
        (
            'He shouted "Stop! Who goes there?" and waited. Nobody answered.',
            ['He shouted "Stop! Who goes there?" and waited.', "Nobody answered."],
        ),
        (
            "She works at Yahoo! and likes it. Her brother does not.",
            ["She works at Yahoo! and likes it.", "Her brother does not."],
        ),
        (
            "The plan (approved by the board in Jan. 2020) failed. A new one followed.",
            ["The plan (approved by the board in Jan. 2020) failed.", "A new one followed."],
        ),
        (
            "Wait... what happened next? Nobody knows.",
            ["Wait... what happened next?", "Nobody knows."],
        ),
    ],
)
def test_hard_boundaries(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_numbered_and_bulleted_lists_split_per_item() -> None:
    text = "Steps:\n1. Open the box.\n2. Take the device out.\n\n• First point here.\n• Second point here."
    got = sentences_of(text)
    assert any(s.endswith("Open the box.") for s in got)
    assert any(s.endswith("Take the device out.") for s in got)
    assert not any("Open the box." in s and "Take the device out." in s for s in got)
    assert not any("First point" in s and "Second point" in s for s in got)


def test_sentence_never_crosses_a_block_and_heading_is_one_sentence() -> None:
    text = "A Heading Without A Stop. Really\n\nThe body starts here and goes on"
    spans = [BodySpan(3, 0, 32, True), BodySpan(5, 34, len(text), False)]
    got = split_sentences(text, spans)
    assert [(s.text, s.block_index, s.is_heading) for s in got] == [
        ("A Heading Without A Stop. Really", 3, True),
        ("The body starts here and goes on", 5, False),
    ]
    assert [s.index for s in got] == [0, 1]


def test_repeated_sentences_get_their_own_offsets() -> None:
    text = "  Hello world.   Hello world.  Hello   world.  "
    got = split_sentences(text, body_spans(text))
    assert [s.text for s in got] == ["Hello world.", "Hello world.", "Hello   world."]
    assert len({s.start_char for s in got}) == 3
    for s in got:
        assert text[s.start_char : s.end_char] == s.text


def test_no_text_is_lost_between_sentences() -> None:
    text = "First one.\u00a0 Second one?! Third: “quoted.” Fourth…  fifth.\n\nLast paragraph"
    got = split_sentences(text, body_spans(text))
    covered = "".join(text[s.start_char : s.end_char] for s in got)
    assert "".join(covered.split()) == "".join(text.split())


def test_body_spans_split_on_blank_lines() -> None:
    text = "One para.\n\n\n  \nTwo para.\nstill two.\n\n"
    spans = body_spans(text)
    assert [text[s.start : s.end].strip() for s in spans] == ["One para.", "Two para.\nstill two."]
    assert [s.block_index for s in spans] == [0, 1]


def test_a_long_block_is_split_in_pieces_with_the_same_sentences() -> None:
    """One huge block (a 20 MB JSON line's body) costs pySBD time linear in its length: it is cut where
    a sentence surely ends, and the sentences are those of the whole block."""
    import pipelines.nlp.sentences as sentences

    words = ("harbour", "council", "ferry", "budget", "Dr. Okafor", "the U.S. envoy", "Mr. Lund", "vote")
    text = " ".join(
        f"On day {n} {words[n % 8]} met {words[(n * 3) % 8]} about the {words[(n * 5) % 8]} plan."
        for n in range(400)
    )
    span = [BodySpan(block_index=0, start=0, end=len(text), is_heading=False)]
    pieces = sentences.block_pieces(text, 2_000)
    assert len(pieces) > 5 and all(end - start <= 2_000 for start, end in pieces)
    assert [start for start, _ in pieces[1:]] == [end for _, end in pieces[:-1]]
    whole = split_sentences(text, span, piece_chars=10**9)  # the whole block at once, as pySBD alone
    cut = split_sentences(text, span, piece_chars=2_000)
    assert [(s.start_char, s.end_char) for s in cut] == [(s.start_char, s.end_char) for s in whole]
    assert len(whole) == 400
