"""The lakehouse as analysts and data engineers meet it: publications are atomic for a reader, a failed
audit publishes nothing, `make rollback` undoes a publication, the single-file format migrates without
loss, and incremental entity resolution gives what a full one gives.

Whole Dagster runs in-process against temporary projects. The tests of the shared project run in file
order: the analyst test publishes B on top of the first run's A, the failed audit adds nothing, and the
rollback tests undo B and then A (so they come last among the tests of that project).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.ingest import SourceSpec
from pipelines.lib.keys import PUBLISHED
from pipelines.quality import SuiteOutcome
from pipelines.resolve import load_aliases
from pipelines.stages.resolve_stage import resolve_run_entities
from pipelines.store.lake import Publication, publications
from pipelines.store.migrate import COPIED_TABLES
from pipelines.store.publish import APPENDED_TABLES, REPLACED_TABLES
from tests.e2e_helpers import (
    REPO,
    SAMPLE_SOURCES,
    SHARED,
    TABLES,
    analyst,
    discard_failed_batch,
    make_project,
    project_env,
    project_paths,
    run_job,
    table_snapshot,
)
from tests.lake_helpers import publish, staged_run

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out

HAS_SEEDS = (SHARED / "seeds").is_dir() and any((SHARED / "seeds").iterdir())
SEEDS = SourceSpec(name="seeds", folder="raw/seeds", format="text")
LEGACY_SCHEMA = Path(__file__).parent / "fixtures" / "legacy_schema.sql"
PROBE_EVERY = 0.02  # seconds between two queries of the looping analyst


def definitions(project: Path, *, with_seeds: bool) -> dg.Definitions:
    with project_env(project):
        return build_definitions([SEEDS] if with_seeds else [])


def run_in(project: Path, defs: dg.Definitions, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    with project_env(project):
        return run_job(defs, instance)


def frozen(value: Any) -> Any:
    """A row (or value) with its lists made tuples, so rows can go into sets."""
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    return value


def row_set(rows: list[tuple]) -> set[tuple]:
    return {frozen(row) for row in rows}


def failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    return sorted(
        f"{e.asset_key.to_user_string()}:{e.check_name}"
        for e in result.get_asset_check_evaluations()
        if not e.passed
    )


def why_failed(result: dg.ExecuteInProcessResult) -> str:
    """The failed checks and step errors of a run, for an assertion message."""
    errors = [
        f"{event.step_key}: {event.event_specific_data.error.to_string()[-1500:]}"
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE" and event.event_specific_data.error is not None
    ]
    return "\n".join([f"run {result.run_id}", *failed_checks(result), *errors])


def in_force(project: Path) -> list[Publication]:
    con = analyst(project)
    try:
        return publications(con)
    finally:
        con.close()


def variant_article(source_file: Path, marker: str) -> str:
    """A new article (new doc_id) from a sample with reader comments, so a run writes every table."""
    text = source_file.read_text(encoding="utf-8")
    return text.replace("NATO", "The alliance", 1) + f"\nA paragraph added for the {marker} run.\n"


def module_env(project: Path) -> dict[str, str]:
    """The environment `make rollback` / `make migrate` would have for this project."""
    env = dict(os.environ)
    env["NEWS_PROJECT_DIR"] = str(project)
    env["NEWS_WAREHOUSE_DIR"] = str(project / "warehouse")
    env.pop("NEWS_LAKE_CATALOG", None)
    env.pop("NEWS_LAKE_DATA", None)
    return env


def run_module(module: str, project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module],
        cwd=REPO,
        env=module_env(project),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --------------------------------------------------------------------------------------------------------
# The shared project: the samples (and the seeds), published as A by the first run.


@pytest.fixture(scope="module")
def instance() -> dg.DagsterInstance:
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("lakehouse"), with_seeds=HAS_SEEDS)


@pytest.fixture(scope="module")
def defs(project: Path) -> dg.Definitions:
    return definitions(project, with_seeds=HAS_SEEDS)


@pytest.fixture(scope="module")
def publication_a(project: Path, defs: dg.Definitions, instance: dg.DagsterInstance) -> Publication:
    """The first run's publication (every sample and seed file)."""
    result = run_in(project, defs, instance)
    assert result.success, why_failed(result)
    found = in_force(project)
    assert [p.run_id for p in found] == [result.run_id]
    return found[0]


