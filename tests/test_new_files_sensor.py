"""The new-files sensor starts a source's run only for files it has not seen, thanks to its cursor."""

import os
from pathlib import Path

import dagster as dg

from pipelines.components.article_source import build_source_defs
from pipelines.defs.resources import NlpResource, WarehouseResource
from pipelines.ingest import SourceSpec
from tests.e2e_helpers import project_env


def evaluate(defs: dg.Definitions, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    sensor = defs.resolve_sensor_def("desk_new_files")
    return sensor(dg.build_sensor_context(cursor=cursor))


def test_sensor_requests_a_run_for_new_or_changed_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "desk"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("First article.\n")
    defs = dg.Definitions.merge(
        build_source_defs(SourceSpec(name="desk", folder="raw/desk", format="text")),
        dg.Definitions(resources={"warehouse": WarehouseResource(), "nlp": NlpResource()}),
    )
    with project_env(tmp_path):
        first = evaluate(defs, None)
        assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
        again = evaluate(defs, first.cursor)
        assert isinstance(again, dg.SkipReason)  # nothing new: no second run for the same file

        (folder / "b.txt").write_text("Second article.\n")
        added = evaluate(defs, first.cursor)
        assert isinstance(added, dg.SensorResult) and added.run_requests[0].tags["changed_files"] == "1"

        (folder / "a.txt").write_text("First article, corrected.\n")
        os.utime(folder / "a.txt", ns=(1, 1))
        changed = evaluate(defs, added.cursor)
        assert isinstance(changed, dg.SensorResult)
        assert changed.run_requests[0].run_key != added.run_requests[0].run_key
