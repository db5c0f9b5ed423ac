"""The new-files sensor cuts new or changed files into batches, one partition and one run each."""

import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.ingest import SourceSpec
from pipelines.lib.article_source import build_source_defs
from pipelines.lib.keys import BATCHES, PUBLISHED, STAGING, source_key
from pipelines.lib.resources import NlpResource, WarehouseResource
from pipelines.lib.warehouse import build_warehouse_defs
from pipelines.stages.batches import BatchError, BatchLimits, plan_batches, read_batch
from tests.e2e_helpers import project_paths, project_warehouse

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


def evaluate(
    defs: dg.Definitions, instance: dg.DagsterInstance, project: Path
) -> dg.SensorResult | dg.SkipReason:
    """One tick; what the daemon does with its result (registering the partitions) is done here too."""
    sensor = defs.resolve_sensor_def("desk_new_files")
    resources = {"warehouse": project_warehouse(project)}
    with dg.build_sensor_context(instance=instance, definitions=defs, resources=resources) as context:
        result = sensor(context)
    if isinstance(result, dg.SensorResult):
        for request in result.dynamic_partitions_requests or []:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    return result


def desk_defs() -> dg.Definitions:
    return dg.Definitions.merge(
        build_source_defs(SourceSpec(name="desk", folder="raw/desk", format="text")),
        dg.Definitions(resources={"warehouse": WarehouseResource(), "nlp": NlpResource()}),
    )


