"""NLP stage: pySBD sentences per kept block and cleaned spaCy entity mentions with offsets."""

from pipelines.nlp.analyzer import Analyzer
from pipelines.nlp.records import AnalyzedDocument, BodySpan, Mention, Sentence
from pipelines.nlp.sentences import body_spans

__all__ = ["AnalyzedDocument", "Analyzer", "BodySpan", "Mention", "Sentence", "body_spans"]