# --------------------------------------------------------------------------------------------------------
# 1. An analyst reads through a whole run.

PROBE = """
SELECT (SELECT count(*) FROM documents),
       (SELECT count(*) FROM sentences),
       (SELECT count(*) FROM entity_mentions),
       (SELECT max(snapshot_id) FROM lake.snapshots() WHERE commit_message LIKE 'publish %')
"""


@dataclass
class Watch:
    """What a looping analyst saw during run B, and the states around it."""

    result: dg.ExecuteInProcessResult
    observations: list[tuple] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    old: tuple = ()
    new: tuple = ()
    before: dict[str, list[tuple]] = field(default_factory=dict)
    after: dict[str, list[tuple]] = field(default_factory=dict)
    publication_b: Publication | None = None


def _observe(project: Path, ready: threading.Event, stop: threading.Event, watch: Watch) -> None:
    """The analyst's thread: one connection of its own, a query every PROBE_EVERY until told to stop."""
    try:
        con = analyst(project)
    except Exception as error:  # noqa: BLE001 - reported by the test
        watch.errors.append(f"connect: {error!r}")
        ready.set()
        return
    try:
        watch.observations.append(tuple(con.execute(PROBE).fetchone()))
        ready.set()
        while not stop.is_set():
            try:
                watch.observations.append(tuple(con.execute(PROBE).fetchone()))
            except Exception as error:  # noqa: BLE001 - an analyst's error during a run is the failure
                watch.errors.append(f"{time.strftime('%X')}: {error!r}")
            time.sleep(PROBE_EVERY)
        watch.observations.append(tuple(con.execute(PROBE).fetchone()))  # after the run ended
    except Exception as error:  # noqa: BLE001
        watch.errors.append(repr(error))
    finally:
        ready.set()
        con.close()


def _state(project: Path, snapshot: int | None = None) -> tuple:
    con = analyst(project, snapshot)
    try:
        return tuple(con.execute(PROBE).fetchone())
    finally:
        con.close()


@pytest.fixture(scope="module")
def watched_run(
    project: Path, defs: dg.Definitions, instance: dg.DagsterInstance, publication_a: Publication
) -> Watch:
    """Run B adds one article while an analyst connection, opened before the run, queries in a loop."""
    before = table_snapshot(project)
    old = _state(project)
    (project / "raw" / "world_desk" / "zz-analyst-run.txt").write_text(
        variant_article(REPO / "raw" / "world_desk" / "2024-04-04-nato-at-75.txt", "analyst"),
        encoding="utf-8",
    )
    watch = Watch(result=None, before=before, old=old)  # type: ignore[arg-type]
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=_observe, args=(project, ready, stop, watch), daemon=True)
    thread.start()
    assert ready.wait(60), "the analyst thread never connected"
    try:
        watch.result = run_in(project, defs, instance)
    finally:
        stop.set()
        thread.join(60)
    assert not thread.is_alive(), "the analyst thread did not stop"
    watch.new = _state(project)
    watch.after = table_snapshot(project)
    found = in_force(project)
    watch.publication_b = found[0] if found and found[0].run_id == watch.result.run_id else None
    return watch


