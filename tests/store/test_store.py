"""The store on its own: the seven-day duplicate-sentence rule across runs, publication as one lake
snapshot, a failed audit that changes nothing, and rollback to the previous publication."""

import os
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.store.database import open_analyst, open_staging, release_staging, run_statements
from pipelines.store.lake import attach_lake, current_snapshot, ensure_lake_schema, publications
from pipelines.store.maintenance import FAILED_RUN_DAYS, maintain_lake
from pipelines.store.rollback import rollback_latest
from pipelines.store.staging import start_staging
from pipelines.store.writes import StreamedRows, insert_rows
from tests.lake_helpers import lake_paths, publish, staged_run

TABLES = ("documents", "sentences", "entities", "entity_keys", "entity_mentions")

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


def test_bulk_inserts_keep_nulls_integers_and_lists_as_given() -> None:
    """A row's None is NULL, an integer column with NULLs keeps its integers (no float on the way), a key a
    row lacks is NULL, and list columns come back as the lists that went in."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id VARCHAR, n BIGINT, score DOUBLE, tags VARCHAR[], sig UBIGINT[])")
    rows = [
        {"id": "a", "n": 2**53 + 1, "score": None, "tags": [], "sig": [4_294_967_295, 0]},
        {"id": "b", "n": None, "score": 0.5, "tags": ["x", "y"]},
    ]
    assert insert_rows(con, "t", rows) == 2
    assert con.execute("SELECT * FROM t ORDER BY id").fetchall() == [
        ("a", 2**53 + 1, None, [], [4_294_967_295, 0]),
        ("b", None, 0.5, ["x", "y"], None),
    ]


def test_a_row_key_the_table_lacks_is_an_error_naming_it() -> None:
    """Rows go in by column name: a misspelt key fails the insert instead of its values being dropped."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id VARCHAR, n BIGINT)")
    with pytest.raises(duckdb.BinderException, match="nn"):
        insert_rows(con, "t", [{"id": "a", "nn": 1}])
    assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)


