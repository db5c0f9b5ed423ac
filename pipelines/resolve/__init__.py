"""Entity resolution: names within a document, then canonical entities across documents."""

from pipelines.resolve.across_docs import (
    KeyCount,
    KeyResolution,
    aggregate_mentions,
    cluster_keys,
    link_keys,
    resolve_entities,
)
from pipelines.resolve.aliases import AliasTable, load_aliases
from pipelines.resolve.incremental import Increment, MemoryState, ResolutionState, resolve_increment
from pipelines.resolve.records import Entity, MentionRef, Resolution
from pipelines.resolve.within_doc import name_mentions

__all__ = [
    "AliasTable",
    "Entity",
    "Increment",
    "KeyCount",
    "KeyResolution",
    "MemoryState",
    "MentionRef",
    "Resolution",
    "ResolutionState",
    "aggregate_mentions",
    "cluster_keys",
    "link_keys",
    "load_aliases",
    "name_mentions",
    "resolve_entities",
    "resolve_increment",
]