def test_an_analyst_reading_through_a_run_sees_one_publication_or_the_next(
    watched_run: Watch, publication_a: Publication
) -> None:
    watch = watched_run
    assert watch.result.success, why_failed(watch.result)
    assert watch.publication_b is not None, "run B published no snapshot"
    assert watch.errors == []
    old, new = watch.old, watch.new
    assert old[3] == publication_a.snapshot_id
    assert new[3] == watch.publication_b.snapshot_id
    assert new[0] == old[0] + 1, "run B adds exactly one document"
    assert new[1] > old[1] and new[2] > old[2]
    # enough observations that the loop really ran through the run
    assert len(watch.observations) >= 20, len(watch.observations)
    mixed = [o for o in watch.observations if o not in (old, new)]
    assert mixed == [], f"observations that are neither {old} nor {new}: {mixed[:5]}"
    first_new = watch.observations.index(new)  # raises when the analyst never saw the new publication
    assert old not in watch.observations[first_new:], "the old publication came back after the new one"
    assert watch.observations[0] == old
    assert watch.observations[-1] == new


def test_a_fresh_analyst_after_the_run_sees_the_new_publication(watched_run: Watch, project: Path) -> None:
    con = analyst(project)
    try:
        assert tuple(con.execute(PROBE).fetchone()) == watched_run.new
        (path,) = con.execute(
            "SELECT r.path FROM documents d JOIN raw_documents r ON r.raw_id = d.raw_id WHERE d.run_id = ?",
            [watched_run.result.run_id],
        ).fetchone()
    finally:
        con.close()
    assert path == "raw/world_desk/zz-analyst-run.txt"
    # every analyst table got rows from run B, and nothing published before B changed
    for table in TABLES:
        added = row_set(watched_run.after[table]) - row_set(watched_run.before[table])
        assert added, f"run B published no {table} row"
    for table in set(TABLES) - {"entities", "entity_mentions"}:  # resolution may rewrite old entities
        assert row_set(watched_run.before[table]) <= row_set(watched_run.after[table]), table


# --------------------------------------------------------------------------------------------------------
# 2. A failed audit leaves what analysts see unchanged.

BROKEN_TABLE = "sentences"
BREAK_A_ROW = (
    "UPDATE sentences SET start_char = start_char + 1 "
    "WHERE rowid = (SELECT min(rowid) FROM sentences WHERE run_id = $run)"
)
BROKEN_EXPECTATION = "sql:offsets_match_body_text"


