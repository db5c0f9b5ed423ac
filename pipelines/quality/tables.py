"""What the gate knows about the warehouse tables: which it checks, their keys, the allowed labels."""

from __future__ import annotations

from pipelines.clean.records import BLOCK_KINDS, KEPT_KINDS

SUITE_TABLES: tuple[str, ...] = (
    "raw_documents", "documents", "blocks", "comments", "sentences", "entity_mentions", "entities",
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

# tables whose run rows replace the published rows of the same key (the others are appended)
REPLACED_AT_PUBLICATION: frozenset[str] = frozenset({"entities"})

MENTION_LABELS: tuple[str, ...] = (
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
)
RAW_FORMATS: tuple[str, ...] = ("text", "html", "jsonl", "warc")
BLOCK_KIND_SET: tuple[str, ...] = tuple(sorted(BLOCK_KINDS))
KEPT_KIND_SET: tuple[str, ...] = tuple(sorted(KEPT_KINDS))
