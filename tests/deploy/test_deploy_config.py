"""deploy/'s configs, validated by Dagster's own config machinery (no cluster runs here).

The instance files are loaded as a deployment loads them, `DagsterInstance.from_config(<folder>)`, with
the DAGSTER_PG_* variables pointing at a PostgreSQL database of the test session; the cluster's run
config is validated against its jobs' docker_executor with `dagster.validate_run_config`. Broken copies
of each are rejected, so these tests can fail.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import dagster as dg
import pytest
import yaml
from dagster_docker import DockerRunLauncher
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

from tests.deploy.helpers import CLUSTER, DEPLOY, env_example, instance_env
from tests.postgres_helpers import PgDatabase

ENV_REF = re.compile(r"^\s*env:\s*([A-Z][A-Z0-9_]*)\s*$", re.MULTILINE)


@pytest.fixture
def pg_env(
    postgres_dagster_db: PgDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    env = instance_env(postgres_dagster_db, tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def _load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _broken_copy(source: Path, folder: Path, change: Callable[[dict], None]) -> Path:
    """A folder holding source (a dagster.yaml) with change applied to its parsed content."""
    config = _load_yaml(source)
    change(config)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dagster.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder


def _cluster_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_cluster_definitions", CLUSTER / "definitions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def loaded_instance(folder: Path) -> Iterator[dg.DagsterInstance]:
    """The instance a deployment with DAGSTER_HOME=folder gets, every configured part of it built: the
    storage connects at once, the run launcher, coordinator, scheduler and log manager on first use."""
    with dg.DagsterInstance.from_config(str(folder)) as instance:
        for part in ("run_launcher", "run_coordinator", "scheduler", "compute_log_manager"):
            assert getattr(instance, part) is not None, part
        yield instance


@pytest.fixture(scope="module")
def cluster_defs() -> dg.Definitions:
    return _cluster_module().defs


def test_deploy_instance_keeps_everything_in_postgres(pg_env: dict[str, str]) -> None:
    with loaded_instance(DEPLOY) as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        assert type(instance.run_launcher).__name__ == "DefaultRunLauncher"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 2  # two batches
        assert instance.run_monitoring_enabled
        assert instance.run_monitoring_max_resume_run_attempts == 0
        assert not instance.telemetry_enabled
        # the database answers: an empty run history to begin with
        assert instance.get_runs_count() == 0


def test_cluster_instance_uses_the_docker_run_launcher(pg_env: dict[str, str]) -> None:
    with loaded_instance(CLUSTER) as instance:
        launcher = instance.run_launcher
        assert isinstance(launcher, DockerRunLauncher)
        assert launcher.image == pg_env["NEWS_RUN_IMAGE"]
        assert launcher.networks == [pg_env["DAGSTER_DOCKER_NETWORK"]]
        assert launcher.supports_check_run_worker_health  # what run monitoring needs to fail dead runs
        assert instance.run_monitoring_enabled
        assert isinstance(instance.run_storage, PostgresRunStorage)
        # the run containers get every variable the pipeline and the instance read
        assert {"DAGSTER_PG_HOST", "NEWS_LAKE_CATALOG", "NEWS_LAKE_DATA", "NEWS_WAREHOUSE_DIR"} <= set(
            launcher.env_vars
        )


def test_cluster_instance_differs_from_the_deploy_instance_only_by_its_launcher_and_run_count() -> None:
    deploy, cluster = _load_yaml(DEPLOY / "dagster.yaml"), _load_yaml(CLUSTER / "dagster.yaml")
    assert deploy.pop("run_launcher") != cluster.pop("run_launcher")
    runs = [config.pop("concurrency")["runs"]["max_concurrent_runs"] for config in (deploy, cluster)]
    assert runs[1] > runs[0]  # a cluster runs more batches at once than one machine
    assert deploy == cluster


def test_env_example_names_every_variable_the_configs_read() -> None:
    documented = env_example()
    files = [DEPLOY / "dagster.yaml", CLUSTER / "dagster.yaml", DEPLOY / "workspace.yaml"]
    referenced = {name for path in files for name in ENV_REF.findall(path.read_text(encoding="utf-8"))}
    launcher_env = _load_yaml(CLUSTER / "dagster.yaml")["run_launcher"]["config"]["env_vars"]
    pipeline = {"NEWS_LAKE_CATALOG", "NEWS_LAKE_DATA", "NEWS_WAREHOUSE_DIR", "NEWS_PROJECT_DIR"}
    needed = referenced | set(launcher_env) | pipeline | {"DAGSTER_HOME"}
    assert sorted(needed - set(documented)) == []
    assert documented["NEWS_LAKE_CATALOG"].startswith("postgres:")


def test_env_example_loads_in_a_shell_as_written() -> None:
    """`set -a; . ./env` gives every variable its whole value (a libpq string has spaces)."""
    script = f"set -a; . {shlex.quote(str(DEPLOY / 'env.example'))}; env -0"
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, check=True, env={"PATH": "/usr/bin:/bin"}
    )
    loaded = dict(item.split("=", 1) for item in done.stdout.decode().split("\0") if "=" in item)
    assert {k: loaded.get(k) for k in env_example(commented=False)} == env_example(commented=False)
    assert not {"host", "port", "user", "password"} & set(loaded)


def test_cluster_run_config_validates_against_the_docker_executor(cluster_defs: dg.Definitions) -> None:
    run_config = _load_yaml(CLUSTER / "run_config.yaml")
    for job in cluster_defs.resolve_all_job_defs():
        assert job.executor_def.name == "docker", job.name
        validated = dg.validate_run_config(job, run_config)
        assert validated["execution"]["docker"]["max_concurrent"] == 1


def test_cluster_definitions_are_the_project_definitions(cluster_defs: dg.Definitions) -> None:
    from pipelines.definitions import build_definitions

    project = build_definitions()
    assert sorted(j.name for j in cluster_defs.resolve_all_job_defs()) == sorted(
        j.name for j in project.resolve_all_job_defs()
    )
    assert set(cluster_defs.resolve_all_asset_keys()) == set(project.resolve_all_asset_keys())


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict], None]:
    def change(config: dict) -> None:
        node = config
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


INSTANCE_BREAKAGES = {
    "unknown_top_level_key": (DEPLOY, _set(("run_monitorin",), {"enabled": True})),
    "unknown_run_monitoring_key": (DEPLOY, _set(("run_monitoring", "start_timeout"), 60)),
    "storage_without_hostname": (
        DEPLOY,
        lambda c: c["storage"]["postgres"]["postgres_db"].pop("hostname"),
    ),
    "unknown_docker_launcher_key": (CLUSTER, _set(("run_launcher", "config", "netwrok"), "news")),
    "docker_launcher_env_vars_not_a_list": (CLUSTER, _set(("run_launcher", "config", "env_vars"), "X")),
}


@pytest.mark.parametrize("breakage", sorted(INSTANCE_BREAKAGES))
def test_a_broken_instance_config_is_rejected(pg_env: dict[str, str], tmp_path: Path, breakage: str) -> None:
    source, change = INSTANCE_BREAKAGES[breakage]
    folder = _broken_copy(source / "dagster.yaml", tmp_path / breakage, change)
    with pytest.raises(dg.DagsterInvalidConfigError), loaded_instance(folder):
        pass


def test_a_missing_variable_is_named(
    pg_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAGSTER_PG_PASSWORD")
    folder = tmp_path / "deploy"
    folder.mkdir()
    shutil.copy(DEPLOY / "dagster.yaml", folder / "dagster.yaml")
    with pytest.raises(dg.DagsterInvalidConfigError, match="DAGSTER_PG_PASSWORD"):
        dg.DagsterInstance.from_config(str(folder))  # the storage is built first


@pytest.mark.parametrize(
    "execution",
    [{"max_concurent": 1}, {"max_concurrent": "one"}, {"retries": {"sometimes": {}}}],
    ids=["unknown_key", "wrong_type", "unknown_retry_mode"],
)
def test_a_broken_executor_config_is_rejected(cluster_defs: dg.Definitions, execution: dict) -> None:
    job = cluster_defs.resolve_job_def("warehouse_job")
    with pytest.raises(dg.DagsterInvalidConfigError):
        dg.validate_run_config(job, {"execution": {"config": execution}})
