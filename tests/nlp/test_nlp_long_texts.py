"""Texts over spaCy's max_length (E088) go through in pieces, with offsets exact against the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.nlp import Analyzer, body_spans
from pipelines.nlp.analyzer import text_pieces, text_windows

REPO = Path(__file__).resolve().parents[2]
LIMIT = 600


def long_text() -> str:
    """Paragraphs of the bundled text dumps, each under half of LIMIT, many times over LIMIT in all."""
    paragraphs = []
    for path in sorted((REPO / "raw").glob("*/*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        paragraphs += [p.strip() for p in text.split("\n\n") if 80 < len(p.strip()) < LIMIT // 2]
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def small_limit() -> Analyzer:
    analyzer = Analyzer(n_process=1)
    analyzer.nlp.max_length = LIMIT
    return analyzer


def test_pieces_cover_the_text_within_the_limit_at_paragraph_breaks() -> None:
    text = long_text()
    pieces = text_pieces(text, LIMIT)
    assert len(pieces) > 5
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(0 < end - start <= LIMIT for start, end in pieces)
    assert all(text[end - 2 : end] == "\n\n" for _, end in pieces[:-1])
    windows = text_windows(text, LIMIT)
    assert [core for *_, core in windows][-1] == len(text)
    assert all(a[3] == b[2] for a, b in zip(windows, windows[1:], strict=False))
    assert all(left <= start < end <= right and right - left <= LIMIT for left, right, start, end in windows)


def test_a_paragraph_over_the_limit_is_cut_between_sentences_then_words() -> None:
    sentence = "The minister met the delegation in Geneva on Tuesday. "
    text = sentence * 40
    pieces = text_pieces(text, 200)
    assert all(text[end - 2 : end] == ". " for _, end in pieces[:-1])
    words = "word " * 100
    pieces = text_pieces(words, 42)
    assert all(words[end - 1] == " " and end - start <= 42 for start, end in pieces[:-1])
    assert text_pieces("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]  # no space at all: cut anyway


def test_long_text_matches_the_unsplit_analysis(analyzer: Analyzer, small_limit: Analyzer) -> None:
    text = long_text()
    assert len(text) > 5 * LIMIT
    spans = body_spans(text)
    (whole,) = analyzer.analyze([("d", text, spans)])
    (pieced,) = small_limit.analyze([("d", text, spans)])
    assert pieced == whole
    assert len(pieced.mentions) > 10
    for m in pieced.mentions:
        assert text[m.start_char : m.end_char] == m.text
    for s in pieced.sentences:
        assert text[s.start_char : s.end_char] == s.text


def test_one_long_paragraph_keeps_exact_offsets(small_limit: Analyzer) -> None:
    text = " ".join(
        f"President Emmanuel Macron met Xi Jinping in Paris on day {i} of the visit." for i in range(60)
    )
    (doc,) = small_limit.analyze([("d", text, body_spans(text))])
    assert len(text) > 5 * LIMIT
    assert len(doc.sentences) == 60
    assert {m.text for m in doc.mentions} >= {"Emmanuel Macron", "Xi Jinping", "Paris"}
    for m in doc.mentions:
        assert text[m.start_char : m.end_char] == m.text
        sentence = doc.sentences[m.sentence_index]
        assert sentence.start_char <= m.start_char < m.end_char <= sentence.end_char
