"""A small, valid synthetic warehouse (every table, every key and offset consistent), so the gate can be
tested and timed without the pipeline: tests break one row of it, the benchmark scales it up."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from pipelines.ingest.records import stable_id
from pipelines.settings import SCHEMA_SQL
from pipelines.store.database import statement

_CONSTRAINTS = re.compile(r"\s+PRIMARY KEY(?=[,\n])|\s+NOT NULL|,\n\s*PRIMARY KEY \([^)]*\)")
_PERSONS = ("Alice Smith", "Bob Jones", "Chen Wei", "Dana Perez")
_ORGS = ("Acme Corp", "the United Nations", "Globex")
_PLACES = ("Paris", "Berlin", "Nairobi", "Lima")


def create_schema(con: duckdb.DuckDBPyConnection, *, constraints: bool = True) -> None:
    """Create the warehouse tables from pipelines/store/sql/schema.sql; without constraints a test can
    write the duplicate or NULL keys that a store loading without them could produce."""
    ddl = SCHEMA_SQL.read_text(encoding="utf-8")
    con.execute(ddl if constraints else _CONSTRAINTS.sub("", ddl))


@dataclass
class SyntheticWarehouse:
    """Rows of one run, built a document at a time; write() inserts them with entities resolved."""

    run_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    started: datetime = datetime(2024, 3, 1, 12, 0, 0)

    def add_document(
        self, source: str = "world_desk", number: int = 0, *, title: str | None = "Summit"
    ) -> str:
        """Add one article (raw record, document, blocks, a comment, sentences, mentions); return doc_id."""
        person, org, place = (
            _PERSONS[number % len(_PERSONS)],
            _ORGS[number % len(_ORGS)],
            _PLACES[number % len(_PLACES)],
        )
        paragraphs = [
            [f"{person} arrived in {place} on day {number}.", f"{org} welcomed the visit."],
            [f"Talks with {org} lasted {number % 9 + 2} hours.", f"{person} left {place} at night."],
        ]
        parts = [
            ("title", title or "Untitled"),
            ("byline", "By Staff Reporter"),
            *(("body", " ".join(sentences)) for sentences in paragraphs),
            ("comment", "Reader42: Great piece."),
        ]
        raw_text = "\n\n".join(text for _, text in parts) + "\n"
        content_hash = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
        path = f"raw/{source}/article-{number:06d}.txt"
        raw_id, doc_id = stable_id(source, path, None, content_hash), stable_id(raw_text)
        ingested_at = self.started + timedelta(seconds=number)
        body_text = "\n\n".join(" ".join(sentences) for sentences in paragraphs)
        self.rows["raw_documents"].append(
            {
                "raw_id": raw_id,
                "doc_id": doc_id,
                "source": source,
                "path": path,
                "record": None,
                "format": "text",
                "content_hash": content_hash,
                "encoding": "utf-8",
                "byte_size": len(raw_text.encode("utf-8")),
                "raw_text": raw_text,
                "ingested_at": ingested_at,
                "run_id": self.run_id,
            }
        )
        self.rows["documents"].append(
            {
                "doc_id": doc_id,
                "raw_id": raw_id,
                "source": source,
                "title": title,
                "authors": ["Staff Reporter"],
                "dateline": None,
                "published_date": ingested_at.date(),
                "url": None,
                "body_text": body_text,
                "word_count": len(body_text.split()),
                "block_count": len(parts),
                "comment_count": 1,
                "near_duplicate_of": None,
                "extracted_text": None,
                "extraction": "lines",
                "ingested_at": ingested_at,
                "run_id": self.run_id,
            }
        )
        raw_at = body_at = 0
        sentence_index = mention_index = 0
        for block_index, (kind, text) in enumerate(parts):
            kept = kind == "body"
            self.rows["blocks"].append(
                {
                    "doc_id": doc_id,
                    "block_index": block_index,
                    "kind": kind,
                    "kept": kept,
                    "reason": "score:0.90" if kept else f"rule:{kind}",
                    "score": 0.9 if kept else None,
                    "text": text,
                    "raw_start": raw_at,
                    "raw_end": raw_at + len(text),
                    "body_start": body_at if kept else None,
                    "body_end": body_at + len(text) if kept else None,
                    "run_id": self.run_id,
                }
            )
            if kind == "comment":
                self.rows["comments"].append(
                    {
                        "doc_id": doc_id,
                        "comment_index": 0,
                        "author": "Reader42",
                        "text": "Great piece.",
                        "block_index": block_index,
                        "run_id": self.run_id,
                    }
                )
            if kept:
                sentence_at = body_at
                for sentence in text.split(". "):
                    sentence = sentence if sentence.endswith(".") else sentence + "."
                    self.rows["sentences"].append(
                        {
                            "doc_id": doc_id,
                            "sentence_index": sentence_index,
                            "start_char": sentence_at,
                            "end_char": sentence_at + len(sentence),
                            "text": sentence,
                            "block_index": block_index,
                            "is_heading": False,
                            "is_duplicate": False,
                            "run_id": self.run_id,
                        }
                    )
                    for name, label in ((person, "PERSON"), (org, "ORG"), (place, "GPE")):
                        found = sentence.find(name)
                        if found >= 0:
                            self.rows["entity_mentions"].append(
                                {
                                    "doc_id": doc_id,
                                    "mention_index": mention_index,
                                    "sentence_index": sentence_index,
                                    "start_char": sentence_at + found,
                                    "end_char": sentence_at + found + len(name),
                                    "text": name,
                                    "label": label,
                                    "name": name,
                                    "entity_id": stable_id("entity", name),
                                    "run_id": self.run_id,
                                    "name_key": stable_id("entity", name),
                                    "_source": source,
                                    "_seen": ingested_at,
                                }
                            )
                            mention_index += 1
                    sentence_index += 1
                    sentence_at += len(sentence) + 1
                body_at += len(text) + 2
            raw_at += len(text) + 2
        return doc_id

    def entity_rows(self, earlier_runs: tuple[SyntheticWarehouse, ...] = ()) -> list[dict[str, Any]]:
        """One entity per distinct name over this run's and earlier runs' mentions, rewritten by this run."""
        by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for run in (*earlier_runs, self):
            for mention in run.rows["entity_mentions"]:
                by_entity[mention["entity_id"]].append(mention)
        entities = []
        for entity_id, mentions in by_entity.items():
            first = min(mentions, key=lambda m: m["_seen"])
            entities.append(
                {
                    "entity_id": entity_id,
                    "canonical_name": first["name"],
                    "label": first["label"],
                    "aliases": sorted({m["text"] for m in mentions}),
                    "mention_count": len(mentions),
                    "document_count": len({m["doc_id"] for m in mentions}),
                    "source_count": len({m["_source"] for m in mentions}),
                    "first_doc_id": first["doc_id"],
                    "first_seen": first["_seen"],
                    "last_seen": max(m["_seen"] for m in mentions),
                    "run_id": self.run_id,
                }
            )
        return entities

    def write(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        with_entities: bool = True,
        earlier_runs: tuple[SyntheticWarehouse, ...] = (),
    ) -> None:
        """Insert every row of the run; entities (over earlier runs' mentions too) unless told not to."""
        entities = self.entity_rows(earlier_runs) if with_entities else []
        keys = [  # every mention's name_key is its entity_id here
            {"name_key": e["entity_id"], "entity_id": e["entity_id"], "run_id": self.run_id} for e in entities
        ]
        tables = {**self.rows, "entities": entities, "entity_keys": keys}
        for table, rows in tables.items():
            if not rows:
                continue
            frame = pd.DataFrame(rows).drop(columns=["_source", "_seen"], errors="ignore")
            con.register("synthetic_rows", frame)
            try:
                columns = list(frame.columns)
                con.execute(statement("copy_rows", target=table, origin="synthetic_rows", columns=columns))
            finally:
                con.unregister("synthetic_rows")


def build_synthetic_warehouse(
    con: duckdb.DuckDBPyConnection, run_id: str, documents: int, sources: int = 3
) -> SyntheticWarehouse:
    """Write a valid run of `documents` articles spread over `sources` sources into con's tables."""
    warehouse = SyntheticWarehouse(run_id)
    for number in range(documents):
        warehouse.add_document(f"source_{number % sources}", number)
    warehouse.write(con)
    return warehouse