def test_a_failed_audit_publishes_nothing_and_keeps_its_evidence(
    project: Path,
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    publication_a: Publication,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pipelines.lib.suite_checks as suite_checks

    before = table_snapshot(project)
    published_before = in_force(project)
    real_check = suite_checks.check_table

    def check_after_breaking_a_row(
        con: duckdb.DuckDBPyConnection, checked: str, run_id: str, *args: Any, **kwargs: Any
    ) -> SuiteOutcome:
        if checked == BROKEN_TABLE:  # the staged row is broken just before its suite runs
            con.execute(BREAK_A_ROW, {"run": run_id})
        return real_check(con, checked, run_id, *args, **kwargs)

    monkeypatch.setattr(suite_checks, "check_table", check_after_breaking_a_row)
    new_file = project / "raw" / "world_desk" / "zz-bad-row-run.txt"
    new_file.write_text(
        variant_article(REPO / "raw" / "world_desk" / "2024-04-04-nato-at-75.txt", "bad row"),
        encoding="utf-8",
    )
    try:
        result = run_in(project, defs, instance)
    finally:
        new_file.unlink()
    discard_failed_batch(project, result)
    run_id = result.run_id

    assert not result.success
    assert failed_checks(result) == [f"warehouse/{BROKEN_TABLE}:{BROKEN_TABLE}_suite"]
    assert PUBLISHED not in {e.asset_key for e in result.get_asset_materialization_events()}
    # analysts see exactly what they saw: the same publications, the same rows
    assert in_force(project) == published_before
    assert table_snapshot(project) == before
    con = analyst(project)
    try:
        tagged = con.execute(
            "SELECT count(*) FROM lake.snapshots() WHERE commit_message = ?", [f"publish {run_id}"]
        ).fetchone()[0]
        failures = con.execute(
            "SELECT expectation FROM dq_results WHERE run_id = ? AND table_name = ? AND NOT success",
            [run_id, BROKEN_TABLE],
        ).fetchall()
        (checked,) = con.execute("SELECT count(*) FROM dq_results WHERE run_id = ?", [run_id]).fetchone()
    finally:
        con.close()
    assert tagged == 0
    assert (BROKEN_EXPECTATION,) in failures
    assert checked > len(failures), "the passing expectations of the failed run are kept too"
    # the staging file stays for inspection, with the run's rows (the broken one included)
    staging = project_paths(project).staging(run_id)
    assert staging.parent == project / "warehouse" / "runs"
    assert staging.is_file()
    kept = duckdb.connect(str(staging), read_only=True)
    try:
        (docs,) = kept.execute("SELECT count(*) FROM documents WHERE run_id = ?", [run_id]).fetchone()
        (bad,) = kept.execute(
            "SELECT count(*) FROM sentences s JOIN documents d USING (doc_id) "
            "WHERE substr(d.body_text, s.start_char + 1, s.end_char - s.start_char) <> s.text"
        ).fetchone()
    finally:
        kept.close()
    assert (docs, bad) == (1, 1)


# --------------------------------------------------------------------------------------------------------
# 3. make rollback returns to the previous publication.


@dataclass
class Rollback:
    process: subprocess.CompletedProcess[str]
    a: Publication
    b: Publication
    state: dict[str, list[tuple]]


@pytest.fixture(scope="module")
def first_rollback(project: Path, watched_run: Watch, publication_a: Publication) -> Rollback:
    assert watched_run.publication_b is not None, "run B published nothing to roll back"
    assert in_force(project) == [watched_run.publication_b, publication_a]
    process = run_module("pipelines.store.rollback", project)
    return Rollback(process, publication_a, watched_run.publication_b, table_snapshot(project))


def test_rollback_returns_to_the_previous_publication(
    project: Path, watched_run: Watch, first_rollback: Rollback
) -> None:
    done = first_rollback
    assert done.process.returncode == 0, done.process.stdout + done.process.stderr
    assert done.b.run_id in done.process.stdout
    assert in_force(project) == [done.a]
    assert done.state == table_snapshot(project, snapshot=done.a.snapshot_id)
    assert done.state == watched_run.before
    # B is undone, not lost: time travel still shows it
    assert table_snapshot(project, snapshot=done.b.snapshot_id) == watched_run.after


def test_a_second_rollback_undoes_the_first_publication(project: Path, first_rollback: Rollback) -> None:
    assert first_rollback.process.returncode == 0
    second = run_module("pipelines.store.rollback", project)
    assert second.returncode == 0, second.stdout + second.stderr
    assert first_rollback.a.run_id in second.stdout
    assert in_force(project) == []
    # A was the lake's first publication: every table is empty again, the internal state too
    assert table_snapshot(project) == {t: [] for t in TABLES}
    con = analyst(project)
    try:
        left = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (*APPENDED_TABLES, *REPLACED_TABLES)
        }
    finally:
        con.close()
    assert {t: n for t, n in left.items() if n} == {}
    assert table_snapshot(project, snapshot=first_rollback.a.snapshot_id) == first_rollback.state
    third = run_module("pipelines.store.rollback", project)
    assert third.returncode == 1
    assert "Nothing to roll back" in third.stdout


# --------------------------------------------------------------------------------------------------------
# 4. Migration from the single-file format loses nothing.


def _legacy_columns(con: duckdb.DuckDBPyConnection, table: str, database: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' "
        "AND table_name = ? ORDER BY column_index",
        [database, table],
    ).fetchall()
    return [name for (name,) in rows]


