"""Mentions a reader would accept: clean spans, inside their sentence, named as in the document."""

from __future__ import annotations

from pipelines.nlp import AnalyzedDocument, Analyzer, BodySpan, body_spans
from pipelines.nlp.mentions import KEPT_LABELS, RawSpan, clean_spans
from pipelines.nlp.sentences import split_sentences


def analyze(analyzer: Analyzer, text: str, spans: list[BodySpan] | None = None) -> AnalyzedDocument:
    (doc,) = analyzer.analyze([("d", text, spans if spans is not None else body_spans(text))])
    return doc


def assert_well_formed(text: str, doc: AnalyzedDocument) -> None:
    for m in doc.mentions:
        sentence = doc.sentences[m.sentence_index]
        assert text[m.start_char : m.end_char] == m.text
        assert sentence.start_char <= m.start_char < m.end_char <= sentence.end_char
        assert m.label in KEPT_LABELS
        assert not m.text.endswith(("'s", "’s"))
    assert [m.index for m in doc.mentions] == list(range(len(doc.mentions)))


def test_possessives_titles_and_short_forms(analyzer: Analyzer) -> None:
    text = (
        "President Donald Trump met Russian President Vladimir Putin in Helsinki on Monday.\n\n"
        "Trump’s aides said Putin's team had asked for the meeting. Mr. Trump agreed."
    )
    doc = analyze(analyzer, text)
    assert_well_formed(text, doc)
    names = {(m.text, m.name) for m in doc.mentions}
    assert ("Trump", "Donald Trump") in names
    assert ("Putin", "Vladimir Putin") in names
    assert not any("President" in m.name or m.name.startswith("Mr") for m in doc.mentions)
    assert {m.label for m in doc.mentions if m.text == "Helsinki"} == {"GPE"}


def test_drops_dates_numbers_and_page_furniture(analyzer: Analyzer) -> None:
    text = (
        "Story highlights\n\nOn Tuesday, 25 people gathered in Paris, France.\n\n"
        "Comments are closed.\n\nThe meeting cost $5 million."
    )
    doc = analyze(analyzer, text)
    assert_well_formed(text, doc)
    assert {m.text for m in doc.mentions} <= {"Paris", "France"}
    assert "Paris" in {m.text for m in doc.mentions}


def test_heading_fragments_are_not_people() -> None:
    text = "Trump Should Meet With Kim Jong-un"
    sentences = split_sentences(text, [BodySpan(0, 0, len(text), True)])
    kept = clean_spans(text, [RawSpan(0, 22, "PERSON"), RawSpan(23, len(text), "PERSON")], sentences)
    assert [text[c.start : c.end] for c in kept] == ["Kim Jong-un"]


def test_span_crossing_a_sentence_is_clipped_and_leading_the_goes() -> None:
    text = "He met the Smiths. Obama later came."
    sentences = split_sentences(text, body_spans(text))
    kept = clean_spans(text, [RawSpan(7, 24, "PERSON")], sentences)  # 'the Smiths. Obama'
    assert [(text[c.start : c.end], c.sentence_index) for c in kept] == [("Smiths", 0)]


def test_split_korean_given_name_is_completed(analyzer: Analyzer) -> None:
    text = "South Korean President Moon Jae-in will meet Kim Jong-un’s sister."
    doc = analyze(analyzer, text)
    assert_well_formed(text, doc)
    people = {m.text for m in doc.mentions if m.label == "PERSON"}
    assert "Moon Jae" not in people
    assert "Kim Jong-un" in {m.text for m in doc.mentions}


def test_streams_many_documents_in_order(analyzer: Analyzer) -> None:
    docs = [(f"doc{i}", f"Angela Merkel visited Berlin in week {i}.", None) for i in range(40)]
    out = analyzer.analyze((d, t, body_spans(t)) for d, t, _ in docs)
    assert next(out).doc_id == "doc0"  # results come before the whole input is consumed
    rest = list(out)
    assert [d.doc_id for d in rest] == [f"doc{i}" for i in range(1, 40)]
    assert all("Berlin" in {m.text for m in d.mentions} for d in rest)
