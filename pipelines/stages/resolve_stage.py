"""Stage 4: the run's new mentions join existing entities or make new ones, against state in the lake.

Only the name keys the new mentions can affect are loaded (resolve_increment); the touched entities are
rewritten in staging and replace their published rows at publication. When the alias table changed
since the last resolution (or on demand) every key is resolved again (a full resolution).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import duckdb
import pandas as pd

from pipelines.resolve import AliasTable, KeyCount, MentionRef, cluster_keys, link_keys, resolve_increment
from pipelines.resolve.across_docs import mention_key
from pipelines.resolve.names import name_key, strip_titles
from pipelines.resolve.records import Entity
from pipelines.store.database import run_statements, statement
from pipelines.store.lake import current_snapshot
from pipelines.store.publish import withdraw_documents_published_meanwhile
from pipelines.store.reads import probe
from pipelines.store.writes import insert_rows

T = TypeVar("T")
ATTEMPTS = 5  # resolutions of a run, at most, while other runs keep publishing entities of its names


@dataclass
class ResolveSummary:
    new_mentions: int = 0
    keys_resolved: int = 0
    entities_rewritten: int = 0
    full: bool = False


def aliases_hash(aliases: AliasTable) -> str:
    """A fingerprint of the alias table's content: a different one calls for a full resolution."""
    entries = sorted((key, entry.canonical, entry.label or "") for key, entry in aliases.by_key.items())
    return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()[:16]


class LakeResolutionState:
    """ResolutionState answered by joins on the lake's resolution tables, for the keys asked only."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def _ask(self, name: str, values: Iterable[str]) -> list[tuple]:
        """The rows of a statement (pipelines/store/sql/<name>.sql) for these values, as table _asked."""
        frame = pd.DataFrame({"v": sorted(set(values))}, dtype=object)
        return probe(self.con, "_asked", frame, statement(name), [])

    def key_counts(self, keys: set[str]) -> list[KeyCount]:
        rows = self._ask("lake_key_counts", keys)
        return [KeyCount(key, name, label, written, int(n)) for key, name, label, written, n in rows]

    def keys_with_links(self, links: set[str]) -> set[str]:
        rows = self._ask("lake_keys_with_links", links)
        return {key for (key,) in rows}

    def entity_of_keys(self, keys: set[str]) -> dict[str, str]:
        rows = self._ask("lake_entity_of_keys", keys)
        return dict(rows)

    def keys_of_entities(self, entity_ids: set[str]) -> set[str]:
        rows = self._ask("lake_keys_of_entities", entity_ids)
        return {key for (key,) in rows}


def _needs_full_resolution(con: duckdb.DuckDBPyConnection, current_hash: str) -> bool:
    """Published mentions resolved under another alias table, or never resolved (a migrated warehouse)."""
    (published,) = con.execute(statement("lake_has_mentions")).fetchone()
    if not published:
        return False
    last = con.execute(statement("last_aliases_hash")).fetchone()
    return last is None or last[0] != current_hash


def _stage_entities(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    entities: list[Entity],
    entity_of_key: dict[str, str],
    counts: list[KeyCount],
    links: list[tuple[str, str]],
) -> None:
    """The resolution's rows in staging: keys, counts, links, and the touched entities with their counts."""
    insert_rows(
        con,
        "entity_keys",
        [{"name_key": k, "entity_id": e, "run_id": run_id} for k, e in entity_of_key.items()],
    )
    insert_rows(
        con,
        "entity_name_counts",
        [
            {
                "name_key": c.key,
                "name": c.name,
                "label": c.label,
                "written": c.written,
                "mentions": c.mentions,
                "run_id": run_id,
            }
            for c in counts
        ],
    )
    insert_rows(
        con, "entity_key_links", [{"name_key": k, "link": link, "run_id": run_id} for k, link in links]
    )
    touched = pd.DataFrame(
        {
            "entity_id": [e.entity_id for e in entities],
            "canonical_name": [e.canonical_name for e in entities],
            "label": [e.label for e in entities],
            "aliases": [list(e.aliases) for e in entities],
        }
    )
    con.register("_touched_entities", touched)
    try:
        run_statements(con, "stage_entities", [run_id])
    finally:
        con.unregister("_touched_entities")


def _assign_new_mentions(
    con: duckdb.DuckDBPyConnection, keys: dict[tuple[str, int], str], entity_of_key: dict[str, str]
) -> None:
    assigned = pd.DataFrame(
        [(doc_id, index, key, entity_of_key[key]) for (doc_id, index), key in keys.items()],
        columns=["doc_id", "mention_index", "name_key", "entity_id"],
    )
    con.register("_assigned", assigned)
    try:
        con.execute(statement("assign_mentions"))
    finally:
        con.unregister("_assigned")


def _record(con: duckdb.DuckDBPyConnection, run_id: str, hash_: str, full: bool, keys: int) -> None:
    con.execute(statement("record_resolution"), [run_id, hash_, full, keys])


