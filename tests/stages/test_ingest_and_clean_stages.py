"""Stages 1 and 2 on a DuckDB file: bad files recorded once, copies stored once, near copies linked."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import SourceSpec
from pipelines.stages.clean_stage import clean_source
from pipelines.stages.ingest_stage import ingest_source
from pipelines.store.database import open_database

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
    con = open_database(project / "w.duckdb")
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

    again = ingest_source(con, SPEC, project, "run-2", NOW)
    assert (again.records_read, again.rejected, again.already_seen) == (0, 0, 4)
    assert count(con, "SELECT count(*) FROM ingest_errors") == 1  # an unchanged bad file: not reported again
    assert clean_source(con, "desk", "run-2", NOW).documents == 0
