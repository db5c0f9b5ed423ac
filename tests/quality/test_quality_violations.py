"""Each kind of bad row, written into an otherwise valid run, fails the matching expectation of its table."""

from __future__ import annotations

import dataclasses

import pytest
from quality_helpers import EARLIER_RUN, RUN, check, failed, valid_warehouse

from pipelines.quality import SUITE_TABLES, QualityConfig
from pipelines.quality.config import Bounds

R = f"'{RUN}'"
FIRST_DOC = f"(SELECT min(doc_id) FROM documents WHERE run_id = {R})"


def _copy(table: str, changes: str = "", run: str = R, where: str = "") -> str:
    """SQL inserting a copy of one row of the current run with some columns changed."""
    return (
        f"INSERT INTO {table} SELECT * REPLACE ({changes + ', ' if changes else ''}{run} AS run_id) "
        f"FROM {table} WHERE run_id = {R} {where} LIMIT 1"
    )


# (table, SQL that breaks the run, expectation that must fail)
VIOLATIONS = [
    ("raw_documents", _copy("raw_documents", run=f"'{EARLIER_RUN}'"), "sql:key_unique_across_table(raw_id)"),
    ("raw_documents", _copy("raw_documents"), "expect_column_values_to_be_unique(raw_id)"),
    (
        "raw_documents",
        _copy("raw_documents", "NULL AS raw_id"),
        "expect_column_values_to_not_be_null(raw_id)",
    ),
    ("raw_documents", "UPDATE raw_documents SET format = 'pdf'", "expect_column_values_to_be_in_set(format)"),
    (
        "raw_documents",
        "UPDATE raw_documents SET content_hash = 'abc'",
        "expect_column_values_to_match_regex(content_hash)",
    ),
    (
        "raw_documents",
        "UPDATE raw_documents SET byte_size = -1",
        "expect_column_values_to_be_between(byte_size)",
    ),
    ("documents", _copy("documents", run=f"'{EARLIER_RUN}'"), "sql:key_unique_across_table(doc_id)"),
    ("documents", _copy("documents"), "expect_column_values_to_be_unique(doc_id)"),
    ("documents", _copy("documents", "NULL AS doc_id"), "expect_column_values_to_not_be_null(doc_id)"),
    (
        "documents",
        f"UPDATE documents SET raw_id = 'gone' WHERE doc_id = {FIRST_DOC}",
        "sql:raw_id_resolves_to_raw_documents",
    ),
    (
        "documents",
        _copy("raw_documents", "'orphan' AS raw_id, 'never-cleaned' AS doc_id"),
        "sql:every_raw_document_of_run_has_document",
    ),
    (
        "documents",
        "UPDATE documents SET word_count = 0 WHERE source = 'metro_wire'",
        "sql:every_source_of_run_produced_documents",
    ),
    (
        "documents",
        f"UPDATE documents SET word_count = 0 WHERE doc_id = {FIRST_DOC}",
        "expect_column_values_to_be_between(word_count)",
    ),
    (
        "documents",
        "UPDATE documents SET title = NULL",
        "expect_column_values_to_not_be_null(title, mostly=0.8)",
    ),
    (
        "documents",
        "UPDATE documents SET title = '  '",
        "expect_column_values_to_not_be_null(title, mostly=0.8)",
    ),
    (
        "documents",
        f"UPDATE documents SET body_text = body_text || ' Follow us on X.' WHERE doc_id = {FIRST_DOC}",
        "expect_column_values_to_not_match_regex_list(body_text)",
    ),
    (
        "documents",
        f"UPDATE documents SET extraction = 'readability' WHERE doc_id = {FIRST_DOC}",
        "expect_column_values_to_be_in_set(extraction)",
    ),
    (
        "documents",
        f"UPDATE documents SET near_duplicate_of = 'gone' WHERE doc_id = {FIRST_DOC}",
        "sql:near_duplicate_of_resolves",
    ),
    (
        "documents",
        f"UPDATE documents SET block_count = 99 WHERE doc_id = {FIRST_DOC}",
        "sql:block_count_matches_blocks",
    ),
    (
        "documents",
        f"UPDATE documents SET comment_count = 0 WHERE doc_id = {FIRST_DOC}",
        "sql:comment_count_matches_comments",
    ),
    ("blocks", _copy("blocks", run=f"'{EARLIER_RUN}'"), "sql:key_unique_across_table(doc_id, block_index)"),
    ("blocks", _copy("blocks"), "expect_compound_columns_to_be_unique(doc_id, block_index)"),
    ("blocks", _copy("blocks", "NULL AS block_index"), "expect_column_values_to_not_be_null(block_index)"),
    (
        "blocks",
        "UPDATE blocks SET kind = 'sidebar' WHERE block_index = 1",
        "expect_column_values_to_be_in_set(kind)",
    ),
    ("blocks", "UPDATE blocks SET score = 1.5 WHERE kept", "expect_column_values_to_be_between(score)"),
    ("blocks", _copy("blocks", "'ghost' AS doc_id"), "sql:doc_id_resolves_to_documents"),
    ("blocks", "UPDATE blocks SET kept = true WHERE kind = 'byline'", "sql:kept_matches_kind"),
    ("blocks", "UPDATE blocks SET body_end = body_end + 3 WHERE kept", "sql:body_offsets_match_body_text"),
    ("blocks", "UPDATE blocks SET body_start = NULL WHERE kept", "sql:body_offsets_match_body_text"),
    (
        "blocks",
        "UPDATE blocks SET body_start = 0 WHERE kept AND block_index = 3",
        "sql:body_spans_in_block_order",
    ),
    (
        "blocks",
        "UPDATE blocks SET raw_start = raw_start + 1 WHERE block_index = 2",
        "sql:raw_offsets_match_raw_text",
    ),
    ("blocks", "UPDATE blocks SET raw_end = 100000 WHERE block_index = 2", "sql:raw_offsets_match_raw_text"),
    (
        "comments",
        _copy("comments", run=f"'{EARLIER_RUN}'"),
        "sql:key_unique_across_table(doc_id, comment_index)",
    ),
    ("comments", _copy("comments"), "expect_compound_columns_to_be_unique(doc_id, comment_index)"),
    ("comments", _copy("comments", "NULL AS doc_id"), "expect_column_values_to_not_be_null(doc_id)"),
    ("comments", _copy("comments", "'ghost' AS doc_id"), "sql:doc_id_resolves_to_documents"),
    ("comments", "UPDATE comments SET block_index = 99", "sql:block_index_resolves_to_blocks"),
    ("comments", "UPDATE comments SET text = ''", "expect_column_value_lengths_to_be_between(text)"),
    (
        "sentences",
        _copy("sentences", run=f"'{EARLIER_RUN}'"),
        "sql:key_unique_across_table(doc_id, sentence_index)",
    ),
    ("sentences", _copy("sentences"), "expect_compound_columns_to_be_unique(doc_id, sentence_index)"),
    (
        "sentences",
        _copy("sentences", "NULL AS sentence_index"),
        "expect_column_values_to_not_be_null(sentence_index)",
    ),
    ("sentences", _copy("sentences", "'ghost' AS doc_id"), "sql:doc_id_resolves_to_documents"),
    (
        "sentences",
        "UPDATE sentences SET end_char = end_char - 1 WHERE sentence_index = 1",
        "sql:offsets_match_body_text",
    ),
    (
        "sentences",
        "UPDATE sentences SET text = upper(text) WHERE sentence_index = 2",
        "sql:offsets_match_body_text",
    ),
    (
        "sentences",
        "UPDATE sentences SET end_char = 100000, text = 'x' WHERE sentence_index = 3",
        "sql:offsets_match_body_text",
    ),
    ("sentences", "UPDATE sentences SET block_index = 0 WHERE sentence_index = 0", "sql:inside_its_block"),
    (
        "sentences",
        "UPDATE sentences SET sentence_index = 5 - sentence_index WHERE sentence_index IN (0, 1)",
        "sql:in_order_without_overlap",
    ),
    (
        "sentences",
        f"DELETE FROM sentences WHERE doc_id <> {FIRST_DOC}",
        "expect_column_values_to_not_be_null(sentence_count, mostly=0.9)",
    ),
    (
        "entity_mentions",
        _copy("entity_mentions", run=f"'{EARLIER_RUN}'"),
        "sql:key_unique_across_table(doc_id, mention_index)",
    ),
    (
        "entity_mentions",
        _copy("entity_mentions"),
        "expect_compound_columns_to_be_unique(doc_id, mention_index)",
    ),
    (
        "entity_mentions",
        "UPDATE entity_mentions SET entity_id = NULL WHERE mention_index = 0",
        "expect_column_values_to_not_be_null(entity_id)",
    ),
    (
        "entity_mentions",
        "UPDATE entity_mentions SET label = 'MONEY' WHERE mention_index = 0",
        "expect_column_values_to_be_in_set(label)",
    ),
    ("entity_mentions", _copy("entity_mentions", "'ghost' AS doc_id"), "sql:doc_id_resolves_to_documents"),
    (
        "entity_mentions",
        "UPDATE entity_mentions SET sentence_index = 99 WHERE mention_index = 0",
        "sql:sentence_resolves_to_sentences",
    ),
    (
        "entity_mentions",
        "UPDATE entity_mentions SET start_char = start_char + 1 WHERE mention_index = 0",
        "sql:offsets_match_body_text",
    ),
    (
        "entity_mentions",
        "UPDATE entity_mentions SET sentence_index = sentence_index + 1 WHERE mention_index = 0",
        "sql:inside_its_sentence",
    ),
    (
        "entity_mentions",
        "UPDATE entity_mentions SET entity_id = 'ghost' WHERE mention_index = 0",
        "sql:entity_id_resolves_to_entities",
    ),
    ("entities", _copy("entities", run=f"'{EARLIER_RUN}'"), "sql:key_unique_across_table(entity_id)"),
    ("entities", _copy("entities"), "expect_column_values_to_be_unique(entity_id)"),
    ("entities", _copy("entities", "NULL AS entity_id"), "expect_column_values_to_not_be_null(entity_id)"),
    ("entities", "UPDATE entities SET label = 'CARDINAL'", "expect_column_values_to_be_in_set(label)"),
    (
        "entities",
        "UPDATE entities SET canonical_name = ''",
        "expect_column_value_lengths_to_be_between(canonical_name)",
    ),
    ("entities", "UPDATE entities SET first_doc_id = 'gone'", "sql:first_doc_id_resolves_to_documents"),
    (
        "entities",
        "UPDATE entities SET mention_count = mention_count + 1",
        "sql:mention_count_matches_mentions",
    ),
    ("entities", "UPDATE entities SET source_count = 0", "expect_column_values_to_be_between(source_count)"),
    (
        "entities",
        "UPDATE entities SET document_count = mention_count + 1",
        "expect_column_pair_values_a_to_be_greater_than_b(mention_count, document_count)",
    ),
    (
        "entities",
        "UPDATE entities SET last_seen = first_seen - INTERVAL 1 DAY",
        "expect_column_pair_values_a_to_be_greater_than_b(last_seen, first_seen)",
    ),
]


