"""Turn spaCy's raw entity spans into clean mentions: kept labels, no possessives, inside one sentence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipelines.nlp.records import Sentence

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# labels whose names are proper nouns: a plain lowercase word or a Title-Cased function word in them
# means spaCy took a phrase or a headline fragment for a name
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})

# lowercase words that do occur inside names ('Bank of America', 'Ludwig van Beethoven', 'bin Salman')
_NAME_PARTICLES = frozenset(
    {
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "at",
        "de",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "da",
        "du",
        "di",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "ben",
        "y",
        "e",
        "des",
        "dos",
        "das",
        "zu",
        "to",
        "&",
        "a",
        "an",
        "upon",
        "st",
        "ul",
        "ur",
        "abu",
    }
)
# Title-Cased words that a headline has and a name almost never has
_HEADLINE_WORDS = frozenset(
    {
        "should",
        "would",
        "could",
        "will",
        "must",
        "may",
        "might",
        "can",
        "shall",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "meet",
        "meets",
        "says",
        "said",
        "with",
        "from",
        "into",
        "over",
        "about",
        "after",
        "before",
        "against",
        "why",
        "how",
        "what",
        "when",
        "who",
        "where",
        "not",
        "his",
        "her",
        "their",
        "its",
        "our",
        "your",
        "my",
        "he",
        "she",
        "they",
        "we",
        "it",
        "this",
        "that",
        "these",
        "those",
        "to",
        "than",
        "then",
        "if",
        "but",
        "or",
        "gets",
        "get",
        "wants",
        "want",
        "needs",
        "need",
        "makes",
        "make",
        "takes",
        "take",
        "calls",
    }
)
# labels and notices of page furniture that spaCy sometimes tags as names
_FURNITURE = re.compile(
    r"^(story highlights|comments? (are|is) closed|related|advertisement|read more|share this|"
    r"follow us|sign up|subscribe|click here|photo|video|getty images|ap photo|reuters photo)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$")
_EDGE_JUNK = "\"'“”‘’«»()[]{}<>,;:.!?-–—*•·/\\|"
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# spaCy splits 'Jae-in' into 'Jae', '-', 'in' and may end a name at 'Jae'; these pieces finish the name
_NAME_TAIL = re.compile(r"-[a-z]{1,4}\b")
_NOT_NAME_TAILS = frozenset({"-era", "-led", "-like", "-type", "-run", "-born", "-made", "-free", "-wide"})


@dataclass(frozen=True)
class RawSpan:
    """An entity span as spaCy found it: character offsets into body_text and its label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class CleanSpan:
    start: int
    end: int
    label: str
    sentence_index: int


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace, quotes and punctuation at both ends; keep a final '.' of an abbreviation."""
    while start < end and (text[start].isspace() or text[start] in _EDGE_JUNK):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_JUNK):
        if (
            text[end - 1] == "."
            and end - start >= 2
            and re.search(r"(?:^|[\s.])[A-Za-z]\.$", text[start:end])
        ):
            break  # 'U.S.', 'H.W.', 'Jr.' style abbreviation: the dot belongs to the name
        if text[end - 1] == "." and text[start:end].endswith(("Jr.", "Sr.", "Inc.", "Co.", "Corp.", "Ltd.")):
            break
        end -= 1
    return start, end


def _shrink(text: str, start: int, end: int, label: str, sentence_start: int) -> tuple[int, int]:
    """Possessive endings and a leading 'the' (always for people, mid-sentence lowercase for the rest)."""
    for _ in range(3):
        before = (start, end)
        start, end = _strip_edges(text, start, end)
        surface = text[start:end]
        poss = _POSSESSIVE.search(surface)
        if poss:
            end -= 2  # "Trump's" -> "Trump"; "Russians'" loses its quote in _strip_edges
        the = _LEADING_THE.match(text[start:end])
        if the and (label == "PERSON" or text[start] == "t" or start == sentence_start):
            start += the.end()
        if (start, end) == before:
            break
    return start, end


def _looks_like_name(surface: str, label: str) -> bool:
    """False for page furniture, phrases and headline fragments that spaCy took for a name."""
    if _FURNITURE.match(surface) or not any(ch.isalpha() for ch in surface):
        return False
    if len(surface) < 2:
        return False
    if label not in _NAME_LABELS:
        return True
    words = surface.split()
    for i, word in enumerate(words):
        bare = word.strip(_EDGE_JUNK)
        if not bare:
            continue
        if bare.isalpha() and bare.islower() and bare not in _NAME_PARTICLES:
            return False
        if i > 0 and bare[0].isupper() and bare.lower() in _HEADLINE_WORDS:
            return False
    return True


def _is_headline_like(sentence: Sentence) -> bool:
    """A heading, or a Title Cased line: where spaCy takes 'Obama Leave Romney' for a person."""
    words = [w for w in sentence.text.split() if w[:1].isalpha()]
    if sentence.is_heading:
        return True
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _confirmed_in_prose(surface: str, label: str, prose: str) -> bool:
    """A long person or organisation name from a headline counts only if the prose writes it too."""
    return label not in ("PERSON", "ORG") or len(surface.split()) < 3 or surface in prose


def clean_spans(text: str, spans: Iterable[RawSpan], sentences: Sequence[Sentence]) -> list[CleanSpan]:
    """Kept-label spans, cleaned, each clipped to the sentence it starts in; junk is dropped."""
    starts = [s.start_char for s in sentences]
    headline_like = {s.index for s in sentences if _is_headline_like(s)}
    prose = "\n".join(s.text for s in sentences if s.index not in headline_like)
    cleaned: list[CleanSpan] = []
    for span in spans:
        if span.label not in KEPT_LABELS:
            continue
        start, end = _strip_edges(text, span.start, span.end)
        if start >= end:
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or start >= sentences[i].end_char:
            continue  # outside every sentence (e.g. between blocks)
        sentence = sentences[i]
        tail = _NAME_TAIL.match(text, end)
        if span.label == "PERSON" and tail and tail.group() not in _NOT_NAME_TAILS:
            end = tail.end()
        start, end = _shrink(text, start, min(end, sentence.end_char), span.label, sentence.start_char)
        if start >= end or not _looks_like_name(text[start:end], span.label):
            continue
        if sentence.index in headline_like and not _confirmed_in_prose(text[start:end], span.label, prose):
            continue
        if cleaned and start < cleaned[-1].end:
            continue  # never two mentions over the same characters
        cleaned.append(CleanSpan(start, end, span.label, sentence.index))
    return cleaned
