"""What analysts get: every table by its plain name, read-only, from Python and from `make sql`'s CLI."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipelines.store.analyst import cli_database_arguments, cli_init_sql
from pipelines.store.database import open_analyst
from pipelines.store.lake import current_snapshot
from tests.lake_helpers import lake_paths, publish, staged_run
from tests.store.test_store import add_document

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")


def published_lake(root: Path) -> object:
    paths = lake_paths(root)
    with staged_run(paths, "run-1") as con:
        add_document(con, "kept", "desk", date(2024, 3, 1), "run-1", ["Kept after publishing."])
    publish(paths, "run-1")
    return paths


def test_python_analyst_reads_views_but_cannot_write(tmp_path: Path) -> None:
    paths = published_lake(tmp_path)
    con = open_analyst(paths)
    assert con.execute("SELECT doc_id, day FROM document_days").fetchall() == [("kept", date(2024, 3, 1))]
    snapshot = current_snapshot(con)
    for write in ("DELETE FROM documents", "UPDATE sentences SET text = 'x'", "CREATE TABLE lake.t (x INT)"):
        with pytest.raises(Exception, match="read-only"):
            con.execute(write)
    con.close()
    con = open_analyst(paths)
    assert current_snapshot(con) == snapshot
    assert con.execute("SELECT count(*) FROM sentences").fetchone() == (1,)
    con.close()


@pytest.mark.skipif(not DUCKDB_CLI.exists(), reason="the duckdb CLI (duckdb-cli package) is not installed")
def test_make_sql_session_reads_the_lake_and_refuses_writes(tmp_path: Path) -> None:
    paths = published_lake(tmp_path)
    init = tmp_path / "init.sql"
    init.write_text(cli_init_sql(paths), encoding="utf-8")
    session = subprocess.run(
        [str(DUCKDB_CLI), *cli_database_arguments(paths), "-init", str(init), "-csv", "-noheader"],
        input="SELECT count(*) FROM documents;\nDELETE FROM documents;\nSELECT count(*) FROM documents;\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert session.stdout.split() == ["1", "1"], session.stdout + session.stderr
    assert "read-only" in session.stderr