def test_every_suite_has_violation_cases() -> None:
    assert {table for table, _, _ in VIOLATIONS} == set(SUITE_TABLES)


@pytest.mark.parametrize(("table", "violation", "expectation"), VIOLATIONS, ids=lambda v: str(v)[:60])
def test_violation_fails_matching_expectation(
    table: str, violation: str, expectation: str, config: QualityConfig
) -> None:
    con = valid_warehouse()
    con.execute(violation)
    outcome = check(con, table, config)
    failures = failed(outcome)
    assert not outcome.success
    assert expectation in failures, sorted(failures)
    assert 1 <= len(failures[expectation]) <= config.max_offending_rows


@pytest.mark.parametrize("table", SUITE_TABLES)
def test_clean_run_passes_every_expectation(table: str, config: QualityConfig) -> None:
    con = valid_warehouse(constraints=True)
    outcome = check(con, table, config)
    assert failed(outcome) == {}
    assert outcome.success and len(outcome.outcomes) >= 5


def test_rows_of_earlier_runs_are_not_checked(config: QualityConfig) -> None:
    con = valid_warehouse()
    con.execute(f"UPDATE sentences SET text = 'broken' WHERE run_id = '{EARLIER_RUN}'")
    assert check(con, "sentences", config).success


def test_sentence_count_bounds_come_from_config(config: QualityConfig) -> None:
    strict = dataclasses.replace(config, sentences_per_document=Bounds(1, 2))
    failures = failed(check(valid_warehouse(), "sentences", strict))
    assert "expect_column_values_to_be_between(sentence_count)" in failures
    offending = failures["expect_column_values_to_be_between(sentence_count)"]
    assert {row["sentence_count"] for row in offending} == {4}


def test_offending_rows_are_capped(config: QualityConfig) -> None:
    con = valid_warehouse()
    con.execute("UPDATE entity_mentions SET label = 'MONEY'")
    few = dataclasses.replace(config, max_offending_rows=3)
    outcome = next(o for o in check(con, "entity_mentions", few).outcomes if "label" in o.expectation)
    assert len(outcome.offending_rows) == 3
    mentions = con.sql(f"SELECT count(*) FROM entity_mentions WHERE run_id = '{RUN}'").fetchone()[0]
    assert outcome.observed_value.startswith(f"{mentions} of {mentions} rows")
    assert {row["label"] for row in outcome.offending_rows} == {"MONEY"}
