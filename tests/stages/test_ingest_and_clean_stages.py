"""Stages 1 and 2 on a lake: bad files recorded once, copies stored once, near copies linked, across runs."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

import pipelines.pool as pool_module
import pipelines.stages.clean_stage as clean_stage_module
from pipelines.ingest import SourceSpec
from pipelines.resolve import load_aliases
from pipelines.stages.clean_stage import clean_source
from pipelines.stages.ingest_stage import ingest_source
from pipelines.stages.publish_stage import publish_with_current_entities
from pipelines.store.database import open_analyst, open_staging
from tests.lake_helpers import lake_paths, publish, staged_run

PARAGRAPHS = [
    "The harbour authority said on Monday that the old swing bridge would reopen to traffic next month "
    "after two years of repairs that cost far more than the council had planned.",
    "Engineers replaced the rusted gears under the central span and fitted new barriers, while divers "
    "checked the stone piers for cracks left by the winter storms of the past decade.",
    "Shop owners on both banks welcomed the news, saying the closure had cut the number of visitors who "
    "walked between the market and the ferry terminal by almost half since the works began.",
    "A spokeswoman for the council said the final bill would be published in the autumn, once the "
    "contractors had settled their accounts and the last inspection had been signed off.",
    "Cyclists will have a separate lane for the first time, and the bridge will open for boats twice "
    "a day instead of on request, a change that local sailing clubs have opposed for months.",
]
ARTICLE = "Old swing bridge to reopen next month\n\nBy Maren Holt\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
SYNDICATED = (
    "Old swing bridge to reopen next month\n\nThis report first appeared in a partner paper.\n\n"
    + "\n\n".join(PARAGRAPHS)
    + "\n\nShared under our syndication agreement with the harbour paper.\n"
)
SPEC = SourceSpec(name="desk", folder="raw/desk", format="text")
NOW = datetime(2024, 3, 1, 9, 0)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    desk = tmp_path / "raw" / "desk"
    desk.mkdir(parents=True)
    (desk / "a-bridge.txt").write_text(ARTICLE, encoding="utf-8")
    (desk / "b-bridge-copy.txt").write_text(ARTICLE, encoding="utf-8")
    (desk / "c-bridge-syndicated.txt").write_text(SYNDICATED, encoding="utf-8")
    (desk / "d-empty.txt").write_bytes(b"")
    return tmp_path


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_bad_file_recorded_once_copies_stored_once_near_copy_linked(project: Path) -> None:
    paths = lake_paths(project)
    with staged_run(paths, "run-1") as con:
        first = ingest_source(con, SPEC, project, "run-1", NOW)
        assert (first.records_read, first.rejected) == (3, 1)
        (reason, path) = con.execute("SELECT reason, path FROM ingest_errors").fetchone()
        assert path == "raw/desk/d-empty.txt" and "empty" in reason.lower()

        cleaned = clean_source(con, "desk", "run-1", NOW)
        assert cleaned.documents == 2  # the byte-identical copy is one document with two provenances
        assert count(con, "SELECT count(DISTINCT doc_id) FROM raw_documents") == 2
        rows = con.execute(
            "SELECT r.path, d.near_duplicate_of IS NOT NULL FROM documents d JOIN raw_documents r "
            "ON r.raw_id = d.raw_id ORDER BY r.path"
        ).fetchall()
        assert rows == [("raw/desk/a-bridge.txt", False), ("raw/desk/c-bridge-syndicated.txt", True)]
    publish(paths, "run-1")

    with staged_run(paths, "run-2") as con:
        again = ingest_source(con, SPEC, project, "run-2", NOW)
        assert (again.records_read, again.rejected, again.already_seen) == (0, 0, 4)
        assert count(con, "SELECT count(*) FROM lake.ingest_errors") == 1  # an unchanged bad file: once
        assert clean_source(con, "desk", "run-2", NOW).documents == 0


def test_later_runs_find_boilerplate_and_near_copies_in_the_lake(project: Path) -> None:
    """What earlier runs published counts: a footer seen in two published documents is boilerplate in
    the third, and a near copy of a published article is linked to it, though each run sees one file."""
    paths = lake_paths(project)
    footer = "Read more from the harbour desk every morning in our newsletter."
    desk = project / "raw" / "desk"
    for path in desk.iterdir():
        path.unlink()
    for number in range(3):
        body = "\n\n".join(p.replace("the", f"the {number}") for p in PARAGRAPHS[number : number + 2])
        (desk / f"{number}.txt").write_text(f"Story {number}\n\n{body}\n\n{footer}\n", encoding="utf-8")
        run_id = f"run-{number}"
        with staged_run(paths, run_id) as con:
            ingest_source(con, SPEC, project, run_id, NOW)
            clean_source(con, "desk", run_id, NOW)
            kinds = dict(con.execute("SELECT text, kind FROM blocks").fetchall())
        publish(paths, run_id)
        assert (kinds[footer] == "boilerplate") is (number == 2), (number, kinds[footer])
    (desk / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    with staged_run(paths, "run-a") as con:
        ingest_source(con, SPEC, project, "run-a", NOW)
        clean_source(con, "desk", "run-a", NOW)
    publish(paths, "run-a")
    (desk / "syndicated.txt").write_text(SYNDICATED, encoding="utf-8")
    with staged_run(paths, "run-b") as con:
        ingest_source(con, SPEC, project, "run-b", NOW)
        clean_source(con, "desk", "run-b", NOW)
        (near,) = con.execute("SELECT near_duplicate_of FROM documents").fetchone()
        (original,) = con.execute(
            "SELECT d.doc_id FROM lake.documents d JOIN lake.raw_documents r "
            "ON r.raw_id = d.raw_id WHERE r.path LIKE '%copy.txt'"
        ).fetchone()
    assert near == original


def test_two_workers_clean_a_batch_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch big enough for the worker pool gives the same documents, blocks, repeated footers and near
    copies as cleaning it in the step's own process."""
    footer = "Read more from the harbour desk every morning in our newsletter."
    towns = ["Ashby", "Brora", "Crail", "Dunoon", "Elgin", "Fowey", "Girvan", "Hythe", "Irvine", "Jarrow"]
    stories = []
    for n in range(100):
        place = f"{towns[n % 10]} {towns[n // 10]}"  # digits would be normalised away: words make it new
        paragraphs = [p.replace("the", f"the {place}", 2) for p in PARAGRAPHS]
        stories.append(f"Story of {place}\n\nBy Maren Holt\n\n" + "\n\n".join(paragraphs) + f"\n\n{footer}\n")
    pooled = pool_module.run_pool
    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs["workers"])
        return pooled(*args, **kwargs)

    monkeypatch.setattr(pool_module, "run_pool", counted)
    monkeypatch.setattr(clean_stage_module, "CHUNK_DOCS", 16)  # a hundred short stories: 7 chunks, not 1
    tables = {}
    for workers in (1, 2):
        project = tmp_path / f"workers-{workers}"
        desk = project / "raw" / "desk"
        desk.mkdir(parents=True)
        for number, story in enumerate(stories):
            (desk / f"{number:03d}.txt").write_text(story, encoding="utf-8")
        (desk / "copy.txt").write_text(stories[7].replace("Story of", "The story of"), encoding="utf-8")
        with staged_run(lake_paths(project), "run-1") as con:
            ingest_source(con, SPEC, project, "run-1", NOW)
            assert clean_source(con, "desk", "run-1", NOW, workers=workers).documents == 101
            tables[workers] = [
                con.execute(
                    "SELECT r.path, d.title, d.body_text, d.near_duplicate_of IS NOT NULL FROM documents d "
                    "JOIN raw_documents r USING (raw_id) ORDER BY r.path"
                ).fetchall(),
                con.execute(
                    "SELECT r.path, b.block_index, b.kind, b.kept, b.reason FROM blocks b "
                    "JOIN documents d USING (doc_id) JOIN raw_documents r USING (raw_id) "
                    "ORDER BY r.path, b.block_index"
                ).fetchall(),
                con.execute(
                    "SELECT count(*), count(DISTINCT fingerprint) FROM block_fingerprints"
                ).fetchall(),
            ]
    assert calls and set(calls) == {2}  # the pool ran, and only with two workers
    assert tables[2] == tables[1]
    documents, blocks, _ = tables[2]
    assert [path for path, *_, near in documents if near] == ["raw/desk/copy.txt"]
    assert {kind for path, _, kind, kept, _ in blocks if path.endswith("/005.txt") and kept} >= {"body"}
    assert {kind for path, _, kind, _, _ in blocks if path.endswith("/005.txt")} >= {
        "boilerplate"
    }  # the footer


