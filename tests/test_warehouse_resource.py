"""The warehouse resource is configured by its fields (from dg.EnvVar in the code location, explicitly in
a test), and the code location finds its sources by their news/source tag, not by their asset keys."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from pipelines.definitions import build_definitions, source_folders
from pipelines.ingest import SourceSpec
from pipelines.lib.article_source import SOURCE_FOLDER, SOURCE_TAG, build_source_defs
from pipelines.lib.keys import BATCHES, STAGING, source_key
from pipelines.lib.resources import NlpResource, WarehouseResource, env_setting
from pipelines.lib.warehouse import build_warehouse_defs
from pipelines.settings import (
    LAKE_CATALOG_ENV,
    LAKE_DATA_ENV,
    PROJECT_DIR_ENV,
    SCHEMA_SQL,
    VIEWS_SQL,
    WAREHOUSE_DIR_ENV,
    WarehousePaths,
)
from pipelines.stages.batches import plan_batches, read_batch
from tests.e2e_helpers import REPO
from tests.test_source_yaml import dg_project, load, write_source  # noqa: F401 (dg_project: a fixture)

ENV = (PROJECT_DIR_ENV, WAREHOUSE_DIR_ENV, LAKE_CATALOG_ENV, LAKE_DATA_ENV)


@pytest.fixture
def no_warehouse_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_a_resource_without_fields_has_the_locations_of_an_unset_environment(no_warehouse_env: None) -> None:
    assert WarehouseResource().paths == WarehousePaths.from_env()  # make run on a fresh clone sets nothing
    assert WarehouseResource().paths.warehouse_dir == REPO / "warehouse"


def test_the_fields_place_the_warehouse_and_the_lake(tmp_path: Path, no_warehouse_env: None) -> None:
    paths = WarehouseResource(project_dir=str(tmp_path), warehouse_dir=str(tmp_path / "out")).paths
    assert paths == WarehousePaths.under(tmp_path, tmp_path / "out")
    assert paths.catalog == f"sqlite:{tmp_path / 'out' / 'catalog.sqlite'}"
    lake = WarehouseResource(
        project_dir=str(tmp_path), lake_catalog="postgres:dbname=lake password=secret", lake_data="s3://b/"
    ).paths
    assert (lake.warehouse_dir, lake.catalog, lake.lake_data) == (
        tmp_path / "warehouse",
        "postgres:dbname=lake password=secret",
        "s3://b/",
    )
    assert lake.catalog_label == "postgres:dbname=lake password=***"


def test_a_set_variable_becomes_an_env_var_read_when_the_run_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_warehouse_env: None
) -> None:
    assert env_setting(WAREHOUSE_DIR_ENV) is None
    assert env_setting(WAREHOUSE_DIR_ENV, "default") == "default"
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(tmp_path / "at_load"))
    configured = WarehouseResource(warehouse_dir=env_setting(WAREHOUSE_DIR_ENV))
    assert isinstance(configured.warehouse_dir, dg.EnvVar)  # the UI shows the variable, not its value
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(tmp_path / "at_run"))
    with configured.process_config_and_initialize_cm() as initialized:  # as a run does, with its teardown
        assert initialized.paths.warehouse_dir == tmp_path / "at_run"
    assert configured.paths.warehouse_dir == tmp_path / "at_run"  # outside a run too


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.mark.e2e
def test_assets_write_where_the_resource_fields_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, instance: dg.DagsterInstance
) -> None:
    """The environment points elsewhere (a decoy); the resource passed with resources= wins."""
    decoy = tmp_path / "decoy"
    monkeypatch.setenv(PROJECT_DIR_ENV, str(decoy))
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(decoy / "warehouse"))
    project = tmp_path / "project"
    (project / "raw" / "desk").mkdir(parents=True)
    for sample in sorted((REPO / "raw" / "world_desk").glob("*.txt"))[:2]:
        shutil.copy(sample, project / "raw" / "desk" / sample.name)
    warehouse = WarehouseResource(project_dir=str(project), warehouse_dir=str(tmp_path / "lakehouse"))
    paths = warehouse.paths
    (batch,) = plan_batches(paths, {"desk": "raw/desk"})
    instance.add_dynamic_partitions(BATCHES.name, [batch.key])
    source = build_source_defs(SourceSpec(name="desk", folder="raw/desk", format="text"))
    shared = build_warehouse_defs({"desk": "raw/desk"})

    result = dg.materialize(
        [*source.assets, *shared.assets],
        selection=[
            STAGING,
            *(source_key("desk", t) for t in ("raw_documents", "documents", "blocks", "comments")),
        ],
        partition_key=batch.key,
        instance=instance,
        resources={"warehouse": warehouse, "nlp": NlpResource(n_process=1)},
    )

    assert result.success
    assert (tmp_path / "lakehouse" / "catalog.sqlite").is_file()
    assert not decoy.exists()
    con = duckdb.connect(str(paths.staging(result.run_id)), read_only=True)
    try:
        (raw,) = con.execute("SELECT count(*) FROM raw_documents WHERE source = 'desk'").fetchone()
        (documents,) = con.execute("SELECT count(*) FROM documents").fetchone()
    finally:
        con.close()
    assert raw == documents == 2


def test_every_asset_of_a_source_carries_its_tag() -> None:
    defs = build_source_defs(SourceSpec(name="desk", folder="raw/desk", format="text"))
    specs = [spec for assets in defs.assets for spec in assets.specs]
    assert len(specs) == 6
    assert {spec.tags.get(SOURCE_TAG) for spec in specs} == {"desk"}


def test_a_name_too_long_for_the_source_tag_fails_at_load(dg_project: Path) -> None:  # noqa: F811
    """A tag value holds at most 63 characters; the error names the file and the field."""
    path = write_source(dg_project, "desk", f"  name: desk{'_x' * 30}\n  folder: raw/desk\n")
    with pytest.raises(Exception) as failure:
        load(dg_project)
    message = "".join(str(e) for e in (failure.value, failure.value.__cause__) if e)
    assert str(path) in message and "'name'" in message and "63 characters" in message


def test_sources_are_found_by_their_tag_whatever_their_keys() -> None:
    @dg.asset(key=["feeds", "incoming"], tags={SOURCE_TAG: "feeds"}, metadata={SOURCE_FOLDER: "raw/feeds"})
    def incoming() -> None: ...

    @dg.asset(key=["feeds", "raw_documents"], metadata={SOURCE_FOLDER: "raw/untagged"})
    def untagged() -> None: ...

    assert source_folders(dg.Definitions(assets=[incoming, untagged])) == {"feeds": "raw/feeds"}


def test_the_code_location_finds_every_source_yaml() -> None:
    declared = {}
    for path in (REPO / "pipelines" / "defs" / "sources").rglob("defs.yaml"):
        attributes = yaml.safe_load(path.read_text(encoding="utf-8"))["attributes"]
        declared[attributes["name"]] = attributes["folder"]
    assert declared and source_folders(build_definitions()) == declared


def test_the_schema_and_views_ship_in_the_package() -> None:
    assert SCHEMA_SQL.is_file() and VIEWS_SQL.is_file()
    assert "CREATE TABLE" in SCHEMA_SQL.read_text(encoding="utf-8")
    con = duckdb.connect()
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
    finally:
        con.close()


@pytest.mark.e2e
def test_the_new_files_sensor_plans_where_the_resource_fields_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, instance: dg.DagsterInstance
) -> None:
    """A sensor reads the project's files and writes its batch manifests through the warehouse resource of
    its code location, not through the environment of the daemon's process (a decoy here)."""
    decoy = tmp_path / "decoy"
    monkeypatch.setenv(PROJECT_DIR_ENV, str(decoy))
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(decoy / "warehouse"))
    project = tmp_path / "project"
    (project / "raw" / "desk").mkdir(parents=True)
    (project / "raw" / "desk" / "a.txt").write_text("A first article.\n", encoding="utf-8")
    warehouse = WarehouseResource(project_dir=str(project), warehouse_dir=str(tmp_path / "lakehouse"))
    defs = dg.Definitions.merge(
        build_source_defs(SourceSpec(name="desk", folder="raw/desk", format="text")),
        dg.Definitions(resources={"warehouse": warehouse, "nlp": NlpResource(n_process=1)}),
    )
    with dg.build_sensor_context(
        instance=instance, definitions=defs, resources={"warehouse": warehouse}
    ) as context:
        result = defs.resolve_sensor_def("desk_new_files")(context)

    assert isinstance(result, dg.SensorResult)
    (request,) = result.run_requests
    assert read_batch(warehouse.paths, request.partition_key).files == {"desk": ["a.txt"]}
    assert not decoy.exists()
