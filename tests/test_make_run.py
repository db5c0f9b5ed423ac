"""`make run` as a user meets it: a second one while the first is going says so plainly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.lib.runner import one_make_run
from pipelines.store.database import open_analyst
from tests.e2e_helpers import REPO, project_paths

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out


def make_run_env(project: Path, **extra: str) -> dict[str, str]:
    """The environment of `make run` on a project folder of its own, with its own Dagster instance."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DAGSTER_", "NEWS_"))}
    (project / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text(encoding="utf-8"))
    return env | {
        "NEWS_PROJECT_DIR": str(project),
        "NEWS_WAREHOUSE_DIR": str(project / "warehouse"),
        "DAGSTER_HOME": str(project),
        "DAGSTER_STORAGE_DIR": str(project / "storage"),
        "DAGSTER_COMPUTE_LOG_DIR": str(project / "logs"),
        "GX_ANALYTICS_ENABLED": "False",
        **extra,
    }


def test_a_second_make_run_says_one_is_in_progress_and_exits(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    env = make_run_env(tmp_path)
    with one_make_run(project_paths(tmp_path)) as holder:  # the first make run, going on
        assert holder is None
        second = subprocess.run(
            [sys.executable, "-m", "pipelines.run"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert second.returncode == 75
    assert f"Another `make run` is in progress (pid {os.getpid()}" in second.stdout
    assert "Traceback" not in second.stderr
    with one_make_run(project_paths(tmp_path)) as holder:  # released when the first one ended
        assert holder is None


def test_batches_side_by_side_publish_every_batch_once(tmp_path: Path) -> None:
    """NEWS_PARALLEL_BATCHES=2: two batch processes at once on one SQLite-catalogued lake."""
    for source in ("world_desk", "opinion_blog"):
        shutil.copytree(REPO / "raw" / source, tmp_path / "raw" / source)
    env = make_run_env(tmp_path, NEWS_PARALLEL_BATCHES="2", NEWS_BATCH_FILES="6")
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.run"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "2 batches, 2 at a time" in done.stderr
    assert done.stdout.count(" published ") == 2
    new_documents = {  # the summary's per-source table: source, new_documents, new_sentences, ...
        line.split()[0]: int(line.split()[1])
        for line in done.stdout.splitlines()
        if line.split()[:1] in (["opinion_blog"], ["world_desk"])
    }
    assert new_documents == {"opinion_blog": 5, "world_desk": 6}
    con = open_analyst(project_paths(tmp_path))
    try:
        documents = con.execute("SELECT source, count(*), count(DISTINCT doc_id) FROM documents GROUP BY 1")
        assert sorted(documents.fetchall()) == [("opinion_blog", 5, 5), ("world_desk", 6, 6)]
    finally:
        con.close()
