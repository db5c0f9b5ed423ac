"""Connections: a run's staging file with the lake attached, and the analysts' read-only view of the lake.

A run writes its new rows to tables of the same names in its own staging DuckDB file (the default
catalog of its connection) and reads what was published before from `lake.<table>`; nothing reaches the
lake before publish_run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.settings import SCHEMA_SQL, WarehousePaths
from pipelines.store.extensions import load_extensions
from pipelines.store.lake import LAKE, attach_lake, ensure_lake_schema
from pipelines.store.statements import statement


def run_statements(con: duckdb.DuckDBPyConnection, name: str, params: list[object]) -> None:
    """Run a multi-statement .sql file; parameters go to the statements that use them."""
    for sql in statement(name).split(";\n"):
        body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()
        if body:
            con.execute(body, params if "$" in body else [])


def create_staging_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The schema.sql tables (empty: they receive the run's rows) and the staging-only ones."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    con.execute(statement("staging_tables"))


# A staging file is checkpointed when its write-ahead log reaches this size, and when it is detached.
# DuckDB's 16MB made the cleaning step of 1,800 documents stop for a checkpoint every few hundred; with
# this a batch (at most BATCH_MEGABYTES of files) is written in one or a few, and the step took 0.4 s less.
STAGING_CHECKPOINT = "256MB"


class _Hub:
    """One in-memory DuckDB per process with the extensions loaded and the lake attached once: loading
    the extensions costs about 0.18 s and checking the lake's schema about 1 s, which every step of a
    run would otherwise pay again. A step attaches its run's staging file; it stays attached for the
    run's next step in this process when the step asks (open_staging's keep), else it is detached."""

    def __init__(self) -> None:
        self.con: duckdb.DuckDBPyConnection | None = None
        self.lake: tuple[str, str] | None = None
        # a staging file left attached, between blocks, for its run's next step. None while a block uses it:
        # another block (another run's, as batches side by side in one process do) never lets it go
        self.kept: Path | None = None

    def connection(self, paths: WarehousePaths) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            self.con = duckdb.connect()
            self.con.execute(f"SET checkpoint_threshold = '{STAGING_CHECKPOINT}'")
        where = (paths.catalog, paths.lake_data)
        if self.lake != where:
            if self.lake is not None:
                self.con.execute(f"DETACH {LAKE}")
                self.lake = None
            ensure_lake_schema(paths, recheck=False)  # once per process (make run checks it as it starts)
            attach_lake(self.con, paths)
            self.lake = where
        return self.con

    def attach(self, staging: Path) -> str:
        """The staging file's alias in the hub, attached unless it was kept; another kept file is let go."""
        alias = _staging_alias(staging)
        if self.kept != staging:
            self.release()
            assert self.con is not None
            self.con.execute(f"ATTACH '{staging}' AS {alias}")
        self.kept = None
        return alias

    def release(self, staging: Path | None = None, *, checkpoint: bool = True) -> None:
        """Detach the kept staging file (only if it is `staging`, when given). Without checkpoint, for a file
        about to be deleted: what its log holds is not written into it first."""
        if self.kept is None or (staging is not None and staging != self.kept):
            return
        assert self.con is not None
        alias, self.kept = _staging_alias(self.kept), None
        if checkpoint:
            self.con.execute(f"DETACH {alias}")
            return
        self.con.execute("PRAGMA disable_checkpoint_on_shutdown")  # read by DETACH as by a shutdown
        try:
            self.con.execute(f"DETACH {alias}")
        finally:
            self.con.execute("PRAGMA enable_checkpoint_on_shutdown")


_HUB = _Hub()


def _staging_alias(staging: Path) -> str:
    return "staging_" + hashlib.blake2b(str(staging).encode("utf-8"), digest_size=6).hexdigest()


@contextmanager
def open_staging(
    paths: WarehousePaths, run_id: str, *, create: bool = False, keep: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection whose default database is the run's staging file, with the lake attached as `lake`.

    The file is detached (so released, and checkpointed) when the block ends; create=True makes its
    tables first. keep=True leaves it attached for the run's next block in this process instead: a step's
    writes then stay in the file's log and in memory, not checkpointed at every step's end (about 1 s
    over a run of 1,800 documents), until release_staging or the next run's file.
    """
    staging = paths.staging(run_id)
    staging.parent.mkdir(parents=True, exist_ok=True)
    hub = _HUB.connection(paths)
    alias = _HUB.attach(staging)
    con = hub.cursor()
    try:
        con.execute(f"USE {alias}")
        if create:
            create_staging_tables(con)
        yield con
    finally:
        con.close()
        _HUB.kept = staging
        if not keep:
            _HUB.release()


def release_staging(staging: Path | None = None, *, checkpoint: bool = True) -> None:
    """Detach the staging file this process keeps attached (open_staging's keep), if any, or only if it is
    `staging`: at the end of a run, so that the file is whole on disk, or without checkpoint before it is
    deleted."""
    _HUB.release(staging, checkpoint=checkpoint)


def open_analyst(
    paths: WarehousePaths, *, snapshot: int | None = None, with_search: bool = True
) -> duckdb.DuckDBPyConnection:
    """What `make sql` gives an analyst, from Python: the published lake read-only, every table and view
    by its plain name, and the search index when it has been built (optionally at a past snapshot).

    Without the search index (with_search=False) nothing waits on its file while it is being rebuilt:
    for the pipeline's own reads of the lake, such as planning a quarantine retry."""
    search = paths.search
    use_search = with_search and search.exists()
    con = duckdb.connect(str(search), read_only=True) if use_search else duckdb.connect()
    if with_search:
        load_extensions(con, "fts")
    attach_lake(con, paths, read_only=True, snapshot=snapshot)
    (default,) = con.execute("SELECT current_database()").fetchone()
    con.execute(f"SET search_path = '{default}.main,lake.main'")
    return con
