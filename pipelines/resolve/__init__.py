"""Entity resolution: names within a document, then canonical entities across documents."""

from pipelines.resolve.across_docs import resolve_entities
from pipelines.resolve.aliases import AliasTable, load_aliases
from pipelines.resolve.records import Entity, MentionRef, Resolution
from pipelines.resolve.within_doc import name_mentions

__all__ = [
    "AliasTable",
    "Entity",
    "MentionRef",
    "Resolution",
    "load_aliases",
    "name_mentions",
    "resolve_entities",
]