def flagged(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[bool]:
    rows = con.execute(
        "SELECT is_duplicate FROM sentences WHERE doc_id = ? ORDER BY sentence_index", [doc_id]
    ).fetchall()
    return [flag for (flag,) in rows]


def lake_state(paths: object, snapshot: int | None = None) -> dict[str, list[tuple]]:
    con = open_analyst(paths, snapshot=snapshot)  # type: ignore[arg-type]
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def test_sentence_repeated_by_a_source_within_a_week_is_flagged(tmp_path: Path) -> None:
    paths = lake_paths(tmp_path)
    footer = "Follow the desk for live updates from every capital."
    with staged_run(paths, "run-1") as con:
        add_document(con, "old", "desk", date(2024, 3, 1), "run-1", ["Talks opened in Hanoi.", footer])
        run_statements(con, "mark_duplicate_sentences", ["desk", "run-1"])
    publish(paths, "run-1")
    with staged_run(paths, "run-2") as con:  # the earlier document is only in the lake now
        add_document(con, "new", "desk", date(2024, 3, 5), "run-2", ["Talks ended early.", footer])
        add_document(con, "late", "desk", date(2024, 3, 20), "run-2", [footer])
        add_document(con, "other", "blog", date(2024, 3, 5), "run-2", [footer])
        run_statements(con, "mark_duplicate_sentences", ["desk", "run-2"])
        run_statements(con, "mark_duplicate_sentences", ["blog", "run-2"])
        assert flagged(con, "new") == [False, True]  # published four days before by the same source
        assert flagged(con, "late") == [False]  # more than seven days later
        assert flagged(con, "other") == [False]  # another source
    publish(paths, "run-2")
    analyst = open_analyst(paths)
    assert flagged(analyst, "old") == [False, False]  # the first occurrence is not a duplicate
    analyst.close()


def _add_entity(con: duckdb.DuckDBPyConnection, entity_id: str, doc_id: str, run_id: str, count: int) -> None:
    insert_rows(
        con, "entity_keys", [{"name_key": entity_id.lower(), "entity_id": entity_id, "run_id": run_id}]
    )
    insert_rows(
        con,
        "entities",
        [
            {
                "entity_id": entity_id,
                "canonical_name": entity_id,
                "label": "PERSON",
                "aliases": [entity_id],
                "mention_count": count,
                "document_count": 1,
                "source_count": 1,
                "first_doc_id": doc_id,
                "first_seen": NOW,
                "last_seen": NOW,
                "run_id": run_id,
            }
        ],
    )


def test_publication_is_one_snapshot_and_rollback_returns_to_the_previous_one(tmp_path: Path) -> None:
    paths = lake_paths(tmp_path)
    with staged_run(paths, "run-1") as con:
        add_document(con, "first", "desk", date(2024, 3, 1), "run-1", ["Kept after publishing."])
        _add_entity(con, "Ada", "first", "run-1", 1)
    first = publish(paths, "run-1")
    after_first = lake_state(paths)
    with staged_run(paths, "run-2") as con:  # a new document, and an entity rewritten with new counts
        add_document(con, "second", "desk", date(2024, 3, 2), "run-2", ["Published, then rolled back."])
        _add_entity(con, "Ada", "second", "run-2", 2)
    second = publish(paths, "run-2")
    assert second.snapshot_id is not None and first.snapshot_id is not None
    assert second.snapshot_id > first.snapshot_id
    assert lake_state(paths) != after_first
    assert lake_state(paths, snapshot=first.snapshot_id) == after_first  # time travel to the previous one

    undone = rollback_latest(paths)
    assert undone is not None and undone.run_id == "run-2"
    assert lake_state(paths) == after_first
    analyst = open_analyst(paths)
    assert [p.run_id for p in publications(analyst)] == ["run-1"]
    analyst.close()


def test_a_run_that_is_not_published_leaves_the_lake_as_it_was(tmp_path: Path) -> None:
    paths = lake_paths(tmp_path)
    with staged_run(paths, "run-1") as con:
        add_document(con, "kept", "desk", date(2024, 3, 1), "run-1", ["Kept after publishing."])
    publish(paths, "run-1")
    before = lake_state(paths)
    with staged_run(paths, "run-2") as con:  # its audit fails: a dq_results row says so, no publication
        add_document(con, "bad", "desk", date(2024, 3, 2), "run-2", ["Never published."])
        con.execute("INSERT INTO lake.dq_results VALUES ('run-2', 'documents', 'x', false, '1', '[]', now())")
        snapshot = current_snapshot(con)
    assert lake_state(paths) == before
    analyst = open_analyst(paths)
    assert current_snapshot(analyst) == snapshot  # nothing but the quality history was written
    assert analyst.execute("SELECT run_id, success FROM dq_results").fetchall() == [("run-2", False)]
    analyst.close()
    assert paths.staging("run-2").exists()  # kept for inspection


def _entity_key(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    insert_rows(con, "entity_keys", [{"name_key": "hanoi", "entity_id": "E1", "run_id": run_id}])


def test_a_staging_file_kept_between_steps_is_whole_on_disk_once_released(tmp_path: Path) -> None:
    """A run's steps in one process keep its staging file attached (no checkpoint at every step's end);
    released at the run's end, the file holds every row for whoever opens it next, its log merged in."""
    paths = lake_paths(tmp_path)
    staging = paths.staging("run-1")
    log = staging.with_name(staging.name + ".wal")
    start_staging(paths, "run-1", keep=True)
    with open_staging(paths, "run-1", keep=True) as con:  # one step
        _entity_key(con, "run-1")
    with open_staging(paths, "run-1", keep=True) as con:  # the next finds the first one's row
        assert con.execute("SELECT count(*) FROM entity_keys").fetchone() == (1,)
    assert log.exists()  # not checkpointed yet
    release_staging()
    assert not log.exists()
    inspector = duckdb.connect(str(staging), read_only=True)
    try:
        assert inspector.execute("SELECT entity_id FROM entity_keys").fetchall() == [("E1",)]
    finally:
        inspector.close()


def test_publication_deletes_a_kept_staging_file_with_its_log(tmp_path: Path) -> None:
    paths = lake_paths(tmp_path)
    start_staging(paths, "run-1", keep=True)
    with open_staging(paths, "run-1", keep=True) as con:
        _entity_key(con, "run-1")
    publish(paths, "run-1")
    staging = paths.staging("run-1")
    assert not staging.exists() and not staging.with_name(staging.name + ".wal").exists()
    analyst = open_analyst(paths)
    try:
        assert analyst.execute("SELECT entity_id FROM entity_keys").fetchall() == [("E1",)]
    finally:
        analyst.close()


def test_a_lake_from_before_a_new_column_gains_it_with_the_schema(tmp_path: Path) -> None:
    """quarantine.code_version and documents.extraction came after their tables: a lake created without
    them gets them, rows kept."""
    paths = lake_paths(tmp_path)
    ensure_lake_schema(paths)
    con = duckdb.connect()
    attach_lake(con, paths)
    con.execute("ALTER TABLE lake.quarantine DROP COLUMN code_version")  # the lake as it was shipped
    con.execute("ALTER TABLE lake.documents DROP COLUMN extraction")
    old_row = "('r', 'd', 's', 'p', NULL, 'clean', 'E', 'x', 'run', ?)"
    con.execute(f"INSERT INTO lake.quarantine VALUES {old_row}", [NOW])
    con.execute("DELETE FROM lake.warehouse_schema")  # as if schema.sql had changed since
    con.close()
    assert not ensure_lake_schema(paths, recheck=False)  # this process found it current: a run's later steps
    assert ensure_lake_schema(paths)
    analyst = open_analyst(paths)
    try:
        assert analyst.execute("SELECT raw_id, code_version FROM quarantine").fetchall() == [("r", None)]
        assert analyst.execute("SELECT count(extraction) FROM documents").fetchone() == (0,)
    finally:
        analyst.close()


def test_maintenance_flushes_inlined_rows_and_expires_snapshots_keeping_every_row(tmp_path: Path) -> None:
    """`make maintain` after three publications and a rollback: the tables read the same, the small
    inserts DuckLake inlined in its catalog are flushed to Parquet files, old snapshots are expired (with
    keep_days=0), and a failed run's week-old staging file goes."""
    paths = lake_paths(tmp_path)
    for day, run_id in enumerate(("run-1", "run-2", "run-3"), start=1):
        with staged_run(paths, run_id) as con:
            add_document(con, run_id, "desk", date(2024, 3, day), run_id, [f"Sentence of {run_id}."] * 3)
        publish(paths, run_id)
    assert rollback_latest(paths) is not None
    before = lake_state(paths)
    with staged_run(paths, "failed-run") as con:
        add_document(con, "failed", "desk", date(2024, 3, 9), "failed-run", ["Never published."])
    stale = paths.staging("failed-run")
    week_ago = time.time() - (FAILED_RUN_DAYS + 1) * 86400
    os.utime(stale, (week_ago, week_ago))

    summary = maintain_lake(paths, keep_days=0)

    assert lake_state(paths) == before
    assert summary.snapshots_after < summary.snapshots_before
    assert summary.data_files_before == 0 < summary.data_files_after  # inlined rows now in Parquet
    assert summary.failed_run_files_deleted == 1 and not stale.exists()
    with pytest.raises(duckdb.Error):  # the first publication's snapshot is expired: no time travel to it
        lake_state(paths, snapshot=1)


def test_streamed_rows_are_in_the_table_every_flush_of_documents_not_only_at_the_end() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE notes (doc_id VARCHAR, n INTEGER); CREATE TABLE tags (doc_id VARCHAR)")
    streamed = StreamedRows(con, flush_every=2)
    seen = []
    for doc in ("a", "b", "c"):
        streamed.add("notes", [{"doc_id": doc, "n": 1}, {"doc_id": doc, "n": 2}])
        streamed.add("tags", [{"doc_id": doc}])
        streamed.document_done()
        seen.append(con.execute("SELECT count(*) FROM notes").fetchone()[0])
    assert seen == [0, 4, 4]  # the first two documents' rows were written when the second was done
    streamed.flush()
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM notes").fetchone() == (6, 3)
    assert con.execute("SELECT list(doc_id ORDER BY doc_id) FROM tags").fetchone()[0] == ["a", "b", "c"]
    assert streamed.written == {"notes": 6, "tags": 3}
