"""Write-audit-publish: a run writes a working copy; analysts only ever see a file whose checks all passed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.store.database import open_database


def _unpublished_quality_results(published: Path, staging: Path) -> pd.DataFrame | None:
    """dq_results of runs that never published (failed audits): quality history must survive the reset."""
    if not staging.exists():
        return None
    con = duckdb.connect(str(staging), read_only=True)
    try:
        results = con.execute("SELECT * FROM dq_results").df()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    if published.exists() and len(results):
        con = duckdb.connect(str(published), read_only=True)
        try:
            seen = {run_id for (run_id,) in con.execute("SELECT DISTINCT run_id FROM dq_results").fetchall()}
        finally:
            con.close()
        results = results[~results["run_id"].isin(seen)]
    return results if len(results) else None


def start_staging(published: Path, staging: Path) -> None:
    """Reset the working copy to the published warehouse, dropping the data a failed run left behind."""
    carried = _unpublished_quality_results(published, staging)
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    if published.exists():
        shutil.copyfile(published, staging)
    con = open_database(staging)
    try:
        if carried is not None:
            con.register("_carried_results", carried)
            con.execute("INSERT INTO dq_results SELECT * FROM _carried_results")
    finally:
        con.close()


def publish(staging: Path, published: Path) -> None:
    """Replace the published file in one rename; a reader holding the old file open keeps reading it."""
    con = open_database(staging)
    con.execute("CHECKPOINT")
    con.close()
    tmp = published.with_name(published.name + ".tmp")
    shutil.copyfile(staging, tmp)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, published)
