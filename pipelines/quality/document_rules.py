"""Expectations a document can fail on its own rows: too few or too many words or sentences, boilerplate
left in its body. Such a document is quarantined before the suites run, so one odd article does not hold
back its batch; the suites' share rule still blocks a batch where many fail (something systemic).

Keys, references and offsets are not here: a failure there is a broken stage, and stays blocking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.sql_rules import read_sql


@dataclass(frozen=True)
class DocumentRule:
    """One per-document expectation: the suite's expectation it mirrors and the file selecting the
    run's documents that fail it (doc_id, observed), with its parameters taken from the config."""

    expectation: str
    sql_file: str
    params: Callable[[QualityConfig], dict[str, Any]]


DOCUMENT_RULES = (
    DocumentRule(
        "expect_column_values_to_be_between(word_count)",
        "document_word_count.sql",
        lambda config: {"low": config.word_count.min, "high": config.word_count.max},
    ),
    DocumentRule(
        "expect_column_values_to_not_match_regex_list(body_text)",
        "document_boilerplate.sql",
        lambda config: {"phrases": list(config.boilerplate_phrases)},
    ),
    DocumentRule(
        "expect_column_values_to_be_between(sentence_count)",
        "document_sentence_count.sql",
        lambda config: {"low": config.sentences_per_document.min, "high": config.sentences_per_document.max},
    ),
)


def failing_documents(con: duckdb.DuckDBPyConnection, run_id: str, config: QualityConfig) -> dict[str, str]:
    """The run's documents that fail a per-document expectation, each with the reason to quarantine it
    (every expectation it fails, with what was observed)."""
    reasons: dict[str, list[str]] = {}
    for rule in DOCUMENT_RULES:
        rows = con.execute(read_sql(rule.sql_file), {"run_id": run_id, **rule.params(config)}).fetchall()
        for doc_id, observed in rows:
            reasons.setdefault(doc_id, []).append(f"{rule.expectation}: {observed}")
    return {doc_id: "; ".join(found) for doc_id, found in sorted(reasons.items())}
