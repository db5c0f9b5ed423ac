"""Queries the stages need from the working warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb

Row = dict[str, Any]


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def known_keys(con: duckdb.DuckDBPyConnection, source: str) -> set[str]:
    """raw_ids and error_ids already recorded for a source: what a rerun must not read or report again."""
    rows = con.execute(
        "SELECT raw_id FROM raw_documents WHERE source = $1 UNION ALL "
        "SELECT error_id FROM ingest_errors WHERE source = $1",
        [source],
    ).fetchall()
    return {key for (key,) in rows}


def raw_documents_to_clean(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[Row]:
    """This run's raw records of a source whose text is not a document yet (first record per doc_id)."""
    return fetch_rows(
        con,
        """
        SELECT r.* FROM raw_documents r
        WHERE r.source = $1 AND r.run_id = $2
          AND r.doc_id NOT IN (SELECT doc_id FROM documents)
        QUALIFY row_number() OVER (PARTITION BY r.doc_id ORDER BY r.path, r.record) = 1
        ORDER BY r.path, r.record
        """,
        [source, run_id],
    )


def source_block_history(con: duckdb.DuckDBPyConnection, source: str) -> list[list[str]]:
    """Block texts of each earlier document of a source, for cross-document boilerplate detection."""
    rows = con.execute(
        "SELECT list(b.text ORDER BY b.block_index) FROM blocks b JOIN documents d USING (doc_id) "
        "WHERE d.source = ? GROUP BY b.doc_id",
        [source],
    ).fetchall()
    return [texts for (texts,) in rows]


def signatures(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[int]]]:
    """MinHash signatures of every stored document, oldest first, to refill the near-duplicate index."""
    rows = con.execute(
        "SELECT s.doc_id, s.minhash FROM document_signatures s JOIN documents d USING (doc_id) "
        "ORDER BY d.ingested_at, s.doc_id"
    ).fetchall()
    return [(doc_id, list(minhash)) for doc_id, minhash in rows]


def documents_to_analyze(
    con: duckdb.DuckDBPyConnection, source: str, run_id: str
) -> Iterator[tuple[str, str, list[Row]]]:
    """This run's new documents of a source with the body spans of their kept blocks, streamed."""
    cursor = con.cursor()
    cursor.execute(
        """
        SELECT d.doc_id, d.body_text,
               list({'block_index': b.block_index, 'start': b.body_start, 'end': b.body_end,
                     'is_heading': b.kind = 'heading'} ORDER BY b.block_index)
                 FILTER (WHERE b.kept) AS spans
        FROM documents d LEFT JOIN blocks b USING (doc_id)
        WHERE d.source = ? AND d.run_id = ?
        GROUP BY d.doc_id, d.body_text
        ORDER BY d.doc_id
        """,
        [source, run_id],
    )
    while batch := cursor.fetchmany(256):
        for doc_id, body_text, spans in batch:
            yield doc_id, body_text, spans or []
