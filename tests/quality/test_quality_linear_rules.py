"""The offset rules stay linear in a document's size (issue 12: one rule cost ~16 ms per block on a
51,006-block document, because substr() counts characters from the start of the whole body for every
block). Shown without timing: the plans hold no nested-loop or piecewise join, and on a long document with
non-ASCII text the chunked rules find exactly the rows the plain substr() formulation finds."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest

from pipelines.quality import load_quality_config
from pipelines.quality.sql_rules import SQL_RULES, SqlRule, run_sql_rule
from pipelines.quality.synthetic import create_schema

RUN = "run-big"
FIVE_ROWS = dataclasses.replace(load_quality_config(), max_offending_rows=5)
OFFSET_RULES = {
    ("blocks", "body_offsets_match_body_text"),
    ("blocks", "raw_offsets_match_raw_text"),
    ("sentences", "offsets_match_body_text"),
    ("entity_mentions", "offsets_match_body_text"),
}
_QUADRATIC_JOINS = ("NESTED_LOOP_JOIN", "PIECEWISE_MERGE_JOIN", "BLOCKWISE_NL_JOIN", "CROSS_PRODUCT")

# The rules as they were: one substr() over the whole text per row (right, but quadratic).
REFERENCE = {
    ("blocks", "body_offsets_match_body_text"): """
        SELECT b.doc_id, b.block_index FROM blocks AS b JOIN documents AS d USING (doc_id)
        WHERE b.run_id = $run_id AND CASE
            WHEN NOT b.kept THEN b.body_start IS NOT NULL OR b.body_end IS NOT NULL
            WHEN b.body_start IS NULL OR b.body_end IS NULL THEN true
            WHEN b.body_start < 0 OR b.body_end < b.body_start OR b.body_end > length(d.body_text) THEN true
            ELSE strpos(b.text, substr(d.body_text, b.body_start + 1, b.body_end - b.body_start)) = 0 END""",
    ("blocks", "raw_offsets_match_raw_text"): """
        WITH cut AS (SELECT b.*, coalesce(d.extracted_text, r.raw_text) AS cut_from
                     FROM blocks AS b JOIN documents AS d USING (doc_id)
                     LEFT JOIN raw_documents AS r ON r.raw_id = d.raw_id)
        SELECT doc_id, block_index FROM cut
        WHERE run_id = $run_id AND (cut_from IS NULL OR raw_start < 0 OR raw_end < raw_start
           OR raw_end > length(cut_from) OR substr(cut_from, raw_start + 1, raw_end - raw_start) <> text)""",
    ("sentences", "offsets_match_body_text"): """
        SELECT s.doc_id, s.sentence_index FROM sentences AS s JOIN documents AS d USING (doc_id)
        WHERE s.run_id = $run_id AND (s.start_char < 0 OR s.end_char <= s.start_char
           OR s.end_char > length(d.body_text)
           OR substr(d.body_text, s.start_char + 1, s.end_char - s.start_char) <> s.text)""",
}


def _rule(table: str, name: str) -> SqlRule:
    return next(rule for rule in SQL_RULES[table] if rule.name == name)


def long_document(con: duckdb.DuckDBPyConnection, blocks: int) -> None:
    """One document of `blocks` paragraphs in non-ASCII text (accents, an emoji), far over one chunk."""
    texts = [f"Zoë {i} 🦆 " + "café naïve " * (20 + i % 17) for i in range(blocks)]
    body = "\n\n".join(texts)
    rows, at = [], 0
    for index, text in enumerate(texts):
        rows.append(("d1", index, text, at, at + len(text), RUN))
        at += len(text) + 2
    con.executemany(
        """INSERT INTO blocks (doc_id, block_index, kind, kept, reason, score, text, raw_start, raw_end,
                                body_start, body_end, run_id)
        VALUES ($1, $2, 'body', true, 'score', 0.9, $3, $4, $5, $4, $5, $6)""",
        rows,
    )
    con.execute(
        """INSERT INTO raw_documents (raw_id, doc_id, source, path, format, content_hash, encoding, byte_size,
                                       raw_text, ingested_at, run_id)
        VALUES ('r1', 'd1', 's', 'raw/s/a.txt', 'text', 'h', 'utf-8', 1, $1, now(), $2)""",
        [body, RUN],
    )
    con.execute(
        """INSERT INTO documents (doc_id, raw_id, source, body_text, word_count, block_count, comment_count,
                                   ingested_at, run_id)
        VALUES ('d1', 'r1', 's', $1, 1, $2, 0, now(), $3)""",
        [body, blocks, RUN],
    )
    con.execute(
        """INSERT INTO sentences (doc_id, sentence_index, start_char, end_char, text, block_index,
                                  is_heading, is_duplicate, run_id)
        SELECT doc_id, block_index, body_start, body_end, text, block_index, false, false, run_id
        FROM blocks""",
    )


BREAKS = [
    "UPDATE blocks SET body_start = body_start + 1 WHERE block_index % 37 = 5",
    "UPDATE blocks SET body_end = body_end + 700 WHERE block_index = 12",
    "UPDATE blocks SET raw_start = raw_start - 1, raw_end = raw_end - 1 WHERE block_index % 41 = 7",
    "UPDATE blocks SET raw_end = 10000000 WHERE block_index = 300",
    "UPDATE blocks SET text = 'x' || text WHERE block_index = 140",
    "UPDATE sentences SET start_char = start_char + 2, end_char = end_char + 2 WHERE sentence_index % 53 = 3",
    "UPDATE sentences SET text = replace(text, 'é', 'e') WHERE sentence_index = 200",
]


@pytest.fixture(scope="module", params=[300, 1000], ids=["windows", "chunks"])
def big(request: pytest.FixtureRequest) -> duckdb.DuckDBPyConnection:
    """A long document with broken offsets: about 95,000 characters (the raw-offsets rule reads it in
    windows) or 320,000 (it cuts it into chunks)."""
    con = duckdb.connect()
    create_schema(con, constraints=False)
    long_document(con, request.param)
    for statement in BREAKS:
        con.execute(statement)
    return con


@pytest.mark.parametrize(("table", "name"), sorted(REFERENCE))
def test_chunked_rule_finds_what_substr_over_the_whole_text_finds(
    big: duckdb.DuckDBPyConnection, table: str, name: str
) -> None:
    expected = set(big.execute(REFERENCE[(table, name)], {"run_id": RUN}).fetchall())
    rule = _rule(table, name)
    found = set(big.execute(f"SELECT doc_id, {'block_index' if table == 'blocks' else 'sentence_index'} "
                            f"FROM ({rule.query()})", {"run_id": RUN, **rule.params}).fetchall())  # fmt: skip
    assert expected, "the breaks must make the reference rule fail"
    assert found == expected
    outcome = run_sql_rule(big, rule, RUN, FIVE_ROWS)
    assert not outcome.success


def test_an_unbroken_long_document_passes_every_offset_rule() -> None:
    con = duckdb.connect()
    create_schema(con, constraints=False)
    long_document(con, 300)
    for table, name in sorted(OFFSET_RULES - {("entity_mentions", "offsets_match_body_text")}):
        assert run_sql_rule(con, _rule(table, name), RUN, FIVE_ROWS).success, name


@pytest.mark.parametrize(("table", "name"), sorted(OFFSET_RULES))
def test_offset_rules_plan_no_quadratic_join(big: duckdb.DuckDBPyConnection, table: str, name: str) -> None:
    rule = _rule(table, name)
    plan = "\n".join(
        row[1] for row in big.execute(f"EXPLAIN {rule.query()}", {"run_id": RUN, **rule.params}).fetchall()
    )
    assert not [join for join in _QUADRATIC_JOINS if join in plan], plan


def test_no_rule_uses_an_unpartitioned_window() -> None:
    """DuckDB 1.5's parallel window operator failed on count(*) OVER () in CI: no rule may use one."""
    for rules in SQL_RULES.values():
        for rule in rules:
            assert "OVER ()" not in " ".join(rule.query().split()), rule.sql_file
