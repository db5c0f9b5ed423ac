"""Write-audit-publish without copies: the run's audited staging rows go to the lake in one transaction.

Analysts reading the lake see the previous snapshot until the commit, then every row of the run at once;
a run that is never published leaves the lake as it was. The transaction's cost follows the new rows.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import duckdb

from pipelines.ingest.near_duplicates import THRESHOLD
from pipelines.store.database import run_statements, statement
from pipelines.store.lake import LAKE, PUBLISH_PREFIX, current_snapshot
from pipelines.store.retry import retry_commit
from pipelines.store.writes import table_columns

# tables whose staged rows are appended to the lake as they are
APPENDED_TABLES = (
    "raw_documents",
    "ingest_errors",
    "quarantine",
    "documents",
    "blocks",
    "comments",
    "sentences",
    "entity_mentions",
    "document_signatures",
    "document_bands",
    "block_fingerprints",
    "sentence_fingerprints",
    "entity_name_counts",
    "entity_key_links",
    "entity_resolutions",
)
# tables whose staged rows replace the lake's rows of the same key (entity resolution's changes), by key
REPLACED_TABLES = {
    "entity_keys": ("name_key",),
    "entities": ("entity_id",),
    "entity_sources": ("entity_id", "source"),
}


class EverythingQuarantined(RuntimeError):
    """Every document the run read was quarantined (its documents suite had no rows to fail on): systemic
    for the batch, so nothing is published, as when that suite fails on the quarantined share."""


class PublishedMeanwhile(RuntimeError):
    """Another run published, after this run read the lake, something this run's rows must take into
    account before they are published (batches side by side)."""


class StaleResolution(PublishedMeanwhile):
    """Another run published entities sharing names with this run's after this run resolved them."""


class NearDuplicatesPublishedMeanwhile(PublishedMeanwhile):
    """Another run published documents that this run's nearly repeat: link them
    (link_near_duplicates_published_meanwhile), then publish; the entities stay as they are."""


class DocumentsPublishedMeanwhile(StaleResolution):
    """Another run published documents this run staged (the same text in two batches side by side):
    withdraw them from this run (withdraw_documents_published_meanwhile), then resolve again."""


@dataclass
class PublishSummary:
    snapshot_id: int | None = None  # None: nothing new, no snapshot written
    rows: dict[str, int] = field(default_factory=dict)
    # per source, what the lake received: {"new_documents": n, "new_sentences": n, "new_mentions": n}
    sources: dict[str, dict[str, int]] = field(default_factory=dict)


def staged_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows waiting in the staging tables, per table."""
    tables = (
        *APPENDED_TABLES,
        *REPLACED_TABLES,
        "retired_entities",
        "mention_name_keys",
        "recounted_entities",
    )
    sql = "\nUNION ALL\n".join(statement("staged_table_rows", table=t) for t in tables)
    return {table: int(n) for table, n in con.execute(sql).fetchall()}


def staged_rows_by_source(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """The run's new documents, sentences and mentions per source, as its publication would add them."""
    cursor = con.execute(statement("staged_rows_by_source"))
    columns = [column[0] for column in cursor.description][1:]
    rows = cursor.fetchall()
    return {source: dict(zip(columns, map(int, counts), strict=True)) for source, *counts in rows}


