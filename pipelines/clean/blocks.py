"""Cutting raw text into blocks, and fingerprints of blocks for repetition across a source."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from .settings import SETTINGS

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def split_blocks(text: str) -> list[tuple[int, int, str]]:
    """Every non-empty line is a block: (raw_start, raw_end, text) with text stripped of surrounding
    whitespace and text == raw[raw_start:raw_end]."""
    out = []
    pos = 0
    for line in text.split("\n"):
        left = line.lstrip()
        if left:
            stripped = left.rstrip()
            start = pos + len(line) - len(left)
            out.append((start, start + len(stripped), stripped))
        pos += len(line) + 1
    return out


def normalise(text: str) -> str:
    """Case, accents, punctuation and numbers folded: '20 Comments' and '21 comments' read the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DIGITS.sub("0", text)
    return _NON_WORD.sub(" ", text).strip()


def block_fingerprint(text: str) -> str:
    """Normalised key of a block's text, for finding blocks repeated across a source's documents."""
    return _digest(normalise(text))


def _digest(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def document_fingerprints(blocks: Iterable[str]) -> set[str]:
    """The distinct fingerprints of a document's blocks (blank ones left out): what the warehouse stores
    per document, so repetition across a source is counted without re-reading old block texts."""
    return distinct_fingerprints(line_fingerprints(blocks))


def line_fingerprints(blocks: Iterable[str]) -> tuple[str, ...]:
    """Each block's fingerprint in order, '' for a block without words (never recurring, never stored): a
    text's lines fingerprinted once serve both the count across the source and its classification."""
    return tuple(_digest(n) if n else "" for n in map(normalise, blocks))


def distinct_fingerprints(lines: Iterable[str]) -> set[str]:
    """The document_fingerprints of blocks whose line_fingerprints are at hand."""
    return set(lines) - {""}


def recurring_fingerprints(
    documents: Iterable[Iterable[str]],
    *,
    min_documents: int = SETTINGS.recurring_min_documents,
    earlier: Mapping[str, int] | None = None,
) -> frozenset[str]:
    """Fingerprints of blocks found in at least `min_documents` of the documents (each document given as
    its block texts) plus the `earlier` documents counted per fingerprint: menus, footers and 'Follow
    us' lines that a source repeats on every page."""
    return recurring_among((document_fingerprints(blocks) for blocks in documents), min_documents, earlier)


def recurring_among(
    fingerprint_sets: Iterable[set[str]],
    min_documents: int = SETTINGS.recurring_min_documents,
    earlier: Mapping[str, int] | None = None,
) -> frozenset[str]:
    """recurring_fingerprints from each document's fingerprints, when they are at hand already."""
    seen: Counter[str] = Counter(earlier or {})
    for fingerprints in fingerprint_sets:
        seen.update(fingerprints)
    return frozenset(fp for fp, n in seen.items() if n >= min_documents)
