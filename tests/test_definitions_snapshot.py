"""The Dagster definitions as a reviewer sees them: every asset with its dependencies, partitions and
checks, every job, schedule and sensor, against tests/fixtures/definitions.json. A change to the graph
fails here first, cheaply; a deliberate one is recorded with
`NEWS_UPDATE_SNAPSHOT=1 pytest tests/test_definitions_snapshot.py` and reviewed in the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.quality import SUITE_TABLES

SNAPSHOT = Path(__file__).parent / "fixtures" / "definitions.json"


def outline(defs: dg.Definitions) -> dict[str, Any]:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "deps": sorted(parent.to_user_string() for parent in node.parent_keys),
            "checks": sorted(check.name for check in node.check_keys),
            "blocking_checks": sorted(check.name for check in node.check_keys if graph.get(check).blocking),
            "partitions": getattr(node.partitions_def, "name", None),
            "group": node.group_name,
        }
    jobs = {
        job.name: sorted(key.to_user_string() for key in job.asset_layer.selected_asset_keys)
        for job in defs.resolve_all_job_defs()
        if not job.name.startswith("__")
    }
    schedules = {
        schedule.name: {"cron": schedule.cron_schedule, "job": schedule.job_name}
        for schedule in defs.get_repository_def().schedule_defs
    }
    sensors = {sensor.name: sensor.job_name for sensor in defs.get_repository_def().sensor_defs}
    return {"assets": assets, "jobs": jobs, "schedules": schedules, "sensors": sensors}


def test_the_definitions_match_the_recorded_graph() -> None:
    current = outline(build_definitions())
    if os.environ.get("NEWS_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for part in ("assets", "jobs", "schedules", "sensors"):
        assert current[part] == recorded[part], (
            f"the {part} changed; if on purpose, record them with NEWS_UPDATE_SNAPSHOT=1 (see the docstring)"
        )


def test_every_table_is_gated_and_every_load_asset_is_a_batch_partition() -> None:
    assets = outline(build_definitions())["assets"]
    for table in SUITE_TABLES:
        assert assets[f"warehouse/{table}"]["blocking_checks"] == [f"{table}_suite"]
    upstream_of_publication = set()
    todo = ["warehouse/published"]
    while todo:
        key = todo.pop()
        upstream_of_publication.add(key)
        todo += [dep for dep in assets[key]["deps"] if dep not in upstream_of_publication]
    assert {assets[key]["partitions"] for key in upstream_of_publication} == {"batches"}
    assert {key for key, asset in assets.items() if asset["partitions"] is None} == {
        "warehouse/search_index",
        "warehouse/lake_maintenance",
    }
