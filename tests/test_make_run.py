"""`make run` as a user meets it: a second one while the first is going says so plainly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipelines.runner import one_make_run
from tests.e2e_helpers import REPO, project_paths


def test_a_second_make_run_says_one_is_in_progress_and_exits(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DAGSTER_", "NEWS_"))}
    env |= {
        "NEWS_PROJECT_DIR": str(tmp_path),
        "NEWS_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "DAGSTER_HOME": str(tmp_path),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }
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
