"""`make rollback`: undo the latest publication in a new snapshot, from DuckLake's own change feed.

Nothing is copied: the rows the publication inserted are deleted and the rows it deleted or updated
are written back, so the cost follows that publication's size. Older snapshots stay queryable.
"""

from __future__ import annotations

import contextlib

import duckdb

from pipelines.settings import WarehousePaths
from pipelines.store.database import statement
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
        con.execute(statement("set_commit_message", lake=LAKE), [ROLLBACK_PREFIX + publication.run_id])
        for table in (*APPENDED_TABLES, *REPLACED_TABLES):
            columns = table_columns(con, table, LAKE)
            key = UPDATED_KEYS.get(table)
            restore = con.execute(
                statement("restored_rows", lake=LAKE, columns=columns), [table, snapshot]
            ).df()
            if key is not None:
                con.execute(
                    statement("delete_published_versions", lake=LAKE, table=table, key=key), [table, snapshot]
                )
            con.execute(statement("delete_published_run", lake=LAKE, table=table), [publication.run_id])
            if len(restore):
                con.register("_restore", restore)
                con.execute(
                    statement("copy_rows", target=f"{LAKE}.{table}", origin="_restore", columns=columns)
                )
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