def test_sensor_starts_one_batch_run_for_new_or_changed_files_only(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    folder = tmp_path / "raw" / "desk"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("First article.\n")
    defs = desk_defs()
    first = evaluate(defs, instance, tmp_path)
    assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
    key = first.run_requests[0].partition_key
    assert instance.get_dynamic_partitions(BATCHES.name) == [key]
    assert read_batch(project_paths(tmp_path), key).files == {"desk": ["a.txt"]}
    assert isinstance(evaluate(defs, instance, tmp_path), dg.SkipReason)  # nothing new: no second run

    (folder / "b.txt").write_text("Second article.\n")
    added = evaluate(defs, instance, tmp_path)
    assert isinstance(added, dg.SensorResult)
    assert read_batch(project_paths(tmp_path), added.run_requests[0].partition_key).files == {
        "desk": ["b.txt"]
    }

    (folder / "a.txt").write_text("First article, corrected.\n")
    os.utime(folder / "a.txt", ns=(1, 1))
    changed = evaluate(defs, instance, tmp_path)
    assert isinstance(changed, dg.SensorResult)
    assert read_batch(project_paths(tmp_path), changed.run_requests[0].partition_key).files == {
        "desk": ["a.txt"]
    }
    assert len(instance.get_dynamic_partitions(BATCHES.name)) == 3


def test_a_batch_planned_but_never_registered_is_started_by_the_next_tick(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    """A tick that wrote its manifest but died before Dagster added the partition loses nothing."""
    folder = tmp_path / "raw" / "desk"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("First article.\n")
    (orphan,) = plan_batches(project_paths(tmp_path), {"desk": "raw/desk"})
    result = evaluate(desk_defs(), instance, tmp_path)
    assert isinstance(result, dg.SensorResult)
    assert [r.partition_key for r in result.run_requests] == [orphan.key]
    assert instance.get_dynamic_partitions(BATCHES.name) == [orphan.key]


def test_batches_are_bounded_and_every_file_lands_in_exactly_one(tmp_path: Path) -> None:
    for source in ("desk", "wire"):
        folder = tmp_path / "raw" / source
        folder.mkdir(parents=True)
        for n in range(5):
            (folder / f"{n}.txt").write_text(f"Article {n} of {source}.\n" * (n + 1))
    (tmp_path / "raw" / "desk" / ".hidden.txt").write_text("not an article\n")
    paths = project_paths(tmp_path)
    folders = {"desk": "raw/desk", "wire": "raw/wire"}
    batches = plan_batches(paths, folders, BatchLimits(max_files=3, max_bytes=10**9))
    assert len(batches) == 4 and all(b.file_count <= 3 for b in batches)
    listed = [(source, path) for b in batches for source, files in b.files.items() for path in files]
    assert sorted(listed) == sorted((s, f"{n}.txt") for s in ("desk", "wire") for n in range(5))
    assert plan_batches(paths, folders) == []  # planned once: a second planner finds nothing

    (tmp_path / "raw" / "wire" / "big.txt").write_text("x" * 100)
    (tmp_path / "raw" / "wire" / "small.txt").write_text("y" * 10)
    split = plan_batches(paths, folders, BatchLimits(max_files=100, max_bytes=50))
    assert [b.files for b in split] == [{"wire": ["big.txt"]}, {"wire": ["small.txt"]}]


def test_enough_new_files_are_spread_over_batches_of_about_equal_size(tmp_path: Path) -> None:
    """make run asks for a batch per core, so that batches loaded side by side end together."""
    folder = tmp_path / "raw" / "desk"
    folder.mkdir(parents=True)
    for n in range(90):
        (folder / f"{n:02d}.txt").write_text("word " * (100 if n < 30 else 20))  # big files first
    paths = project_paths(tmp_path)
    spread = plan_batches(paths, {"desk": "raw/desk"}, BatchLimits(max_files=500, max_bytes=10**9, spread=3))
    sizes = [sum((folder / f).stat().st_size for f in b.files["desk"]) for b in spread]
    assert len(spread) == 3 and max(sizes) < 1.2 * min(sizes)
    assert sum(b.file_count for b in spread) == 90

    for n in range(10):  # too few to be worth more than one batch
        (folder / f"late-{n}.txt").write_text("word " * 20)
    assert len(plan_batches(paths, {"desk": "raw/desk"}, BatchLimits(spread=3))) == 1


def test_a_batch_key_without_manifest_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="no manifest"):
        read_batch(project_paths(tmp_path), "20260101T000000-0001")
    with pytest.raises(BatchError, match="not of the form"):
        read_batch(project_paths(tmp_path), "../../etc/passwd")


def test_a_source_schedule_plans_batches_and_adds_their_partitions(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "desk"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("First article.\n")
    defs = dg.Definitions.merge(
        build_source_defs(SourceSpec(name="desk", folder="raw/desk", format="text", cron="0 6 * * *")),
        dg.Definitions(resources={"warehouse": WarehouseResource(), "nlp": NlpResource()}),
    )
    schedule = defs.resolve_schedule_def("desk_schedule")
    (tmp_path / "home").mkdir()
    with (
        dg.DagsterInstance.local_temp(str(tmp_path / "home")) as instance,
        dg.build_schedule_context(
            instance=instance,
            repository_def=defs.get_repository_def(),
            resources={"warehouse": project_warehouse(tmp_path)},
        ) as context,
    ):
        (request,) = schedule(context)
        assert instance.get_dynamic_partitions(BATCHES.name) == [request.partition_key]
        assert read_batch(project_paths(tmp_path), request.partition_key).files == {"desk": ["a.txt"]}
        assert isinstance(schedule(context), dg.SkipReason)


def test_a_batch_of_one_source_runs_only_that_source_and_the_warehouse(tmp_path: Path) -> None:
    """A daily batch with new files in one of two sources: the other source's steps are left out of its
    run (nothing to load there), the warehouse steps and their checks are kept."""
    for name in ("desk", "wire"):
        (tmp_path / "raw" / name).mkdir(parents=True)
    (tmp_path / "raw" / "desk" / "a.txt").write_text("First article.\n")
    folders = {"desk": "raw/desk", "wire": "raw/wire"}
    defs = dg.Definitions.merge(
        *(
            build_source_defs(SourceSpec(name=name, folder=folder, format="text"))
            for name, folder in folders.items()
        ),
        build_warehouse_defs(folders),
        dg.Definitions(resources={"warehouse": WarehouseResource(), "nlp": NlpResource()}),
    )
    (tmp_path / "home").mkdir()
    with (
        dg.DagsterInstance.local_temp(str(tmp_path / "home")) as instance,
        dg.build_schedule_context(
            instance=instance,
            repository_def=defs.get_repository_def(),
            resources={"warehouse": project_warehouse(tmp_path)},
        ) as context,
    ):
        (request,) = defs.resolve_schedule_def("warehouse_daily")(context)
    selected = set(request.asset_selection)
    assert {
        source_key("desk", "raw_documents"),
        source_key("desk", "sentences"),
        STAGING,
        PUBLISHED,
    } <= selected
    assert not any(key.path[0] == "wire" for key in selected)
    assert defs.resolve_job_def("warehouse_job").get_subset(asset_selection=selected)  # a valid selection
