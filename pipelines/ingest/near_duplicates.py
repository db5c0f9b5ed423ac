"""Near-duplicate articles (the same wire story re-posted with small edits) found by MinHash LSH."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.8
_SCHEME = "affine32"  # fixed, so signatures stored by one run compare with the next
_WORDS = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, scheme=_SCHEME)
_EMPTY = _TEMPLATE.hashvalues


def word_shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Every run of `size` consecutive words, lower-cased; a shorter text is one shingle of all its words."""
    words = _WORDS.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_signature(text: str) -> list[int]:
    """A MinHash of the text's word 5-shingles as plain ints, to store in DuckDB and load back unchanged."""
    # the template's permutations: drawing them again for every document took a tenth of the time
    minhash = MinHash(num_perm=NUM_PERM, scheme=_SCHEME, permutations=_TEMPLATE.permutations)
    minhash.update_batch([shingle.encode("utf-8") for shingle in word_shingles(text)])
    return minhash.hashvalues.tolist()


def _band_shape(threshold: float = THRESHOLD) -> tuple[int, int]:
    """Bands and rows per band that datasketch's MinHashLSH picks for this threshold and NUM_PERM."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


BANDS, ROWS_PER_BAND = _band_shape()


def band_keys(signature: Sequence[int]) -> list[str]:
    """LSH band keys of a signature: documents sharing one are the candidates MinHashLSH would return.

    Stored per document (table document_bands), they let a new document find its candidates with a join.
    """
    values = np.asarray(signature, dtype=np.uint64)
    rows = [values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND] for band in range(BANDS)]
    return [f"{i}:{hashlib.blake2b(row.tobytes(), digest_size=8).hexdigest()}" for i, row in enumerate(rows)]


def is_empty_signature(signature: Sequence[int]) -> bool:
    """The signature of a text without words: it never matches anything."""
    return bool(np.array_equal(np.asarray(signature, dtype=np.uint64), _EMPTY))


def estimated_jaccard(first: Sequence[int], second: Sequence[int]) -> float:
    """Share of equal MinHash slots: an estimate of the Jaccard similarity of the two shingle sets."""
    return float(np.mean(np.asarray(first, dtype=np.uint64) == np.asarray(second, dtype=np.uint64)))


class NearDuplicateIndex:
    """Documents seen so far, so each new one can name the earliest it nearly repeats (Jaccard >= 0.8)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

    def add(self, doc_id: str, signature: Sequence[int]) -> str | None:
        """The doc_id of the first-seen document this one nearly duplicates (None if none); then index it.

        A doc_id already indexed is not indexed twice; an empty text's signature never matches anything.
        """
        values = np.asarray(signature, dtype=np.uint64)
        if len(values) != NUM_PERM:
            raise ValueError(f"a signature has {NUM_PERM} values, got {len(values)}")
        if is_empty_signature(values):
            return None
        minhash = MinHash(scheme=_SCHEME, hashvalues=values, permutations=_TEMPLATE.permutations)
        matches = [
            candidate
            for candidate in self._lsh.query(minhash)
            if candidate != doc_id and np.mean(self._signatures[candidate] == values) >= self._threshold
        ]
        first = min(matches, key=self._order.__getitem__) if matches else None
        if doc_id not in self._order:
            self._lsh.insert(doc_id, minhash)
            self._signatures[doc_id] = values
            self._order[doc_id] = len(self._order)
        return first
