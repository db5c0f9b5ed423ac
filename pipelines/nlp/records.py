"""What the NLP stage returns for one document: sentences and entity mentions with offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BodySpan:
    """A kept block's place in body_text; sentences never cross these."""

    block_index: int
    start: int
    end: int
    is_heading: bool


@dataclass(frozen=True)
class Sentence:
    index: int
    start_char: int  # offsets into body_text, 0-based, end exclusive
    end_char: int
    text: str
    block_index: int
    is_heading: bool


@dataclass(frozen=True)
class Mention:
    index: int
    sentence_index: int
    start_char: int  # offsets into body_text; the span excludes possessive 's
    end_char: int
    text: str  # == body_text[start_char:end_char]
    label: str  # spaCy label
    name: str  # the name it stands for in its document: titles stripped, short form -> full name


@dataclass(frozen=True)
class AnalyzedDocument:
    doc_id: str
    sentences: list[Sentence]
    mentions: list[Mention]
