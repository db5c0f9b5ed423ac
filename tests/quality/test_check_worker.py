"""The check worker process reaches the in-process verdicts, and a failure in it stops the check loudly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from quality_helpers import RUN, check, failed, valid_warehouse

from pipelines.quality import QualityConfig, check_table, worker_client
from pipelines.quality.check import read_frames
from pipelines.quality.worker_client import CheckWorker, CheckWorkerError, shared_check_worker
from tests.process_helpers import alive, gone_within


@pytest.fixture(scope="module")
def worker(config: QualityConfig) -> Iterator[CheckWorker]:
    started = CheckWorker()
    started.warm_up(config)
    yield started
    started.close()


@pytest.mark.parametrize(
    ("table", "violation"),
    [
        ("entity_mentions", "UPDATE entity_mentions SET label = 'MONEY' WHERE mention_index = 0"),
        ("documents", "UPDATE documents SET body_text = body_text || ' Follow us on Twitter.'"),
        ("sentences", "UPDATE sentences SET start_char = start_char + 1 WHERE sentence_index = 1"),
    ],
)
def test_worker_finds_the_same_failures_and_rows_as_in_process(
    worker: CheckWorker, config: QualityConfig, table: str, violation: str
) -> None:
    con = valid_warehouse()
    con.execute(violation)
    remote = check_table(con, table, RUN, config, gx=worker.validate)
    local = check(con, table, config)
    assert not remote.success
    assert failed(remote) == failed(local) != {}
    assert [o.observed_value for o in remote.outcomes] == [o.observed_value for o in local.outcomes]


def test_worker_renders_a_failing_suites_data_docs(
    worker: CheckWorker, config: QualityConfig, tmp_path: Path
) -> None:
    con = valid_warehouse()
    con.execute("UPDATE entities SET label = 'DATE'")
    outcome = check_table(con, "entities", RUN, config, data_docs_dir=tmp_path / "docs", gx=worker.validate)
    assert not outcome.success
    assert outcome.data_docs_index is not None and outcome.data_docs_index.is_file()
    index = worker.run_data_docs(tmp_path / "docs", RUN).result(timeout=60)
    assert index == outcome.data_docs_index


def test_an_error_in_the_worker_reaches_the_caller_with_its_traceback(
    worker: CheckWorker, config: QualityConfig
) -> None:
    frames = read_frames(valid_warehouse(), "documents", RUN)
    del frames["documents"]
    with pytest.raises(CheckWorkerError, match="KeyError: 'documents'") as raised:
        worker.validate("documents", frames, RUN, config, None).result(timeout=60)
    assert "Traceback (most recent call last)" in str(raised.value)
    assert "gx_validate.py" in str(raised.value)  # the worker's own frames, where it raised
    assert worker.alive  # one bad request does not take the worker down


def test_a_dead_worker_fails_the_check_naming_its_exit(config: QualityConfig) -> None:
    doomed = CheckWorker()
    os.kill(doomed.pid, signal.SIGKILL)
    with pytest.raises(CheckWorkerError, match=r"not running \(exit code -9\)"):
        check_table(valid_warehouse(), "documents", RUN, config, gx=doomed.validate)
    assert not doomed.alive


def test_a_dead_shared_worker_is_replaced_at_the_next_call(
    config: QualityConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_client, "_shared", None)
    first = shared_check_worker(config)
    assert shared_check_worker(config) is first
    os.kill(first.pid, signal.SIGKILL)
    with pytest.raises(CheckWorkerError, match=r"not running \(exit code -9\)"):
        first.run_data_docs(Path("unused"), RUN).result(timeout=60)
    second = shared_check_worker(config)
    try:
        assert second is not first and second.alive
        outcome = check_table(valid_warehouse(), "documents", RUN, config, gx=second.validate)
        assert outcome.success
    finally:
        second.close()
    with pytest.raises(CheckWorkerError, match="not running"):
        second.validate("documents", {}, RUN, config, None).result(timeout=60)


def test_a_released_worker_finishes_its_last_request_then_ends_by_itself(
    config: QualityConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """make run releases the worker once its batches are checked, so that the worker's exit overlaps the
    summary and search index: what it was asked still completes, it ends without close(), it takes no
    more requests, and the next caller gets a new worker."""
    monkeypatch.setattr(worker_client, "_shared", None)
    first = shared_check_worker(config)
    frames = read_frames(valid_warehouse(), "documents", RUN)
    asked = first.validate("documents", frames, RUN, config, None)
    worker_client.release_shared_check_worker()
    outcomes, _ = asked.result(timeout=120)
    assert outcomes and all(outcome.success for outcome in outcomes)
    assert gone_within([first.pid], 30)
    assert not first.alive
    with pytest.raises(CheckWorkerError, match="closed"):
        first.validate("documents", frames, RUN, config, None).result(timeout=60)
    second = shared_check_worker(config)
    try:
        assert second is not first and second.alive
    finally:
        second.close()


KILLED_RUN = """
import sys, time
sys.path.insert(0, {repo!r})
from pipelines.quality.worker_client import CheckWorker

if __name__ == "__main__":
    worker = CheckWorker()  # kept: a pool that is garbage collected stops its worker
    print(worker.pid, flush=True)
    time.sleep(600)
"""


def test_the_worker_exits_when_the_run_process_is_killed(tmp_path: Path) -> None:
    """kill -9 of a run must not leave its check worker (Great Expectations in memory) running forever."""
    script = tmp_path / "killed_run.py"
    script.write_text(KILLED_RUN.format(repo=str(Path(__file__).resolve().parents[2])), encoding="utf-8")
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(run.stdout.readline())
        time.sleep(1)  # its initializer (which starts the watch) runs first
        assert alive(pid)
    finally:
        run.kill()
        run.wait()
    assert gone_within([pid], seconds=30)
