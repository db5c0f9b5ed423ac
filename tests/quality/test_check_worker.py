"""The check worker process reaches the in-process verdicts, and a failure in it stops the check loudly."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from quality_helpers import RUN, check, failed, valid_warehouse

from pipelines.quality import QualityConfig, check_table
from pipelines.quality.check import read_frames
from pipelines.quality.worker_client import CheckWorker, CheckWorkerError


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
    with pytest.raises(CheckWorkerError, match="KeyError: 'documents'"):
        worker.validate("documents", frames, RUN, config, None).result(timeout=60)
    assert worker.alive  # one bad request does not take the worker down


def test_a_dead_worker_fails_the_check_naming_its_exit(config: QualityConfig) -> None:
    doomed = CheckWorker()
    os.kill(doomed.pid, signal.SIGKILL)
    with pytest.raises(CheckWorkerError, match=r"not running \(exit code -9\)"):
        check_table(valid_warehouse(), "documents", RUN, config, gx=doomed.validate)
    assert not doomed.alive
