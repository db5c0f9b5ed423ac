"""`python -m pipelines.nlp FILE`: sentences and resolved mentions of one plain body text, as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipelines.nlp.analyzer import DEFAULT_MODEL, Analyzer
from pipelines.nlp.sentences import body_spans
from pipelines.resolve import MentionRef, load_aliases, resolve_entities


def main(argv: list[str] | None = None) -> int:
    """Print each sentence, then each mention with its label and canonical entity, one JSON object a line."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.nlp", description=__doc__)
    parser.add_argument("file", type=Path, help="plain body text; blank lines separate paragraphs")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy model package name")
    parser.add_argument("--aliases", type=Path, default=None, help="alias YAML (default: the shipped one)")
    args = parser.parse_args(argv)

    body_text = args.file.read_text(encoding="utf-8").replace("\r\n", "\n")
    doc_id = args.file.name
    (doc,) = Analyzer(args.model).analyze([(doc_id, body_text, body_spans(body_text))])
    resolution = resolve_entities(
        (MentionRef(doc_id, m.index, m.name, m.label, m.text) for m in doc.mentions),
        load_aliases(args.aliases),
    )
    entities = {e.entity_id: e for e in resolution.entities}
    out = sys.stdout
    for s in doc.sentences:
        record = {
            "type": "sentence",
            "index": s.index,
            "start": s.start_char,
            "end": s.end_char,
            "block": s.block_index,
            "is_heading": s.is_heading,
            "text": s.text,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for m in doc.mentions:
        entity = entities[resolution.assignment[(doc_id, m.index)]]
        record = {
            "type": "mention",
            "index": m.index,
            "sentence": m.sentence_index,
            "start": m.start_char,
            "end": m.end_char,
            "text": m.text,
            "label": m.label,
            "name": m.name,
            "entity_id": entity.entity_id,
            "canonical": entity.canonical_name,
            "entity_label": entity.label,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
