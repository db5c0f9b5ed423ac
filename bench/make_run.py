"""make run as the benches start it: the environment of a `python -m pipelines.run` on a project of its
own, and what the finished run's event log says about its steps."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_run_env(project: Path, warehouse: Path, home: Path, **extra: str) -> dict[str, str]:
    """This environment pointed at a project, its warehouse and a Dagster instance of its own, on the
    default SQLite-catalogued lake, with the code of the tree this file is in (a copy can be measured)."""
    env = dict(os.environ)
    env.update(
        {
            "NEWS_PROJECT_DIR": str(project),
            "NEWS_WAREHOUSE_DIR": str(warehouse),
            "DAGSTER_HOME": str(home),
            "DAGSTER_STORAGE_DIR": str(home / "storage"),
            "DAGSTER_COMPUTE_LOG_DIR": str(home / "logs"),
            "DAGSTER_DISABLE_TELEMETRY": "1",
            "GX_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
            **extra,
        }
    )
    for name in ("NEWS_LAKE_CATALOG", "NEWS_LAKE_DATA"):
        env.pop(name, None)
    return env


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


PROC_STAT = Path("/proc/stat")


def machine_busy_seconds() -> float | None:
    """CPU seconds every core of the machine has spent busy since boot (Linux's /proc/stat; None elsewhere):
    two readings around a run give the work of all its processes, on an otherwise quiet machine."""
    try:
        fields = PROC_STAT.read_text(encoding="ascii").split("\n", 1)[0].split()[1:9]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
