"""Sentence boundaries with pySBD, per kept block, with offsets that always point back into body_text."""

from __future__ import annotations

import importlib
import re
import types
from collections.abc import Iterator, Sequence
from functools import lru_cache

import pysbd

from pipelines.nlp.records import BodySpan, Sentence

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_NON_SPACE = re.compile(r"\S+")
# pySBD's time grows with the square of a block's length (0.1 MB: 5 s, 0.4 MB: 88 s), so a longer block
# is cut into pieces of at most this many characters, where a sentence surely ends: after a lowercase
# word of three letters or more and its full stop, before a capital (abbreviations such as 'Mr.' or
# 'U.S.' never match); else after the last space
PIECE_CHARS = 3_000
_SURE_END = re.compile(r"(?<=[a-z][a-z][a-z][.!?])\s+(?=[\"“‘(\[]?[A-Z])")
_SPACE = re.compile(r"\s+")


def body_spans(body_text: str) -> list[BodySpan]:
    """Spans of blank-line-separated paragraphs: the fallback when no block list comes with the text."""
    spans: list[BodySpan] = []
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(body_text), None]:
        end = brk.start() if brk else len(body_text)
        if body_text[start:end].strip():
            spans.append(BodySpan(block_index=len(spans), start=start, end=end, is_heading=False))
        if brk:
            start = brk.end()
    return spans


class _CachedRe(types.ModuleType):
    """The `re` module with a compile cache large enough for pySBD.

    pySBD builds a regex per abbreviation it meets and calls re.sub with the pattern string, which
    overflows the standard 512-entry cache; this one saved 3-13% of the sentence split's time as
    measured for issue 14 (a small gain, kept because it costs nothing).
    """

    def __init__(self) -> None:
        super().__init__("re")
        own = set(vars(type(self)))
        self.__dict__.update({k: v for k, v in vars(re).items() if not k.startswith("__") and k not in own})

    @staticmethod
    @lru_cache(maxsize=8192)
    def compile(pattern: str | re.Pattern[str], flags: int = 0) -> re.Pattern[str]:
        return re.compile(pattern, flags)

    def sub(self, pattern: str, repl: object, string: str, count: int = 0, flags: int = 0) -> str:
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(
        self, pattern: str, repl: object, string: str, count: int = 0, flags: int = 0
    ) -> tuple[str, int]:
        return self.compile(pattern, flags).subn(repl, string, count)

    def search(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).search(string)

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def findall(self, pattern: str, string: str, flags: int = 0) -> list[object]:
        return self.compile(pattern, flags).findall(string)

    def finditer(self, pattern: str, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
        return self.compile(pattern, flags).finditer(string)

    def split(self, pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[str | None]:
        return self.compile(pattern, flags).split(string, maxsplit)


_PYSBD_MODULES = (
    "abbreviation_replacer",
    "between_punctuation",
    "exclamation_words",
    "lists_item_replacer",
    "processor",
    "punctuation_replacer",
    "utils",
)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    cached = _CachedRe()
    for name in _PYSBD_MODULES:
        module = importlib.import_module(f"pysbd.{name}")
        if getattr(module, "re", None) is re:
            module.re = cached  # type: ignore[attr-defined]
    return pysbd.Segmenter(language="en", clean=False)


def _pysbd_sentences(block: str) -> list[str]:
    """pySBD's sentences of one block, before its own offset search (which drops what it cannot find)."""
    segmenter = _segmenter()
    return list(segmenter.processor(block).process())


def block_pieces(block: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering the block in order, each at most `limit` characters, cut where a
    sentence surely ends (else at a space, else at the limit): pySBD's cost stays linear in the block."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(block) - start > limit:
        stop = start + limit
        cut = None
        for pattern in (_SURE_END, _SPACE):
            ends = [m.end() for m in pattern.finditer(block, start + 1, stop) if m.end() < stop]
            if ends:
                cut = ends[-1]
                break
        cut = cut or stop
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(block)))
    return pieces


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _align(block: str, pieces: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Place pySBD's pieces back into the block in order, ignoring whitespace (pySBD may alter it).

    pySBD's own char_span offsets are unreliable (repeated sentences, rewritten whitespace), so each
    piece's non-space characters are matched against the block's non-space characters instead.
    """
    # map: position in the block's non-space stream -> char offset in the block
    positions = [m.start() + i for m in _NON_SPACE.finditer(block) for i in range(len(m.group()))]
    squeezed = "".join(block[p] for p in positions)
    cursor = 0
    for piece in pieces:
        wanted = "".join(piece.split())
        if not wanted:
            continue
        found = squeezed.find(wanted, cursor)
        if found < 0:  # pySBD rewrote characters: give up on this piece; the next one starts the rest
            continue
        last = found + len(wanted) - 1
        # text pySBD skipped (found > cursor) is attached to this sentence rather than lost
        yield positions[cursor], positions[last] + 1
        cursor = last + 1
    if cursor < len(squeezed):  # trailing text pySBD did not return
        yield positions[cursor], positions[-1] + 1


def split_sentences(
    body_text: str, spans: Sequence[BodySpan], piece_chars: int = PIECE_CHARS
) -> list[Sentence]:
    """Sentences of every kept block; a heading block is one sentence; nothing crosses a block."""
    sentences: list[Sentence] = []
    for span in spans:
        start, end = _trimmed(body_text, span.start, span.end)
        if start >= end:
            continue
        if span.is_heading:
            local = [(0, end - start)]
        else:
            block = body_text[start:end]
            local = [
                (at + s, at + e)
                for at, stop in block_pieces(block, piece_chars)
                for s, e in _align(block[at:stop], _pysbd_sentences(block[at:stop]))
            ]
        for s, e in local:
            s, e = _trimmed(body_text, start + s, start + e)
            if s < e:
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        start_char=s,
                        end_char=e,
                        text=body_text[s:e],
                        block_index=span.block_index,
                        is_heading=span.is_heading,
                    )
                )
    return sentences
