"""Pay Great Expectations' one-time costs (import, suites, lazy renderers) while the pipeline works.

Importing GX and building its suites takes seconds once per process; started in a background thread at
the beginning of a run, that time overlaps ingestion and NLP instead of delaying the first check.
"""

from __future__ import annotations

import threading

import duckdb

from pipelines.quality.check import check_table
from pipelines.quality.config import QualityConfig
from pipelines.quality.tables import SUITE_TABLES
from pipelines.settings import SCHEMA_SQL

_started: threading.Thread | None = None


def warm_up(config: QualityConfig) -> None:
    """Run every suite once on an empty warehouse in memory."""
    con = duckdb.connect()
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for table in SUITE_TABLES:
            check_table(con, table, "warm-up", config)
    finally:
        con.close()


def warm_up_in_background(config: QualityConfig) -> threading.Thread:
    """Start warm_up once per process in a daemon thread; checks wait for it through check_table's lock."""
    global _started
    if _started is None:
        _started = threading.Thread(target=warm_up, args=(config,), name="gx-warm-up", daemon=True)
        _started.start()
    return _started
