"""Two batches loaded by two processes at once into one PostgreSQL-catalogued lake, an analyst reading
all the while: nothing lost, nothing twice, every check passed, and only whole publications seen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.settings import WarehousePaths
from pipelines.store.database import open_analyst
from pipelines.store.lake import publications
from tests.e2e_helpers import REPO, SAMPLE_SOURCES
from tests.postgres_helpers import PgDatabase, PgRole, _session_database

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out

# the samples split in two batches that share names (both write about the same people and places)
BATCHES = {"a": ("world_desk", "newswire_jsonl"), "b": ("opinion_blog", "web_html", "crawl_warc")}


@pytest.fixture(scope="module")
def batches_lake_db(postgres_role: PgRole) -> Iterator[PgDatabase]:
    yield from _session_database(postgres_role, "batches")


def _project(root: Path, sources: tuple[str, ...]) -> Path:
    """A project folder whose raw/ holds only these sources' samples (the others' folders empty)."""
    for source in SAMPLE_SOURCES:
        target = root / "raw" / source
        if source in sources:
            shutil.copytree(REPO / "raw" / source, target)
        else:
            target.mkdir(parents=True)
    return root


def _env(project: Path, lake: PgDatabase, shared: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DAGSTER_", "NEWS_"))}
    env |= {
        "NEWS_PROJECT_DIR": str(project),
        "NEWS_WAREHOUSE_DIR": str(project / "warehouse"),
        "NEWS_LAKE_CATALOG": f"postgres:{lake.conninfo}",
        "NEWS_LAKE_DATA": f"{shared}/",
        "DAGSTER_HOME": str(project / "dagster_home"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }
    (project / "dagster_home").mkdir()
    return env


def test_two_batches_at_once_publish_everything_once(tmp_path: Path, batches_lake_db: PgDatabase) -> None:
    shared = tmp_path / "shared-lake"
    analyst_paths = WarehousePaths.under(
        tmp_path, tmp_path / "analyst", catalog=f"postgres:{batches_lake_db.conninfo}", lake_data=f"{shared}/"
    )
    projects = {name: _project(tmp_path / name, sources) for name, sources in BATCHES.items()}
    # the lake exists before the batches start (an empty first run), as on a deployed cluster
    first = subprocess.run(
        [sys.executable, "-m", "pipelines.run"],
        env=_env(_project(tmp_path / "empty", ()), batches_lake_db, shared),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]

    seen: list[tuple[int, int, int]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def watch() -> None:  # an analyst querying in a loop on one connection of its own
        try:
            con = open_analyst(analyst_paths)
            while not done.is_set():
                con.execute("BEGIN")
                row = con.execute(
                    "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
                    "(SELECT count(*) FROM entity_mentions WHERE entity_id IS NOT NULL)"
                ).fetchone()
                con.execute("COMMIT")
                seen.append(row)
                time.sleep(0.05)
            con.close()
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    watcher = threading.Thread(target=watch)
    watcher.start()
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pipelines.run"],
            env=_env(project, batches_lake_db, shared),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, project in projects.items()
    }
    outputs = {name: run.communicate(timeout=900)[0] for name, run in runs.items()}
    done.set()
    watcher.join(timeout=60)
    for name, run in runs.items():
        assert run.returncode == 0, f"batch {name}:\n{outputs[name][-4000:]}"
        assert "7 passed, 0 failed" in outputs[name]
    assert errors == []

    con = open_analyst(analyst_paths)
    try:
        published = [p.run_id for p in publications(con)]
        docs = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        raw = con.execute("SELECT count(*), count(DISTINCT raw_id) FROM raw_documents").fetchone()
        mentions = con.execute(
            "SELECT count(*), count(DISTINCT (doc_id, mention_index)), count(entity_id) FROM entity_mentions"
        ).fetchone()
        entity_ids = con.execute("SELECT count(*), count(DISTINCT entity_id) FROM entities").fetchone()
        names = con.execute("SELECT canonical_name FROM entities GROUP BY ALL HAVING count(*) > 1").fetchall()
        counts_match = con.execute(
            "SELECT count(*) FROM entities e WHERE mention_count <> "
            "(SELECT count(*) FROM entity_mentions m WHERE m.entity_id = e.entity_id)"
        ).fetchone()[0]
        final = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
            "(SELECT count(*) FROM entity_mentions WHERE entity_id IS NOT NULL)"
        ).fetchone()
    finally:
        con.close()
    batch = {name: _reported(output) for name, output in outputs.items()}
    assert len(published) == 2  # one publication per batch (the empty first run published nothing)
    assert final == tuple(a + b for a, b in zip(batch["a"], batch["b"], strict=True))  # nothing lost
    assert docs[0] == docs[1] == final[0] and raw[0] == raw[1]  # nothing twice
    assert mentions[0] == mentions[1] == mentions[2] == final[2]  # every mention once, each resolved
    assert entity_ids[0] == entity_ids[1] and names == []  # one entity per name, not one per batch
    assert counts_match == 0
    # the analyst only ever saw whole publications: nothing, batch a alone, batch b alone, or both
    assert seen and set(seen) <= {(0, 0, 0), batch["a"], batch["b"], final}, sorted(set(seen))
    assert seen[-1] == final


def _reported(output: str) -> tuple[int, int, int]:
    """New documents, sentences and mentions a run printed in its summary, over its sources."""
    totals = [0, 0, 0]
    for line in output.splitlines():
        fields = line.split()
        if len(fields) == 5 and fields[0] in SAMPLE_SOURCES and all(f.isdigit() for f in fields[1:]):
            for i in range(3):
                totals[i] += int(fields[i + 1])
    return (totals[0], totals[1], totals[2])
