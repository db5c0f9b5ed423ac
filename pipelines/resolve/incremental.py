"""Incremental resolution: new mentions resolved against stored per-key state, equal to a full resolution.

A run never re-reads every mention: it aggregates its new mentions per name key, asks storage only about
the keys they can interact with (a fixpoint over shared link keys and stored entities), and re-clusters
that closed set of keys alone. The set is a union of connected components of the graph 'shares a link
key' (link_keys), and a component's clusters depend on its own counts only, so the result equals
resolve_entities over every mention ever seen. Assumes mentions are only ever added (counts only grow)
and the alias table is unchanged between runs (a changed table needs a full resolution).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pipelines.resolve.across_docs import (
    KeyCount,
    aggregate_mentions,
    alias_of_keys,
    cluster_keys,
    count_order,
    link_keys,
)
from pipelines.resolve.aliases import AliasTable, load_aliases
from pipelines.resolve.records import Entity, MentionRef, Resolution

_CountKey = tuple[str, str, str, str | None]  # (key, name, label, written)


class ResolutionState(Protocol):
    """What storage must answer for one increment; every answer is bounded by the keys or ids asked about."""

    def key_counts(self, keys: set[str]) -> list[KeyCount]:
        """Stored aggregates of these keys (none for a key never stored)."""
        ...

    def keys_with_links(self, links: set[str]) -> set[str]:
        """Stored keys having any of these link keys."""
        ...

    def entity_of_keys(self, keys: set[str]) -> dict[str, str]:
        """Current entity_id of each of these keys that is stored."""
        ...

    def keys_of_entities(self, entity_ids: set[str]) -> set[str]:
        """Every stored key of these entities."""
        ...


@dataclass(frozen=True)
class Increment:
    """What one run changes in storage; applying it leaves storage equal to a full resolution."""

    key_counts: list[KeyCount]  # new aggregates, to ADD to the stored (key, name, label, written) rows
    new_links: list[tuple[str, str]]  # (key, link key) of keys not stored before
    entity_of_key: dict[str, str]  # entity of every affected key; repoint mentions of the changed ones
    entities: list[Entity]  # every entity of the affected keys (upsert)
    retired_entity_ids: set[str]  # entities of affected keys before that no longer exist (delete)
    assignment: dict[tuple[str, int], str]  # (doc_id, mention_index) -> entity_id of the new mentions
    mention_keys: dict[tuple[str, int], str]  # (doc_id, mention_index) -> name key of the new mentions
    affected_keys: frozenset[str]  # the keys re-clustered: how much this run had to load


def _closure(
    new_counts: list[KeyCount], state: ResolutionState, aliases: AliasTable
) -> tuple[set[str], list[KeyCount], set[str], dict[str, str]]:
    """The keys the new counts can affect: (keys, their stored counts, stored keys, their old entities).

    Fixpoint from the new keys: stored keys sharing a link key, every key of their stored entities, their
    links in turn, until nothing new. Surname links (s:) are followed lazily, since every 'X Party'
    shares one: a multi-word key only pulls in the one-word key named by its last token, and a one-word
    key pulls in all keys with its surname only if it can act as a short form at all (a PERSON mention
    ever, no curated alias). Both conditions only ever become true as counts grow, so a key left out
    neither joined nor competed before the increment nor does after it.
    """
    new_keys = {row.key for row in new_counts}
    person = {row.key for row in new_counts if row.label == "PERSON"}
    alias_of_key = alias_of_keys(aliases)
    affected: set[str] = set()
    stored: set[str] = set()
    stored_counts: list[KeyCount] = []
    old_entity: dict[str, str] = {}
    asked: set[str] = set()
    followed: set[str] = set()
    frontier = set(new_keys)
    while frontier:
        asked |= frontier
        rows = state.key_counts(frontier)
        stored_counts += rows
        found = {row.key for row in rows}
        person |= {row.key for row in rows if row.label == "PERSON"}
        stored |= found
        batch = found | (frontier & new_keys)  # a surname asked about may not exist
        affected |= batch
        entities = state.entity_of_keys(found) if found else {}
        fresh_entities = set(entities.values()) - set(old_entity.values())
        old_entity.update(entities)
        more = state.keys_of_entities(fresh_entities) if fresh_entities else set()
        links: set[str] = set()
        for key in batch:
            for link in link_keys(key):
                if not link.startswith("s:"):
                    links.add(link)
                elif " " in key:
                    more.add(link.removeprefix("s:"))
                elif key in person and key not in alias_of_key:
                    links.add(link)
        links -= followed
        followed |= links
        if links:
            more |= state.keys_with_links(links)
        frontier = more - asked
    return affected, stored_counts, stored, old_entity


def resolve_increment(
    new_mentions: Iterable[MentionRef], state: ResolutionState, aliases: AliasTable | None = None
) -> Increment:
    """Resolve new mentions against stored state, loading only the keys they can affect.

    Applying the result to the state gives exactly what resolve_entities over all mentions would.
    """
    table = aliases if aliases is not None else load_aliases()
    new_counts, mention_keys = aggregate_mentions(new_mentions, table)
    affected, stored_counts, stored, old_entity = _closure(new_counts, state, table)
    sums: Counter[_CountKey] = Counter()
    for row in [*stored_counts, *new_counts]:
        sums[(row.key, row.name, row.label, row.written)] += row.mentions
    resolution = cluster_keys((KeyCount(*k, n) for k, n in sums.items()), table)
    current = {entity.entity_id for entity in resolution.entities}
    new_links = [
        (key, link)
        for key in sorted({row.key for row in new_counts} - stored)
        for link in sorted(link_keys(key))
    ]
    return Increment(
        key_counts=new_counts,
        new_links=new_links,
        entity_of_key=resolution.entity_of_key,
        entities=resolution.entities,
        retired_entity_ids=set(old_entity.values()) - current,
        assignment={ref: resolution.entity_of_key[key] for ref, key in mention_keys.items()},
        mention_keys=mention_keys,
        affected_keys=frozenset(affected),
    )


class MemoryState:
    """ResolutionState in memory, with apply(): the tests' warehouse and the reference for SQL storage."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[_CountKey]] = defaultdict(Counter)  # key -> its count rows
        self.links: dict[str, set[str]] = defaultdict(set)  # link key -> keys
        self.entity_by_key: dict[str, str] = {}
        self.keys_by_entity: dict[str, set[str]] = defaultdict(set)
        self.entities: dict[str, Entity] = {}
        self.assignment: dict[tuple[str, int], str] = {}  # mention -> entity_id
        self.key_of_mention: dict[tuple[str, int], str] = {}
        self.mentions_by_key: dict[str, set[tuple[str, int]]] = defaultdict(set)

    def key_counts(self, keys: set[str]) -> list[KeyCount]:
        rows = [KeyCount(*k, n) for key in keys if key in self.counts for k, n in self.counts[key].items()]
        return sorted(rows, key=count_order)

    def keys_with_links(self, links: set[str]) -> set[str]:
        return set().union(*(self.links.get(link, set()) for link in links))

    def entity_of_keys(self, keys: set[str]) -> dict[str, str]:
        return {key: self.entity_by_key[key] for key in keys if key in self.entity_by_key}

    def keys_of_entities(self, entity_ids: set[str]) -> set[str]:
        return set().union(*(self.keys_by_entity.get(entity_id, set()) for entity_id in entity_ids))

    def apply(self, increment: Increment) -> None:
        """Store an increment: add counts and links, repoint changed keys and mentions, swap entities."""
        for row in increment.key_counts:
            self.counts[row.key][(row.key, row.name, row.label, row.written)] += row.mentions
        for key, link in increment.new_links:
            self.links[link].add(key)
        for key, entity_id in increment.entity_of_key.items():
            before = self.entity_by_key.get(key)
            if before == entity_id:
                continue
            if before is not None:
                self.keys_by_entity[before].discard(key)
                for mention in self.mentions_by_key[key]:
                    self.assignment[mention] = entity_id
            self.entity_by_key[key] = entity_id
            self.keys_by_entity[entity_id].add(key)
        for mention, key in increment.mention_keys.items():
            before_key = self.key_of_mention.get(mention)
            if before_key is not None:  # a mention fed again: counted twice, as resolve_entities would
                self.mentions_by_key[before_key].discard(mention)
            self.key_of_mention[mention] = key
            self.mentions_by_key[key].add(mention)
            self.assignment[mention] = increment.assignment[mention]
        for entity_id in increment.retired_entity_ids:
            if self.keys_by_entity.pop(entity_id, set()):
                raise RuntimeError(f"retired entity {entity_id} still has keys")
            self.entities.pop(entity_id, None)
        for entity in increment.entities:
            self.entities[entity.entity_id] = entity

    def resolution(self) -> Resolution:
        """Everything stored, in the shape resolve_entities returns."""
        entities = sorted(self.entities.values(), key=lambda e: e.entity_id)
        return Resolution(entities=entities, assignment=dict(self.assignment))
