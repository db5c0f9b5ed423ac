"""Retrying the quarantine: the files of documents in quarantine now become a batch of their own, on
demand (make retry-quarantine) or by themselves once the code or config that quarantined them changed.

Stale records can only appear when the version changes, so the lake is read once per source and version
(warehouse/batches/planned/.retry_checked.json), not at every sensor tick: attaching it costs about 1 s.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath

from pipelines.code_version import code_version
from pipelines.settings import WarehousePaths
from pipelines.stages.batches import Batch, batches_dir, plan_retry_batch, write_json
from pipelines.store.database import open_analyst
from pipelines.store.lake import ensure_lake_schema
from pipelines.store.quarantine import quarantined_files

ON_DEMAND = "quarantine retry"
AFTER_CHANGE = "quarantine retry (code or config changed)"


def plan_quarantine_retry(
    paths: WarehousePaths, folders: Mapping[str, str], *, on_demand: bool = False
) -> Batch | None:
    """A batch of the quarantined files of these sources (name -> folder under the project): all of them
    on demand, else those quarantined under another code version and not yet retried under this one.
    None when there is nothing to retry; files since deleted are left out."""
    version = code_version()
    checked_path = batches_dir(paths) / "planned" / ".retry_checked.json"
    checked = json.loads(checked_path.read_text(encoding="utf-8")) if checked_path.exists() else {}
    if not on_demand and all(checked.get(source) == version for source in folders):
        return None
    # a lake from before quarantine.code_version gains the column first (make run has just checked it)
    ensure_lake_schema(paths, recheck=False)
    con = open_analyst(paths, with_search=False)
    try:
        quarantined = quarantined_files(con, stale_for=None if on_demand else version)
    finally:
        con.close()
    files: dict[str, list[str]] = {}
    for source, listed in quarantined.items():
        if source not in folders:
            continue
        folder = PurePosixPath(folders[source])
        for path in listed:
            if PurePosixPath(path).is_relative_to(folder) and (paths.project_dir / path).is_file():
                files.setdefault(source, []).append(str(PurePosixPath(path).relative_to(folder)))
    batch = None
    if files:
        purpose = ON_DEMAND if on_demand else AFTER_CHANGE
        batch = plan_retry_batch(paths, files, version, purpose, again=on_demand)
    write_json(checked_path, {**checked, **dict.fromkeys(folders, version)})
    return batch
