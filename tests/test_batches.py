"""Batches as partitions: each is audited and published on its own, and a failed one is retried alone."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.lib.keys import BATCHES, PUBLISHED
from pipelines.lib.runner import LAUNCHED_BY_TAG, run_batches
from pipelines.quality import SuiteOutcome
from pipelines.stages.batches import plan_batches
from tests.e2e_helpers import QUIET, REPO, analyst, project_env, project_paths

GOOD, BAD = "world_desk", "opinion_blog"
# a staged sentence of the BAD source's batch is broken just before its suite runs
BREAK_BAD_SOURCE = (
    "UPDATE sentences SET start_char = start_char + 1 WHERE rowid = (SELECT min(s.rowid) FROM sentences s "
    f"JOIN documents d USING (doc_id) WHERE s.run_id = $run AND d.source = '{BAD}')"
)

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out


def documents_by_source(project: Path) -> dict[str, int]:
    con = analyst(project)
    try:
        return dict(con.execute("SELECT source, count(*) FROM documents GROUP BY source").fetchall())
    finally:
        con.close()


def test_a_failed_batch_holds_back_only_itself_and_is_retried_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.lib.suite_checks as suite_checks

    for source in (GOOD, BAD):
        shutil.copytree(REPO / "raw" / source, tmp_path / "raw" / source)
    real_check = suite_checks.check_table

    def check_after_breaking_the_bad_batch(
        con: duckdb.DuckDBPyConnection, checked: str, run_id: str, *args: Any, **kwargs: Any
    ) -> SuiteOutcome:
        if checked == "sentences":
            con.execute(BREAK_BAD_SOURCE, {"run": run_id})
        return real_check(con, checked, run_id, *args, **kwargs)

    monkeypatch.setattr(suite_checks, "check_table", check_after_breaking_the_bad_batch)
    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        defs = build_definitions()
        paths = project_paths(tmp_path)
        (good,) = plan_batches(paths, {GOOD: f"raw/{GOOD}"})  # one batch per source, as two sensors would
        (bad,) = plan_batches(paths, {BAD: f"raw/{BAD}"})
        first = run_batches(defs, instance, run_config=QUIET)
        assert first.batches == [good.key, bad.key]
        good_run, bad_run = first.results
        assert good_run.success and not bad_run.success
        failed = [e.check_name for e in bad_run.get_asset_check_evaluations() if not e.passed]
        assert failed == ["sentences_suite"]
        # analysts see the good batch whole and nothing of the bad one
        assert documents_by_source(tmp_path) == {GOOD: len(good.files[GOOD])}
        assert instance.get_materialized_partitions(PUBLISHED) == {good.key}

        monkeypatch.setattr(suite_checks, "check_table", real_check)  # the cause is fixed
        retry = run_batches(defs, instance, run_config=QUIET)
        assert retry.batches == [bad.key] and retry.success  # only the failed batch runs again
        assert documents_by_source(tmp_path) == {GOOD: len(good.files[GOOD]), BAD: len(bad.files[BAD])}
        assert set(instance.get_dynamic_partitions(BATCHES.name)) == {good.key, bad.key}
        assert run_batches(defs, instance, run_config=QUIET).batches == []  # and then nothing is left


def test_a_batch_left_started_by_a_killed_make_run_is_failed_and_run_again(tmp_path: Path) -> None:
    """kill -9 of `make run` leaves its run STARTED; the next `make run` neither waits on it nor skips it."""
    shutil.copytree(REPO / "raw" / GOOD, tmp_path / "raw" / GOOD)
    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        defs = build_definitions()
        (batch,) = plan_batches(project_paths(tmp_path), {GOOD: f"raw/{GOOD}"})
        instance.add_dynamic_partitions(BATCHES.name, [batch.key])
        job = defs.resolve_job_def("warehouse_job")
        tags = {"dagster/partition": batch.key}
        killed = instance.create_run_for_job(
            job, status=dg.DagsterRunStatus.STARTED, tags={**tags, LAUNCHED_BY_TAG: "make run"}
        )
        runs = run_batches(defs, instance, run_config=QUIET)
        assert runs.batches == [batch.key] and runs.success
        assert instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.FAILURE

        # a run of the UI (no make-run tag) in progress is another process's work: left to it
        (tmp_path / "raw" / GOOD / "zz-late.txt").write_text("A late article about Helsinki.\n" * 20)
        (late,) = plan_batches(project_paths(tmp_path), {GOOD: f"raw/{GOOD}"})
        instance.add_dynamic_partitions(BATCHES.name, [late.key])
        ui_run = instance.create_run_for_job(
            job, status=dg.DagsterRunStatus.STARTED, tags={"dagster/partition": late.key}
        )
        skipped = run_batches(defs, instance, run_config=QUIET)
        assert skipped.batches == [] and skipped.busy == [late.key]
        assert instance.get_run_by_id(ui_run.run_id).status == dg.DagsterRunStatus.STARTED
