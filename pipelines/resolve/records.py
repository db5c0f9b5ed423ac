"""Input and output of entity resolution across documents."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MentionRef:
    """A mention as resolution sees it: its within-document name and label."""

    doc_id: str
    mention_index: int
    name: str
    label: str
    text: str | None = None  # the mention as written; when given, full-form mentions decide the label vote


@dataclass(frozen=True)
class Entity:
    entity_id: str  # stable: derived from the normalised canonical name
    canonical_name: str
    label: str  # majority vote of its mentions' labels
    aliases: tuple[str, ...]  # every distinct name that resolved to it


@dataclass(frozen=True)
class Resolution:
    entities: list[Entity]
    assignment: dict[tuple[str, int], str]  # (doc_id, mention_index) -> entity_id
