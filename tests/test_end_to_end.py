"""The whole warehouse, materialized in-process into a temporary folder: what `make run` promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.ingest import SourceSpec
from pipelines.lib.keys import PUBLISHED
from pipelines.lib.runner import run_batches
from pipelines.quality import SuiteOutcome
from pipelines.store.lake import current_snapshot, publications
from tests.e2e_helpers import (
    QUIET,
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
    seeds_gold,
    table_snapshot,
)
from tests.gold_dumps import expected_body_lines

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out

HAS_SEEDS = (SHARED / "seeds").is_dir() and (SHARED / "gold" / "seeds.json").is_file()
SOURCES = (*SAMPLE_SOURCES, "seeds") if HAS_SEEDS else SAMPLE_SOURCES


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"), with_seeds=HAS_SEEDS)


@pytest.fixture(scope="module")
def defs(project: Path) -> dg.Definitions:
    extra = [SourceSpec(name="seeds", folder="raw/seeds", format="text")] if HAS_SEEDS else []
    with project_env(project):
        return build_definitions(extra)


@pytest.fixture(scope="module")
def instance() -> dg.DagsterInstance:
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.fixture(scope="module")
def first_run(project: Path, defs: dg.Definitions, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    with project_env(project):
        return run_job(defs, instance)


@pytest.fixture
def published(project: Path, first_run: dg.ExecuteInProcessResult) -> duckdb.DuckDBPyConnection:
    con = analyst(project)
    yield con
    con.close()


def test_first_run_publishes_with_every_check_passing(
    first_run: dg.ExecuteInProcessResult, project: Path
) -> None:
    assert first_run.success
    evaluations = first_run.get_asset_check_evaluations()
    failed = [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations if not e.passed]
    assert failed == []
    assert sorted(e.check_name for e in evaluations) == sorted(f"{t}_suite" for t in TABLES)
    paths = project_paths(project)
    con = analyst(project)
    try:
        assert [p.run_id for p in publications(con)] == [first_run.run_id]
    finally:
        con.close()
    assert not paths.staging(first_run.run_id).exists()  # published: nothing left in staging


@pytest.mark.parametrize("table", TABLES[:-1])
def test_every_table_has_rows_for_every_source(published: duckdb.DuckDBPyConnection, table: str) -> None:
    if table == "raw_documents":
        sql = "SELECT source, count(*) FROM raw_documents GROUP BY source"
    elif table == "documents":
        sql = "SELECT source, count(*) FROM documents GROUP BY source"
    else:
        sql = f"SELECT d.source, count(*) FROM {table} JOIN documents d USING (doc_id) GROUP BY d.source"
    counts = dict(published.execute(sql).fetchall())
    sources_with_rows = {s for s, n in counts.items() if n > 0}
    expected = set(SOURCES)
    if table == "comments":  # the JSON Lines, HTML and WARC samples carry no reader comments
        expected = {s for s in SOURCES if s in ("world_desk", "opinion_blog", "seeds")}
    assert expected <= sources_with_rows


def test_every_document_says_how_its_text_was_extracted(published: duckdb.DuckDBPyConnection) -> None:
    ways: dict[str, set[str | None]] = {}
    for source, extraction in published.execute("SELECT source, extraction FROM documents").fetchall():
        ways.setdefault(source, set()).add(extraction)
    assert ways["world_desk"] == {"lines"}  # plain-text dumps: the classifier over their lines
    assert "trafilatura" in ways["web_html"]  # HTML pages: the extractor first
    known = {"lines", "trafilatura", "trafilatura_without_tables", "naive_dump"}
    assert set().union(*ways.values()) <= known  # none NULL, none unknown


def test_entities_span_sources(published: duckdb.DuckDBPyConnection) -> None:
    (multi_source,) = published.execute("SELECT count(*) FROM entities WHERE source_count > 1").fetchone()
    assert multi_source > 0
    (unresolved,) = published.execute(
        "SELECT count(*) FROM entity_mentions WHERE entity_id IS NULL"
    ).fetchone()
    assert unresolved == 0


def test_offsets_hold_in_sql_for_every_row(published: duckdb.DuckDBPyConnection) -> None:
    bad_sentences = published.execute(
        """SELECT count(*) FROM sentences s JOIN documents d USING (doc_id)
           WHERE substr(d.body_text, s.start_char + 1, s.end_char - s.start_char) <> s.text"""
    ).fetchone()[0]
    bad_mentions = published.execute(
        """SELECT count(*) FROM entity_mentions m JOIN documents d USING (doc_id)
           WHERE substr(d.body_text, m.start_char + 1, m.end_char - m.start_char) <> m.text"""
    ).fetchone()[0]
    outside = published.execute(
        """SELECT count(*) FROM entity_mentions m JOIN sentences s USING (doc_id, sentence_index)
           WHERE m.start_char < s.start_char OR m.end_char > s.end_char"""
    ).fetchone()[0]
    orphans = published.execute(
        """SELECT count(*) FROM entity_mentions m ANTI JOIN sentences s USING (doc_id, sentence_index)"""
    ).fetchone()[0]
    assert (bad_sentences, bad_mentions, outside, orphans) == (0, 0, 0, 0)
    assert published.execute("SELECT count(*) FROM sentences").fetchone()[0] > 100


def test_analyst_can_walk_from_entity_to_raw_file(published: duckdb.DuckDBPyConnection) -> None:
    rows = published.execute(
        """SELECT e.canonical_name, s.text, d.title, r.path
           FROM entities e
           JOIN entity_mentions m USING (entity_id)
           JOIN sentences s USING (doc_id, sentence_index)
           JOIN documents d USING (doc_id)
           JOIN raw_documents r ON r.raw_id = d.raw_id
           WHERE e.canonical_name = 'Vladimir Putin'"""
    ).fetchall()
    assert rows
    assert all(path.startswith("raw/") and "Putin" in sentence for _, sentence, _, path in rows)


@pytest.mark.skipif(not HAS_SEEDS, reason="../shared/seeds is not present on this machine")
def test_seed_body_text_matches_gold_line_for_line(published: duckdb.DuckDBPyConnection) -> None:
    gold = seeds_gold()["documents"]
    for name, doc in gold.items():
        expected = expected_body_lines((SHARED / "seeds" / name).read_text(encoding="utf-8"), doc)
        title, authors, body, comments = published.execute(
            """SELECT d.title, d.authors, d.body_text, d.comment_count FROM documents d
               JOIN raw_documents r ON r.raw_id = d.raw_id WHERE r.path = ?""",
            [f"raw/seeds/{name}"],
        ).fetchone()
        assert body.split("\n\n") == expected, name
        assert title == doc["title"]
        assert authors == doc["authors"]
        assert comments == doc["comments"]


@pytest.mark.skipif(not HAS_SEEDS, reason="../shared/seeds is not present on this machine")
def test_seed_entity_gold_holds_in_the_warehouse(published: duckdb.DuckDBPyConnection) -> None:
    gold = seeds_gold()["entities"]

    def entity_of(surface: str) -> set[str]:
        rows = published.execute(
            """SELECT DISTINCT m.entity_id FROM entity_mentions m JOIN documents d USING (doc_id)
               WHERE d.source = 'seeds' AND m.text = ?""",
            [surface.replace("’s", "")],
        ).fetchall()
        return {entity_id for (entity_id,) in rows}

    for group in gold["same"]:
        found = set().union(*(entity_of(surface) for surface in group))
        assert len(found) == 1, (group, found)
    for left, right in gold["distinct"]:
        assert not (entity_of(left) & entity_of(right)), (left, right)
    names = {name for (name,) in published.execute("SELECT canonical_name FROM entities").fetchall()}
    aliases = {a for (al,) in published.execute("SELECT aliases FROM entities").fetchall() for a in al}
    for junk in gold["not_entities"]:
        assert junk not in names and junk not in aliases


def _lake_snapshot(project: Path) -> int:
    con = analyst(project)
    try:
        return current_snapshot(con)
    finally:
        con.close()


def test_second_run_changes_nothing(
    project: Path, defs: dg.Definitions, instance: dg.DagsterInstance, first_run: dg.ExecuteInProcessResult
) -> None:
    before = table_snapshot(project)
    snapshot = _lake_snapshot(project)
    with project_env(project):
        again = run_batches(defs, instance, run_config=QUIET)
    assert again.batches == [] and again.success  # no new file: no batch, no run
    assert table_snapshot(project) == before
    assert _lake_snapshot(project) == snapshot  # not even quality results: nothing new was audited


def test_running_a_published_batch_again_changes_nothing(
    project: Path, defs: dg.Definitions, instance: dg.DagsterInstance, first_run: dg.ExecuteInProcessResult
) -> None:
    """A batch re-run by hand (a backfill of an old partition) finds its files already loaded."""
    before = table_snapshot(project)
    snapshot = _lake_snapshot(project)
    batch = first_run.dagster_run.tags["dagster/partition"]
    with project_env(project):
        again = defs.resolve_job_def("warehouse_job").execute_in_process(
            instance=instance, partition_key=batch, raise_on_error=False, run_config=QUIET
        )
    assert again.success
    ingest = [
        event.materialization.metadata
        for event in again.get_asset_materialization_events()
        if event.asset_key.path[0] in SOURCES and event.asset_key.path[-1] == "raw_documents"
    ]
    assert len(ingest) == len(SOURCES)
    assert [m["files_read"].value for m in ingest] == [0] * len(SOURCES)
    assert sum(m["files_skipped_already_seen"].value for m in ingest) > 0
    assert table_snapshot(project) == before
    assert _lake_snapshot(project) == snapshot


def _one_row(table: str, change: str) -> str:
    """SQL breaking one row this run wrote to the table ($run is the run id)."""
    return f"UPDATE {table} SET {change} WHERE rowid = (SELECT min(rowid) FROM {table} WHERE run_id = $run)"


IN_SET = "expect_column_values_to_be_in_set"
# (table, SQL breaking one of the run's rows in the working database, expectation that must fail)
PUBLICATION_VIOLATIONS = [
    ("raw_documents", _one_row("raw_documents", "format = 'pdf'"), f"{IN_SET}(format)"),
    (
        "documents",
        _one_row("documents", "body_text = body_text || ' Comments are closed.'"),
        "expect_column_values_to_not_match_regex_list(body_text)",
    ),
    ("blocks", _one_row("blocks", "kind = 'sidebar'"), f"{IN_SET}(kind)"),
    ("comments", _one_row("comments", "text = ''"), "expect_column_value_lengths_to_be_between(text)"),
    ("sentences", _one_row("sentences", "start_char = start_char + 1"), "sql:offsets_match_body_text"),
    ("entity_mentions", _one_row("entity_mentions", "label = 'DATE'"), f"{IN_SET}(label)"),
    ("entities", _one_row("entities", "label = 'CARDINAL'"), f"{IN_SET}(label)"),
]


@pytest.mark.parametrize(
    ("table", "violation", "expectation"), PUBLICATION_VIOLATIONS, ids=[v[0] for v in PUBLICATION_VIOLATIONS]
)
def test_a_bad_row_in_any_table_blocks_publication(
    project: Path,
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    first_run: dg.ExecuteInProcessResult,
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    violation: str,
    expectation: str,
) -> None:
    import pipelines.lib.suite_checks as suite_checks

    before = table_snapshot(project)
    real_check = suite_checks.check_table

    def check_after_breaking_a_row(
        con: duckdb.DuckDBPyConnection, checked: str, run_id: str, *args: Any, **kwargs: Any
    ) -> SuiteOutcome:
        if checked == table:  # the row is written into the working database just before its suite runs
            con.execute(violation, {"run": run_id})
        return real_check(con, checked, run_id, *args, **kwargs)

    monkeypatch.setattr(suite_checks, "check_table", check_after_breaking_a_row)
    # an article with reader comments, so the run writes a row to every table
    new_file = project / "raw" / "world_desk" / "zz-bad-row-run.txt"
    text = (REPO / "raw" / "world_desk" / "2024-04-04-nato-at-75.txt").read_text(encoding="utf-8")
    new_file.write_text(text.replace("NATO", "The alliance", 1) + "\nA paragraph added for this run.\n")
    try:
        with project_env(project):
            result = run_job(defs, instance)
    finally:
        new_file.unlink()
    discard_failed_batch(project, result)
    assert not result.success
    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert f"{table}_suite" in failed
    assert PUBLISHED not in {event.asset_key for event in result.get_asset_materialization_events()}
    assert table_snapshot(project) == before
    assert project_paths(project).staging(result.run_id).exists()  # the failed run's rows, for inspection
    con = analyst(project)
    try:
        failures = con.execute(
            "SELECT expectation FROM dq_results WHERE run_id = ? AND table_name = ? AND NOT success",
            [result.run_id, table],
        ).fetchall()
    finally:
        con.close()
    assert (expectation,) in failures


def test_reader_holding_the_lake_open_does_not_block_a_run(
    project: Path, defs: dg.Definitions, instance: dg.DagsterInstance, first_run: dg.ExecuteInProcessResult
) -> None:
    reader = analyst(project)
    reader.execute("BEGIN")  # a transaction keeps reading the snapshot of its first read
    (docs_before,) = reader.execute("SELECT count(*) FROM documents").fetchone()
    new_file = project / "raw" / "opinion_blog" / "zz-late-arrival.txt"
    source_text = next(iter(sorted((REPO / "raw" / "world_desk").glob("*.txt")))).read_text(encoding="utf-8")
    new_file.write_text(source_text + "\nA late correction was appended to this copy.\n", encoding="utf-8")
    with project_env(project):
        result = run_job(defs, instance)
    assert result.success
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == docs_before
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == docs_before + 1
    reader.close()
