"""Stage 4: resolve every mention to a canonical entity across documents and sources."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.resolve import AliasTable, resolve_entities
from pipelines.resolve.records import MentionRef
from pipelines.store.database import run_statements


@dataclass
class ResolveSummary:
    new_mentions: int = 0
    entities: int = 0
    mentions_resolved: int = 0


def resolve_warehouse_entities(
    con: duckdb.DuckDBPyConnection, run_id: str, aliases: AliasTable | None = None
) -> ResolveSummary:
    """Re-resolve all mentions when new ones arrived; with none, entities are left exactly as they were."""
    (new_mentions,) = con.execute("SELECT count(*) FROM entity_mentions WHERE entity_id IS NULL").fetchone()
    if new_mentions == 0:
        (entities,) = con.execute("SELECT count(*) FROM entities").fetchone()
        return ResolveSummary(new_mentions=0, entities=entities, mentions_resolved=0)
    refs = [
        MentionRef(doc_id=doc_id, mention_index=index, name=name, label=label, text=text)
        for doc_id, index, name, label, text in con.execute(
            "SELECT doc_id, mention_index, name, label, text FROM entity_mentions "
            "ORDER BY doc_id, mention_index"
        ).fetchall()
    ]
    resolution = resolve_entities(refs, aliases)
    entities = pd.DataFrame(
        {
            "entity_id": [e.entity_id for e in resolution.entities],
            "canonical_name": [e.canonical_name for e in resolution.entities],
            "label": [e.label for e in resolution.entities],
            "aliases": [list(e.aliases) for e in resolution.entities],
        }
    )
    assignment = pd.DataFrame(
        [(doc_id, index, entity_id) for (doc_id, index), entity_id in resolution.assignment.items()],
        columns=["doc_id", "mention_index", "entity_id"],
    )
    con.register("_resolved_entities", entities)
    con.register("_mention_assignment", assignment)
    try:
        run_statements(con, "rebuild_entities", [run_id])
    finally:
        con.unregister("_resolved_entities")
        con.unregister("_mention_assignment")
    return ResolveSummary(
        new_mentions=new_mentions, entities=len(resolution.entities), mentions_resolved=len(assignment)
    )
