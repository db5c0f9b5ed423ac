"""The checks Great Expectations cannot express on one frame: keys across the whole table, foreign keys
and offsets, as DuckDB SQL restricted to the run's rows. Each .sql file selects the offending rows.

The run's rows are the tables of the default database (a run's staging file); what was published before
is `lake.<table>`, probed only for the keys of the run's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.outcomes import ExpectationOutcome
from pipelines.quality.rows import plain_row
from pipelines.quality.tables import KEPT_KIND_SET, KEY_UNIQUE_IN_RUN, TABLE_KEYS


@dataclass(frozen=True)
class SqlRule:
    """A rule about a table: the file selecting its offending rows, with table/key filled in for templates.
    params are fixed values; settings map a parameter to a quality.yaml field of the config in force."""

    table: str
    name: str
    sql_file: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    settings: dict[str, str] = field(default_factory=dict, hash=False)

    def parameters(self, config: QualityConfig) -> dict[str, Any]:
        return {**self.params, **{name: getattr(config, setting) for name, setting in self.settings.items()}}

    @property
    def expectation(self) -> str:
        return f"sql:{self.name}"

    def query(self) -> str:
        template = read_sql(self.sql_file)
        keys = TABLE_KEYS[self.table]
        return template.format(table=self.table, key=", ".join(keys), first_key=keys[0])


@cache
def read_sql(file_name: str) -> str:
    """The text of one of the package's .sql files."""
    return resources.files("pipelines.quality").joinpath("sql", file_name).read_text(encoding="utf-8")


def _key_unique(table: str) -> SqlRule:
    key = ", ".join(TABLE_KEYS[table])
    if table in KEY_UNIQUE_IN_RUN:
        return SqlRule(table, f"key_unique_across_table({key})", "key_unique_in_run.sql")
    return SqlRule(table, f"key_unique_across_table({key})", "key_unique_across_table.sql")


def _doc_resolves(table: str) -> SqlRule:
    return SqlRule(table, "doc_id_resolves_to_documents", "doc_id_resolves.sql")


SQL_RULES: dict[str, tuple[SqlRule, ...]] = {
    "raw_documents": (_key_unique("raw_documents"),),
    "documents": (
        _key_unique("documents"),
        SqlRule("documents", "raw_id_resolves_to_raw_documents", "documents_raw_id_resolves.sql"),
        SqlRule("documents", "every_raw_document_of_run_has_document", "raw_documents_have_documents.sql"),
        SqlRule("documents", "every_source_of_run_produced_documents", "sources_produced_documents.sql"),
        SqlRule("documents", "near_duplicate_of_resolves", "documents_near_duplicate_resolves.sql"),
        SqlRule("documents", "block_count_matches_blocks", "documents_block_count_matches.sql"),
        SqlRule("documents", "comment_count_matches_comments", "documents_comment_count_matches.sql"),
        SqlRule(
            "documents",
            "quarantined_share_within_threshold",
            "documents_quarantined_share.sql",
            settings={"max_share_quarantined": "max_share_quarantined"},
        ),
    ),
    "blocks": (
        _key_unique("blocks"),
        _doc_resolves("blocks"),
        SqlRule(
            "blocks", "kept_matches_kind", "blocks_kept_matches_kind.sql", {"kept_kinds": list(KEPT_KIND_SET)}
        ),
        SqlRule("blocks", "body_offsets_match_body_text", "blocks_body_offsets_match_text.sql"),
        SqlRule("blocks", "body_spans_in_block_order", "blocks_body_spans_in_order.sql"),
        SqlRule("blocks", "raw_offsets_match_raw_text", "blocks_raw_offsets_match_text.sql"),
    ),
    "comments": (
        _key_unique("comments"),
        _doc_resolves("comments"),
        SqlRule("comments", "block_index_resolves_to_blocks", "comments_block_resolves.sql"),
    ),
    "sentences": (
        _key_unique("sentences"),
        _doc_resolves("sentences"),
        SqlRule("sentences", "offsets_match_body_text", "span_offsets_match_body.sql"),
        SqlRule("sentences", "inside_its_block", "sentences_inside_block.sql"),
        SqlRule("sentences", "in_order_without_overlap", "sentences_in_order.sql"),
    ),
    "entity_mentions": (
        _key_unique("entity_mentions"),
        _doc_resolves("entity_mentions"),
        SqlRule("entity_mentions", "sentence_resolves_to_sentences", "mentions_sentence_resolves.sql"),
        SqlRule("entity_mentions", "offsets_match_body_text", "span_offsets_match_body.sql"),
        SqlRule("entity_mentions", "inside_its_sentence", "mentions_inside_sentence.sql"),
        SqlRule("entity_mentions", "entity_id_resolves_to_entities", "mentions_entity_resolves.sql"),
    ),
    "entities": (
        _key_unique("entities"),
        SqlRule("entities", "first_doc_id_resolves_to_documents", "entities_first_doc_resolves.sql"),
        SqlRule("entities", "mention_count_matches_mentions", "entities_mention_count_matches.sql"),
    ),
}


def run_sql_rule(
    con: duckdb.DuckDBPyConnection, rule: SqlRule, run_id: str, config: QualityConfig
) -> ExpectationOutcome:
    """Evaluate one rule: it holds when its query selects no row; otherwise keep the count and a sample."""
    max_rows = config.max_offending_rows
    sample = read_sql("offending_sample.sql").replace("{rule}", rule.query())
    cursor = con.execute(sample, {"run_id": run_id, "max_rows": max(max_rows, 1), **rule.parameters(config)})
    columns = [description[0] for description in cursor.description]
    rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    count = rows[0].pop("offending_count") if rows else 0
    for row in rows[1:]:
        row.pop("offending_count")
    return ExpectationOutcome(
        table=rule.table,
        expectation=rule.expectation,
        success=count == 0,
        observed_value=f"{count} offending rows",
        offending_rows=[plain_row(row) for row in rows[:max_rows]],
    )
