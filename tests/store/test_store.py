"""The store on its own: schema, the seven-day duplicate-sentence rule, write-audit-publish files."""

from datetime import date, datetime
from pathlib import Path

import duckdb

from pipelines.store.database import open_database, statement
from pipelines.store.publish import publish, start_staging
from pipelines.store.writes import insert_rows

NOW = datetime(2024, 3, 1, 12, 0)


def add_document(
    con: duckdb.DuckDBPyConnection, doc_id: str, source: str, day: date, run_id: str, sentences: list[str]
) -> None:
    body = "\n\n".join(sentences)
    insert_rows(
        con,
        "documents",
        [
            {
                "doc_id": doc_id,
                "raw_id": f"raw-{doc_id}",
                "source": source,
                "title": doc_id,
                "authors": [],
                "dateline": None,
                "published_date": day,
                "url": None,
                "body_text": body,
                "word_count": len(body.split()),
                "block_count": len(sentences),
                "comment_count": 0,
                "near_duplicate_of": None,
                "extracted_text": None,
                "ingested_at": NOW,
                "run_id": run_id,
            }
        ],
    )
    rows, offset = [], 0
    for index, text in enumerate(sentences):
        rows.append(
            {
                "doc_id": doc_id,
                "sentence_index": index,
                "start_char": offset,
                "end_char": offset + len(text),
                "text": text,
                "block_index": index,
                "is_heading": False,
                "is_duplicate": False,
                "run_id": run_id,
            }
        )
        offset += len(text) + 2
    insert_rows(con, "sentences", rows)


def flagged(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[bool]:
    rows = con.execute(
        "SELECT is_duplicate FROM sentences WHERE doc_id = ? ORDER BY sentence_index", [doc_id]
    ).fetchall()
    return [flag for (flag,) in rows]


def test_sentence_repeated_by_a_source_within_a_week_is_flagged(tmp_path: Path) -> None:
    con = open_database(tmp_path / "w.duckdb")
    footer = "Follow the desk for live updates from every capital."
    add_document(con, "old", "desk", date(2024, 3, 1), "run-1", ["Talks opened in Hanoi.", footer])
    add_document(con, "new", "desk", date(2024, 3, 5), "run-2", ["Talks ended early.", footer])
    add_document(con, "late", "desk", date(2024, 3, 20), "run-2", [footer])
    add_document(con, "other", "blog", date(2024, 3, 5), "run-2", [footer])
    con.execute(statement("mark_duplicate_sentences"), ["desk", "run-2"])
    assert flagged(con, "new") == [False, True]  # seen four days before in the same source
    assert flagged(con, "late") == [False]  # more than seven days later
    assert flagged(con, "old") == [False, False]  # the first occurrence is not a duplicate
    assert flagged(con, "other") == [False]  # another source


def test_failed_run_leaves_nothing_in_staging_but_its_quality_history(tmp_path: Path) -> None:
    published, staging = tmp_path / "news.duckdb", tmp_path / "staging.duckdb"
    start_staging(published, staging)
    con = open_database(staging)
    add_document(con, "kept", "desk", date(2024, 3, 1), "run-1", ["Kept after publishing."])
    con.close()
    publish(staging, published)
    # A second run writes a document, its audit fails (a dq_results row says so), nothing is published.
    start_staging(published, staging)
    con = open_database(staging)
    add_document(con, "bad", "desk", date(2024, 3, 2), "run-2", ["Never published."])
    con.execute("INSERT INTO dq_results VALUES ('run-2', 'documents', 'x', false, '1', '[]', now())")
    con.close()
    before = published.read_bytes()
    start_staging(published, staging)  # the next run starts from the published file
    con = duckdb.connect(str(staging), read_only=True)
    assert con.execute("SELECT list(doc_id) FROM documents").fetchone()[0] == ["kept"]
    assert con.execute("SELECT run_id, success FROM dq_results").fetchall() == [("run-2", False)]
    con.close()
    assert published.read_bytes() == before
