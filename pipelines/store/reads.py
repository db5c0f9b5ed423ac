"""Queries the stages ask: the run's own rows (the staging tables) and probes of what was published
(`lake.<table>`), each bounded by the new rows it is given, never the whole warehouse into Python."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import duckdb
import pandas as pd

from pipelines.store.database import statement

Row = dict[str, Any]


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def probe(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, sql: str, params: list[Any]
) -> list:
    """Run sql with `frame` registered as `name`: how the stages join a batch of new keys to the lake."""
    con.register(name, frame)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.unregister(name)


def stored_keys(con: duckdb.DuckDBPyConnection, source: str, keys: Iterable[str]) -> set[str]:
    """Which of these raw_ids / error_ids a source already has, published or staged by this run."""
    frame = pd.DataFrame({"key": sorted(set(keys))}, dtype=object)
    if frame.empty:
        return set()
    rows = probe(
        con,
        "_keys",
        frame,
        statement("stored_keys"),
        [source],
    )
    return {key for (key,) in rows}


def raw_documents_to_clean(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[Row]:
    """This run's raw records of a source whose text is not a document yet (first record per doc_id)."""
    return fetch_rows(con, statement("raw_documents_to_clean"), [source, run_id])


def earlier_block_counts(
    con: duckdb.DuckDBPyConnection, source: str, fingerprints: set[str]
) -> dict[str, int]:
    """For each of these block fingerprints, in how many published documents of the source it occurs
    (block_fingerprints holds a fingerprint once per document, so rows count documents)."""
    if not fingerprints:
        return {}
    rows = probe(
        con,
        "_fingerprints",
        pd.DataFrame({"fingerprint": sorted(fingerprints)}, dtype=object),
        statement("earlier_block_counts"),
        [source],
    )
    return {fingerprint: int(count) for fingerprint, count in rows}


def near_duplicate_candidates(con: duckdb.DuckDBPyConnection, bands: set[str]) -> list[tuple[str, list[int]]]:
    """Documents (published, or staged by this run) sharing an LSH band with the new ones, oldest first,
    with their MinHash signatures. Signatures are read for those documents only, usually none."""
    if not bands:
        return []
    hits = probe(
        con,
        "_bands",
        pd.DataFrame({"band": sorted(bands)}, dtype=object),
        statement("documents_sharing_bands"),
        [],
    )
    if not hits:
        return []
    rows = probe(
        con,
        "_hits",
        pd.DataFrame({"doc_id": sorted(doc_id for (doc_id,) in hits)}, dtype=object),
        statement("document_signatures"),
        [],
    )
    return [(doc_id, list(minhash)) for doc_id, minhash in rows]


def documents_to_analyze(
    con: duckdb.DuckDBPyConnection, source: str, run_id: str
) -> Iterator[tuple[str, str, list[Row]]]:
    """This run's new documents of a source with the body spans of their kept blocks, streamed."""
    (database,) = con.execute("SELECT current_database()").fetchone()
    cursor = con.cursor()  # a second connection, so the caller can write while this one streams
    cursor.execute(f"USE {database}")
    cursor.execute(statement("documents_to_analyze"), [source, run_id])
    while batch := cursor.fetchmany(256):
        for doc_id, body_text, spans in batch:
            yield doc_id, body_text, spans or []
