"""What a finished Dagster run's own event log says about its steps, for the benches that time make run."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


def step_times(storage: Path, run_id: str) -> tuple[dict[str, float], datetime | None]:
    """Seconds per step of a run, from its event log (sqlite) in the instance's storage, and when its
    first step started (None when the log is missing)."""
    db = storage / "history" / "runs" / f"{run_id}.db"
    if not db.exists():
        return {}, None
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT step_key, dagster_event_type, timestamp FROM event_logs "
            "WHERE dagster_event_type IN ('STEP_START', 'STEP_SUCCESS', 'STEP_FAILURE') ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    began: dict[str, datetime] = {}
    seconds: dict[str, float] = {}
    for step, kind, stamp in rows:
        when = datetime.fromisoformat(stamp)
        if kind == "STEP_START":
            began[step] = when
        elif step in began:
            seconds[step] = (when - began[step]).total_seconds()
    return seconds, min(began.values(), default=None)
