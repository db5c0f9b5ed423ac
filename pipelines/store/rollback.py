"""`make rollback`: undo the latest publication in a new snapshot, from DuckLake's own change feed.

Nothing is copied: the rows the publication inserted are deleted and the rows it deleted or updated
are written back, so the cost follows that publication's size. Older snapshots stay queryable.
"""

from __future__ import annotations

import contextlib

import duckdb

from pipelines.settings import WarehousePaths
from pipelines.store.lake import LAKE, ROLLBACK_PREFIX, Publication, attach_lake, publications
from pipelines.store.publish import APPENDED_TABLES, REPLACED_TABLES
from pipelines.store.writes import table_columns

# the key of each table whose published rows a later publication may update or delete
UPDATED_KEYS = {"entity_mentions": ("doc_id", "mention_index"), **REPLACED_TABLES}


def undo_publication(con: duckdb.DuckDBPyConnection, publication: Publication) -> None:
    """Write a snapshot tagged 'rollback <run_id>' that restores the lake as it was before it."""
    snapshot = publication.snapshot_id
    con.execute("BEGIN")
    try:
        con.execute(f"CALL {LAKE}.set_commit_message('pipelines', ?)", [ROLLBACK_PREFIX + publication.run_id])
        for table in (*APPENDED_TABLES, *REPLACED_TABLES):
            columns = ", ".join(table_columns(con, table, LAKE))
            changes = f"{LAKE}.table_changes('{table}', {snapshot}, {snapshot})"
            key = UPDATED_KEYS.get(table)
            restore = con.execute(
                f"SELECT {columns} FROM {changes} WHERE change_type IN ('delete', 'update_preimage')"
            ).df()
            if key is not None:
                key_list = ", ".join(key)
                con.execute(
                    f"DELETE FROM {LAKE}.{table} WHERE ({key_list}) IN (SELECT ({key_list}) FROM {changes} "
                    "WHERE change_type IN ('insert', 'update_postimage'))"
                )
            con.execute(f"DELETE FROM {LAKE}.{table} WHERE run_id = ?", [publication.run_id])
            if len(restore):
                con.register("_restore", restore)
                con.execute(f"INSERT INTO {LAKE}.{table} ({columns}) SELECT {columns} FROM _restore")
                con.unregister("_restore")
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT has rolled back already
            con.execute("ROLLBACK")
        raise


def rollback_latest(paths: WarehousePaths) -> Publication | None:
    """Undo the newest publication still in force; None when there is none."""
    con = duckdb.connect()
    try:
        attach_lake(con, paths)
        found = publications(con)
        if not found:
            return None
        undo_publication(con, found[0])
        return found[0]
    finally:
        con.close()


def main() -> int:
    paths = WarehousePaths.from_env()
    undone = rollback_latest(paths)
    if undone is None:
        print("Nothing to roll back: the lake has no publication in force.")
        return 1
    print(
        f"Rolled back run {undone.run_id} (snapshot {undone.snapshot_id}, "
        f"published {undone.published_at:%Y-%m-%d %H:%M}). Refresh the search index: make search-index."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