def resolve_incrementally(con: duckdb.DuckDBPyConnection, run_id: str, aliases: AliasTable) -> ResolveSummary:
    """Resolve the run's new mentions against the lake's resolution state."""
    refs = [
        MentionRef(doc_id=doc_id, mention_index=index, name=name, label=label, text=text)
        for doc_id, index, name, label, text in con.execute(statement("unresolved_mentions")).fetchall()
    ]
    if not refs:
        return ResolveSummary()
    increment = resolve_increment(refs, LakeResolutionState(con), aliases)
    _assign_new_mentions(con, increment.mention_keys, increment.entity_of_key)
    _stage_entities(
        con, run_id, increment.entities, increment.entity_of_key, increment.key_counts, increment.new_links
    )
    insert_rows(con, "retired_entities", [{"entity_id": e} for e in sorted(increment.retired_entity_ids)])
    _record(con, run_id, aliases_hash(aliases), False, len(increment.affected_keys))
    return ResolveSummary(
        new_mentions=len(refs),
        keys_resolved=len(increment.affected_keys),
        entities_rewritten=len(increment.entities),
    )


def resolve_everything(con: duckdb.DuckDBPyConnection, run_id: str, aliases: AliasTable) -> ResolveSummary:
    """Resolve every published and staged mention again: for a changed alias table, or on demand.

    Mentions are read as (name, label, written form) sums in SQL, so Python holds distinct names only.
    """
    rows = con.execute(statement("mention_name_sums")).fetchall()
    sums: Counter[tuple[str, str, str, str | None]] = Counter()
    key_of_name: dict[str, str] = {}
    for name, label, text, n in rows:
        key = key_of_name.setdefault(name, mention_key(MentionRef("", 0, name, label, text), aliases))
        if key:
            written = name_key(strip_titles(text)) if text else None
            sums[(key, name, label, written)] += int(n)
    counts = [KeyCount(*values, n) for values, n in sums.items()]
    resolution = cluster_keys(counts, aliases)
    insert_rows(
        con, "mention_name_keys", [{"name": n, "name_key": k or None} for n, k in key_of_name.items()]
    )
    new_keys = {
        (doc_id, index): key_of_name[name]
        for doc_id, index, name in con.execute(statement("staged_mention_names")).fetchall()
        if key_of_name[name]
    }
    _assign_new_mentions(con, new_keys, resolution.entity_of_key)
    links = [(key, link) for key in sorted(resolution.entity_of_key) for link in sorted(link_keys(key))]
    _stage_entities(con, run_id, resolution.entities, resolution.entity_of_key, counts, links)
    _record(con, run_id, aliases_hash(aliases), True, len(resolution.entity_of_key))
    (new_mentions,) = con.execute(statement("staged_row_count", table="entity_mentions")).fetchone()
    return ResolveSummary(
        new_mentions=int(new_mentions),
        keys_resolved=len(resolution.entity_of_key),
        entities_rewritten=len(resolution.entities),
        full=True,
    )


def resolve_run_entities(
    con: duckdb.DuckDBPyConnection, run_id: str, aliases: AliasTable, *, full: bool = False
) -> ResolveSummary:
    """Incremental resolution, or a full one when asked or when the alias table changed.

    The lake snapshot it starts from is kept (resolution_basis), so publication can tell whether another
    run published entities for the same names meanwhile.
    """
    insert_rows(con, "resolution_basis", [{"snapshot_id": current_snapshot(con)}])
    if full or _needs_full_resolution(con, aliases_hash(aliases)):
        return resolve_everything(con, run_id, aliases)
    return resolve_incrementally(con, run_id, aliases)


def resolution_is_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a run published entities sharing this run's names since its resolution began."""
    return bool(con.execute(statement("stale_resolution")).fetchone()[0])


def resolve_and_audit(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    aliases: AliasTable,
    audit: Callable[[], T],
    passed: Callable[[T], bool],
    *,
    full: bool = False,
) -> tuple[ResolveSummary, T]:
    """Resolve the run's entities, then audit them. An audit that fails after another run published
    entities of the same names judged a stale resolution against a newer lake (batches side by side):
    withdraw the documents that run published too, resolve again against that lake and audit again."""
    summary = resolve_run_entities(con, run_id, aliases, full=full)
    verdict = audit()
    for _ in range(ATTEMPTS - 1):
        if passed(verdict) or not resolution_is_stale(con):
            break
        withdraw_documents_published_meanwhile(con)  # their mentions would count twice
        clear_staged_resolution(con)
        summary = resolve_run_entities(con, run_id, aliases, full=full)
        verdict = audit()
    return summary, verdict


def clear_staged_resolution(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what a resolution staged, so the run can resolve again against a newer lake."""
    run_statements(con, "clear_staged_resolution", [])
