"""The whole warehouse job on the many-machines setup, here on one: the Dagster instance of
deploy/dagster.yaml (its storage in PostgreSQL) and a lake whose catalog is a PostgreSQL database and
whose data path is a folder standing for shared storage. The job runs in-process, as
tests/test_end_to_end.py runs it; the run is then read back from PostgreSQL, and an analyst reads the
published documents from the PostgreSQL-catalogued lake.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage

from pipelines.definitions import build_definitions
from pipelines.settings import WarehousePaths
from pipelines.store.database import open_analyst
from pipelines.store.lake import publications
from tests.deploy.helpers import DEPLOY, instance_env
from tests.e2e_helpers import SAMPLE_SOURCES, TABLES, make_project, project_env, run_job
from tests.postgres_helpers import PgDatabase

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out


@dataclass(frozen=True)
class Deployment:
    project: Path
    shared: Path
    lake_db: PgDatabase
    dagster_db: PgDatabase
    instance: dg.DagsterInstance
    result: dg.ExecuteInProcessResult


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, postgres_lake_db: PgDatabase, postgres_dagster_db: PgDatabase
) -> Iterator[Deployment]:
    project = make_project(tmp_path_factory.mktemp("pg_project"), with_seeds=False)
    shared = tmp_path_factory.mktemp("shared")
    env = {
        **instance_env(postgres_dagster_db, shared),
        "NEWS_LAKE_CATALOG": f"postgres:{postgres_lake_db.conninfo}",
        "NEWS_LAKE_DATA": f"{shared / 'lake'}/",
    }
    with pytest.MonkeyPatch.context() as patch, project_env(project):
        for key, value in env.items():
            patch.setenv(key, value)
        defs = build_definitions()
        with dg.DagsterInstance.from_config(str(DEPLOY)) as instance:
            result = run_job(defs, instance)
            yield Deployment(project, shared, postgres_lake_db, postgres_dagster_db, instance, result)


def test_the_job_succeeds_with_every_check_passing(deployment: Deployment) -> None:
    result = deployment.result
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert [e.check_name for e in evaluations if not e.passed] == []
    assert sorted(e.check_name for e in evaluations) == sorted(f"{t}_suite" for t in TABLES)


def test_the_run_is_recorded_in_postgres(deployment: Deployment) -> None:
    run_id = deployment.result.run_id
    assert isinstance(deployment.instance.run_storage, PostgresRunStorage)
    assert isinstance(deployment.instance.event_log_storage, PostgresEventLogStorage)
    # another process of the deployment (a webserver, say) loads the same instance and sees the run
    with dg.DagsterInstance.from_config(str(DEPLOY)) as other:
        run = other.get_run_by_id(run_id)
        assert run is not None and run.job_name == "warehouse_job"
        assert run.status == dg.DagsterRunStatus.SUCCESS
        published = other.get_latest_materialization_event(dg.AssetKey(["warehouse", "published"]))
        assert published is not None and published.run_id == run_id
    # and it is PostgreSQL that holds it
    rows = deployment.dagster_db.query("SELECT pipeline_name, status FROM runs WHERE run_id = %s", (run_id,))
    assert rows == [("warehouse_job", "SUCCESS")]
    (events,) = deployment.dagster_db.query(
        "SELECT count(*) FROM event_logs WHERE run_id = %s AND dagster_event_type = 'ASSET_MATERIALIZATION'",
        (run_id,),
    )[0]
    assert events > 0


def test_an_analyst_reads_the_documents_from_the_postgres_catalogued_lake(deployment: Deployment) -> None:
    paths = WarehousePaths.from_env()
    assert paths.catalog.startswith("postgres:") and paths.lake_data.startswith(str(deployment.shared))
    con = open_analyst(paths)
    try:
        assert [p.run_id for p in publications(con)] == [deployment.result.run_id]
        counts = dict(con.execute("SELECT source, count(*) FROM documents GROUP BY source").fetchall())
        assert set(counts) == set(SAMPLE_SOURCES) and min(counts.values()) > 0
        (sentences,) = con.execute("SELECT count(*) FROM sentences").fetchone()
        assert sentences > 100
    finally:
        con.close()
    # the catalog is the PostgreSQL database: the publication is its snapshot there, and no SQLite file
    messages = {
        m for (m,) in deployment.lake_db.query("SELECT commit_message FROM ducklake_snapshot_changes")
    }
    assert f"publish {deployment.result.run_id}" in messages
    assert not list((deployment.project / "warehouse").glob("catalog.sqlite*"))
