"""What the gate knows about the warehouse tables: which it checks, their keys, the allowed labels."""

from __future__ import annotations

from pipelines.clean.records import BLOCK_KINDS, EXTRACTIONS, KEPT_KINDS

SUITE_TABLES: tuple[str, ...] = (
    "raw_documents",
    "documents",
    "blocks",
    "comments",
    "sentences",
    "entity_mentions",
    "entities",
)

TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "raw_documents": ("raw_id",),
    "documents": ("doc_id",),
    "blocks": ("doc_id", "block_index"),
    "comments": ("doc_id", "comment_index"),
    "sentences": ("doc_id", "sentence_index"),
    "entity_mentions": ("doc_id", "mention_index"),
    "entities": ("entity_id",),
}

# tables whose keys are unique across the lake as soon as they are unique among the run's staged rows:
# entities replace their published rows at publication; the other tables' keys start with a doc_id that
# must be a document staged by the same run (doc_id_resolves), whose key is checked against the lake.
# Their suites need not scan the published table, whose size grows with the warehouse.
KEY_UNIQUE_IN_RUN: frozenset[str] = frozenset(
    {"entities", "blocks", "comments", "sentences", "entity_mentions"}
)

MENTION_LABELS: tuple[str, ...] = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
)
RAW_FORMATS: tuple[str, ...] = ("text", "html", "jsonl", "warc")
BLOCK_KIND_SET: tuple[str, ...] = tuple(sorted(BLOCK_KINDS))
KEPT_KIND_SET: tuple[str, ...] = tuple(sorted(KEPT_KINDS))
EXTRACTION_SET: tuple[str, ...] = tuple(sorted(EXTRACTIONS))