def test_a_near_copy_cleaned_while_its_original_was_being_published_is_linked(tmp_path: Path) -> None:
    """Batches side by side: each cleans before the other publishes, so neither sees the other's article.
    The second to publish links its near copy to the article the first published."""
    specs = {run_id: SourceSpec(name=run_id, folder=f"raw/{run_id}", format="text") for run_id in ("a", "b")}
    for run_id, text in (("a", ARTICLE), ("b", SYNDICATED)):
        (tmp_path / "raw" / run_id).mkdir(parents=True)
        (tmp_path / "raw" / run_id / "bridge.txt").write_text(text, encoding="utf-8")
    paths = lake_paths(tmp_path)
    for run_id, spec in specs.items():
        with staged_run(paths, run_id) as con:
            ingest_source(con, spec, tmp_path, run_id, NOW)
            assert clean_source(con, run_id, run_id, NOW).near_duplicates == 0  # the other is not published
    for run_id in specs:
        with open_staging(paths, run_id) as con:
            publish_with_current_entities(con, run_id, load_aliases(), lambda: True)
    analyst = open_analyst(paths)
    links = analyst.execute(
        "SELECT d.source, o.source FROM documents d JOIN documents o ON o.doc_id = d.near_duplicate_of"
    ).fetchall()
    analyst.close()
    assert links == [("b", "a")]