def legacy_rows(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every old table of a single-file warehouse: its columns and its rows, ordered."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in COPIED_TABLES:
            columns = _legacy_columns(con, table, path.stem)
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
            out[table] = (columns, rows)
        return out
    finally:
        con.close()


def lake_rows(project: Path, table: str, columns: list[str], snapshot: int | None = None) -> list[tuple]:
    con = analyst(project, snapshot)
    try:
        return con.execute(f"SELECT {', '.join(columns)} FROM lake.{table} ORDER BY ALL").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def legacy_file(tmp_path_factory: pytest.TempPathFactory, project: Path, publication_a: Publication) -> Path:
    """A news.duckdb of the single-file format (tests/fixtures/legacy_schema.sql, from git 388bfbf) holding
    every row of publication A (time travel, so the rollback tests may have run), old columns only."""
    path = tmp_path_factory.mktemp("legacy") / "news.duckdb"
    con = analyst(project, publication_a.snapshot_id)
    try:
        (default,) = con.execute("SELECT current_database()").fetchone()
        con.execute(f"ATTACH '{path}' AS legacy_file")
        con.execute("USE legacy_file")
        con.execute(LEGACY_SCHEMA.read_text(encoding="utf-8"))
        for table in COPIED_TABLES:
            columns = ", ".join(_legacy_columns(con, table, "legacy_file"))
            con.execute(
                f"INSERT INTO legacy_file.main.{table} ({columns}) SELECT {columns} FROM lake.{table}"
            )
        con.execute(f"USE {default}")
        con.execute("DETACH legacy_file")
    finally:
        con.close()
    return path


def legacy_project(root: Path, legacy: Path) -> Path:
    """The same raw/ files, and a warehouse/ holding only the old single file."""
    project = make_project(root, with_seeds=HAS_SEEDS)
    (project / "warehouse").mkdir()
    shutil.copy2(legacy, project / "warehouse" / "news.duckdb")
    return project


@dataclass
class Migrated:
    project: Path
    result: dg.ExecuteInProcessResult
    legacy: dict[str, tuple[list[str], list[tuple]]]


@pytest.fixture(scope="module")
def migrated(
    tmp_path_factory: pytest.TempPathFactory, legacy_file: Path, instance: dg.DagsterInstance
) -> Migrated:
    project = legacy_project(tmp_path_factory.mktemp("migrated"), legacy_file)
    legacy = legacy_rows(project / "warehouse" / "news.duckdb")
    assert all(rows for table, (_, rows) in legacy.items() if table in TABLES), "the old file is empty"
    result = run_in(project, definitions(project, with_seeds=HAS_SEEDS), instance)
    return Migrated(project, result, legacy)


def test_a_run_on_a_single_file_warehouse_migrates_it_and_passes_every_check(migrated: Migrated) -> None:
    warehouse = migrated.project / "warehouse"
    assert migrated.result.success, why_failed(migrated.result)
    assert failed_checks(migrated.result) == []
    assert not (warehouse / "news.duckdb").exists()
    assert (warehouse / "news.duckdb.migrated").is_file()
    ingest = [
        e.materialization.metadata
        for e in migrated.result.get_asset_materialization_events()
        if e.asset_key.path[-1] == "raw_documents"
        and len(e.asset_key.path) > 1
        and e.asset_key.path[0] != "warehouse"
    ]
    assert ingest and all(m["files_read"].value == 0 for m in ingest), "migrated files were read again"


def test_migration_copies_every_row_of_every_old_table(migrated: Migrated) -> None:
    con = analyst(migrated.project)
    try:
        (migration,) = con.execute(
            "SELECT snapshot_id FROM lake.snapshots() WHERE commit_message LIKE 'migrate %'"
        ).fetchone()
    finally:
        con.close()
    for table, (columns, rows) in migrated.legacy.items():
        # the migration's own snapshot holds exactly the old rows
        assert lake_rows(migrated.project, table, columns, migration) == rows, table
        now = lake_rows(migrated.project, table, columns)
        if table == "dq_results":  # the run after the migration adds its own results
            assert row_set(rows) <= row_set(now), table
        elif table == "entities":
            # rewritten by the full resolution: the same entities with a new run_id; first_doc_id is any
            # document of the earliest ingested_at (documents of one source and run share it: see below)
            keep = [i for i, c in enumerate(columns) if c not in ("run_id", "first_doc_id")]
            assert sorted(tuple(r[i] for i in keep) for r in now) == sorted(
                tuple(r[i] for i in keep) for r in rows
            ), table
        else:
            assert now == rows, table


def test_the_run_after_migration_resolves_every_mention(migrated: Migrated) -> None:
    con = analyst(migrated.project)
    try:
        unresolved = con.execute(
            "SELECT count(*) FILTER (WHERE entity_id IS NULL), count(*) FILTER (WHERE name_key IS NULL), "
            "count(*) FROM entity_mentions"
        ).fetchone()
        (dangling,) = con.execute(
            "SELECT count(*) FROM entity_mentions m LEFT JOIN entity_keys k USING (name_key) "
            "WHERE k.entity_id IS DISTINCT FROM m.entity_id"
        ).fetchone()
        (no_entity,) = con.execute(
            "SELECT count(*) FROM entity_mentions m ANTI JOIN entities e USING (entity_id)"
        ).fetchone()
        full = con.execute(
            "SELECT full_resolution FROM entity_resolutions WHERE run_id = ?", [migrated.result.run_id]
        ).fetchall()
        state = con.execute("SELECT count(*) FROM entity_name_counts").fetchone()[0]
        wrong_first_doc = con.execute(
            """
            SELECT e.entity_id, e.first_doc_id FROM entities e
            WHERE NOT EXISTS (
                SELECT 1 FROM entity_mentions m JOIN documents d USING (doc_id)
                WHERE m.entity_id = e.entity_id AND d.doc_id = e.first_doc_id AND d.ingested_at = e.first_seen
            )
            """
        ).fetchall()
    finally:
        con.close()
    assert unresolved[:2] == (0, 0) and unresolved[2] > 0
    assert wrong_first_doc == []
    assert (dangling, no_entity) == (0, 0)
    assert full == [(True,)]
    assert state > 0


def test_make_migrate_prints_the_migrated_counts(tmp_path: Path, legacy_file: Path) -> None:
    project = legacy_project(tmp_path / "project", legacy_file)
    expected = {t: len(rows) for t, (_, rows) in legacy_rows(project / "warehouse" / "news.duckdb").items()}
    done = run_module("pipelines.store.migrate", project)
    assert done.returncode == 0, done.stdout + done.stderr
    printed = {m[1]: int(m[2]) for m in re.finditer(r"^\s+(\w+)\s+(\d+)\s*$", done.stdout, re.MULTILINE)}
    assert printed == expected, done.stdout
    assert (project / "warehouse" / "news.duckdb.migrated").is_file()
    assert not (project / "warehouse" / "news.duckdb").exists()
    again = run_module("pipelines.store.migrate", project)
    assert again.returncode == 0 and "Nothing to migrate" in again.stdout


# --------------------------------------------------------------------------------------------------------
# 5. Incremental resolution equals full resolution.


def resolution(project: Path, snapshot: int | None = None) -> tuple[list[tuple], dict[tuple[str, int], str]]:
    """What resolution decided: the entities, and the entity of every mention."""
    con = analyst(project, snapshot)
    try:
        entities = con.execute(
            "SELECT entity_id, canonical_name, label, list_sort(aliases), mention_count, document_count "
            "FROM entities ORDER BY ALL"
        ).fetchall()
        mentions = con.execute("SELECT doc_id, mention_index, entity_id FROM entity_mentions").fetchall()
    finally:
        con.close()
    return entities, {(doc, index): entity for doc, index, entity in mentions}


def assert_same_resolution(
    got: tuple[list[tuple], dict], expected: tuple[list[tuple], dict], what: str
) -> None:
    entities, mentions = got
    want_entities, want_mentions = expected
    only_got = sorted(row_set(entities) - row_set(want_entities))[:5]
    only_want = sorted(row_set(want_entities) - row_set(entities))[:5]
    assert (only_got, only_want) == ([], []), f"{what}: entities differ (first 5 each side)"
    assert mentions.keys() == want_mentions.keys(), f"{what}: not the same mentions"
    moved = sorted((k, mentions[k], want_mentions[k]) for k in mentions if mentions[k] != want_mentions[k])
    assert moved == [], f"{what}: {len(moved)} mentions resolved differently, e.g. {moved[:5]}"


def one_file_at_a_time() -> list[tuple[str, Path]]:
    """(source, file) in the order they arrive: by file name across sources (dates first), seeds last."""
    files = [
        (src, f) for src in SAMPLE_SOURCES for f in sorted((REPO / "raw" / src).iterdir()) if f.is_file()
    ]
    files.sort(key=lambda sf: (sf[1].name, sf[0]))
    if HAS_SEEDS:
        files += [("seeds", f) for f in sorted((SHARED / "seeds").iterdir()) if f.is_file()]
    return files


@dataclass
class Trickled:
    project: Path
    runs: int
    published: int


@pytest.fixture(scope="module")
def trickled(tmp_path_factory: pytest.TempPathFactory, instance: dg.DagsterInstance) -> Trickled:
    """Every sample file and seed, one file per run, into a project whose raw/ folders start empty."""
    project = tmp_path_factory.mktemp("trickled")
    sources = (*SAMPLE_SOURCES, "seeds") if HAS_SEEDS else SAMPLE_SOURCES
    for src in sources:
        (project / "raw" / src).mkdir(parents=True)
    defs = definitions(project, with_seeds=HAS_SEEDS)
    runs = 0
    for src, file in one_file_at_a_time():
        shutil.copy2(file, project / "raw" / src / file.name)
        result = run_in(project, defs, instance)
        assert result.success, f"{file.name}: {why_failed(result)}"
        ran = {event.step_key for event in result.get_step_success_events()}
        assert ran and all(step.startswith((f"{src}__", "warehouse__")) for step in ran), (
            f"{file.name}: a run of one source's file ran steps of other sources: {sorted(ran)}"
        )
        runs += 1
    return Trickled(project, runs, len(in_force(project)))


def test_incremental_resolution_file_by_file_equals_one_run(
    trickled: Trickled, project: Path, publication_a: Publication
) -> None:
    """Every sample file and (when ../shared/seeds is present) every seed, one file per run: 20 runs,
    about 2.5 minutes, so no source is left out. They resolve to the same entities as the first run of the
    shared project, which loads them all at once (compared at publication A by time travel, so the
    rollback tests do not matter)."""
    assert trickled.runs == len(one_file_at_a_time())
    assert trickled.published == trickled.runs, "every file is new, so every run publishes"
    con = analyst(trickled.project)
    try:
        (spanning,) = con.execute(
            "SELECT count(*) FROM (SELECT entity_id FROM entity_mentions GROUP BY entity_id "
            "HAVING count(DISTINCT run_id) > 1)"
        ).fetchone()
    finally:
        con.close()
    assert spanning > 10, "few entities gather mentions of several runs: the increments were not exercised"
    assert_same_resolution(
        resolution(trickled.project),
        resolution(project, publication_a.snapshot_id),
        "file by file vs one run",
    )


def test_a_full_resolution_of_the_trickled_lake_changes_nothing(
    trickled: Trickled, project: Path, publication_a: Publication
) -> None:
    paths = project_paths(trickled.project)
    incremental = resolution(trickled.project)
    run_id = "full-resolution"
    with project_env(trickled.project):
        with staged_run(paths, run_id) as con:
            summary = resolve_run_entities(con, run_id, load_aliases(), full=True)
        published = publish(paths, run_id)
    assert summary.full and summary.keys_resolved > 0
    assert published.snapshot_id is not None
    assert_same_resolution(resolution(trickled.project), incremental, "full vs incremental")
    assert_same_resolution(
        resolution(trickled.project), resolution(project, publication_a.snapshot_id), "full vs one run"
    )
