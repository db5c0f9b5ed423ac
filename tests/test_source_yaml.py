"""A source is one YAML file: a good one becomes its own assets, a wrong one fails at load time naming
the file and the field."""

import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.lib.resources import NlpResource, WarehouseResource
from tests.e2e_helpers import project_env


@pytest.fixture
def dg_project(tmp_path: Path) -> Iterator[Path]:
    """An empty dg project whose defs folder the test fills with source YAMLs."""
    package = f"probe_{tmp_path.name.replace('-', '_')}"
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "{package}"\nversion = "0"\n\n[tool.dg]\ndirectory_type = "project"\n\n'
        f'[tool.dg.project]\nroot_module = "{package}"\n'
    )
    (tmp_path / package / "defs" / "sources").mkdir(parents=True)
    (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / package / "defs" / "__init__.py").write_text("")
    (tmp_path / "raw" / "desk").mkdir(parents=True)
    sys.path.insert(0, str(tmp_path))
    try:
        with project_env(tmp_path):
            yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))


def write_source(project: Path, folder: str, attributes: str) -> Path:
    package = next(p for p in project.iterdir() if p.name.startswith("probe_"))
    path = package / "defs" / "sources" / folder / "defs.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(f"type: pipelines.lib.ArticleSource\nattributes:\n{attributes}")
    return path


def load(project: Path) -> dg.Definitions:
    resources = dg.Definitions(resources={"warehouse": WarehouseResource(), "nlp": NlpResource()})
    return dg.Definitions.merge(dg.load_from_defs_folder(path_within_project=project), resources)


def test_a_yaml_file_makes_a_source_with_its_own_assets(dg_project: Path) -> None:
    write_source(dg_project, "desk", "  name: desk\n  folder: raw/desk\n  cron: '0 6 * * *'\n")
    defs = load(dg_project)
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    assert {"desk/raw_documents", "desk/documents", "desk/sentences", "desk/entity_mentions"} <= keys
    assert defs.resolve_schedule_def("desk_schedule").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("desk_new_files") is not None


@pytest.mark.parametrize(
    ("attributes", "field"),
    [
        ("  name: desk\n  folder: raw/desk\n  format: pdf\n", "format"),
        ("  name: desk\n  folder: elsewhere/desk\n", "folder"),
        ("  name: desk\n  folder: raw/desk\n  format: jsonl\n", "fields"),
        ("  name: Desk Two\n  folder: raw/desk\n", "name"),
        ("  name: desk\n  folder: raw/desk\n  cron: '61 6 * * *'\n", "cron"),  # our own check
        (
            "  name: desk\n  folder: raw/desk\n  cron: '0 6 31 2 *'\n",
            "cron",
        ),  # Dagster's check
    ],
)
def test_a_wrong_yaml_fails_at_load_naming_file_and_field(
    dg_project: Path, attributes: str, field: str
) -> None:
    path = write_source(dg_project, "desk", attributes)
    with pytest.raises(Exception) as failure:
        load(dg_project)
    message = "".join(str(e) for e in (failure.value, failure.value.__cause__) if e)
    assert str(path) in message
    assert f"'{field}'" in message


def test_two_sources_with_one_name_fail_at_load(dg_project: Path) -> None:
    write_source(dg_project, "a", "  name: desk\n  folder: raw/desk\n")
    second = write_source(dg_project, "b", "  name: desk\n  folder: raw/desk\n")
    with pytest.raises(Exception) as failure:
        load(dg_project)
    message = "".join(str(e) for e in (failure.value, failure.value.__cause__) if e)
    assert "already used by" in message and "'name'" in message
    assert "a/defs.yaml" in message or str(second) in message