def _documents_published_meanwhile(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [doc_id for (doc_id,) in con.execute(statement("documents_published_meanwhile")).fetchall()]


def withdraw_documents_published_meanwhile(con: duckdb.DuckDBPyConnection) -> int:
    """Drop from the run's staging the documents (with their blocks, comments, sentences and mentions)
    that the lake holds already; returns how many. A document is then published once however many batches
    side by side read its text."""
    doc_ids = _documents_published_meanwhile(con)
    if doc_ids:
        run_statements(con, "withdraw_documents_published_meanwhile", [doc_ids])
    return len(doc_ids)


def _near_duplicates_meanwhile(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(statement("near_duplicates_published_meanwhile"), {"threshold": THRESHOLD}).fetchall()


def link_near_duplicates_published_meanwhile(con: duckdb.DuckDBPyConnection) -> int:
    """Link the run's documents that nearly repeat a document another run published since their cleaning
    (near_duplicate_of, to the oldest such document); returns how many."""
    pairs = _near_duplicates_meanwhile(con)
    if pairs:
        con.executemany(statement("set_near_duplicate_of"), pairs)
    return len(pairs)


def publish_run(con: duckdb.DuckDBPyConnection, run_id: str) -> PublishSummary:
    """Make the run's rows visible to analysts in one DuckLake snapshot tagged 'publish <run_id>'.

    A run that staged nothing writes no snapshot: a rerun with nothing new changes nothing. Several runs
    may publish at once: a commit that collides with another is retried; a PublishedMeanwhile is raised
    when another run's publication changed what this run's rows must say: StaleResolution when it touched
    the names this run resolved, DocumentsPublishedMeanwhile (a StaleResolution) when it published
    documents this run staged (withdraw them, resolve again), NearDuplicatesPublishedMeanwhile when it
    published documents this run's nearly repeat (link them); then publish again.
    """
    rows = staged_rows(con)
    if not any(rows.values()):
        return PublishSummary(None, rows)
    if rows["quarantine"] and not rows["documents"]:
        (quarantined, _) = con.execute(statement("newly_quarantined")).fetchone()
        if quarantined:
            raise EverythingQuarantined(
                f"run {run_id}: each of its {quarantined} new document(s) was quarantined, none loaded; "
                "nothing was published (see the quarantine table in the run's staging file)"
            )
    return retry_commit(lambda: _publish_once(con, run_id, rows))


def _publish_once(con: duckdb.DuckDBPyConnection, run_id: str, rows: dict[str, int]) -> PublishSummary:
    con.execute("BEGIN")
    try:
        con.execute(statement("set_commit_message", lake=LAKE), [PUBLISH_PREFIX + run_id])
        # every publication updates the one row of publication_lock: of two committing at once, DuckLake
        # refuses the second (a TransactionException, retried above) instead of merging them
        con.execute(statement("lock_publication", lake=LAKE), [run_id])
        if rows["documents"] and _documents_published_meanwhile(con):
            raise DocumentsPublishedMeanwhile(f"run {run_id}: another run published some of its documents")
        if rows["documents"] and _near_duplicates_meanwhile(con):
            raise NearDuplicatesPublishedMeanwhile(f"run {run_id}: another run published near-duplicates")
        if rows["entity_keys"] and con.execute(statement("stale_resolution")).fetchone()[0]:
            raise StaleResolution(f"run {run_id}: another run published entities sharing its names")
        (full,) = con.execute(statement("staged_full_resolution")).fetchone()
        if full:  # the staged resolution state replaces the published one
            for table in ("entity_name_counts", "entity_key_links"):
                con.execute(statement("clear_lake_table", lake=LAKE, table=table))
        for table in APPENDED_TABLES:
            if rows[table]:
                columns = table_columns(con, table, LAKE)
                con.execute(
                    statement("copy_rows", target=f"{LAKE}.{table}", origin=f"main.{table}", columns=columns)
                )
        if rows["mention_name_keys"]:  # a full resolution: keys of every published mention first
            run_statements(con, "publish_name_keys", [])
        if full:
            run_statements(con, "publish_entities_full", [])
        elif rows["entity_keys"] or rows["entities"] or rows["retired_entities"]:
            if con.execute(statement("changed_entity_keys")).fetchone()[0]:  # else no mention moves
                run_statements(con, "repoint_mentions", [])
            run_statements(con, "publish_entities", [])
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT has rolled back already
            con.execute("ROLLBACK")
        raise
    return PublishSummary(current_snapshot(con), rows, staged_rows_by_source(con))
