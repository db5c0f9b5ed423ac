"""What the gate leaves behind: dq_results rows, Data Docs pages, and loud errors for a bad config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from quality_helpers import RUN, check, valid_warehouse

from pipelines.quality import (
    QualityConfig,
    QualityConfigError,
    build_run_data_docs,
    check_table,
    data_docs_index_path,
    load_quality_config,
    record_outcomes,
)
from pipelines.quality.config import DEFAULT_CONFIG_PATH


def test_record_outcomes_keeps_every_expectation_with_failures_detailed(config: QualityConfig) -> None:
    con = valid_warehouse()
    con.execute("UPDATE entity_mentions SET label = 'MONEY' WHERE mention_index = 0")
    outcome = check(con, "entity_mentions", config)
    record_outcomes(con, RUN, outcome)
    rows = con.execute(
        "SELECT expectation, success, observed_value, details FROM lake.dq_results "
        "WHERE run_id = ? AND table_name = ?",
        [RUN, "entity_mentions"],
    ).fetchall()
    assert len(rows) == len(outcome.outcomes)
    failures = {expectation: details for expectation, success, _, details in rows if not success}
    assert set(failures) == {"expect_column_values_to_be_in_set(label)"}
    offending = json.loads(failures["expect_column_values_to_be_in_set(label)"])
    assert {row["label"] for row in offending} == {"MONEY"}
    assert all(details is None for _, success, _, details in rows if success)


def test_data_docs_site_is_built_for_the_run(config: QualityConfig, tmp_path: Path) -> None:
    con = valid_warehouse()
    outcome = check_table(con, "documents", RUN, config, data_docs_dir=tmp_path / "dq_docs")
    assert outcome.success and outcome.data_docs_index is None  # a passing suite waits for the run's build
    index = build_run_data_docs(tmp_path / "dq_docs", RUN)
    assert index == data_docs_index_path(tmp_path / "dq_docs") and index.is_file()
    pages = list((tmp_path / "dq_docs" / "validations").rglob("*.html"))
    assert any(RUN in str(page) for page in pages)


def test_failing_suite_renders_its_data_docs_at_once(config: QualityConfig, tmp_path: Path) -> None:
    con = valid_warehouse()
    con.execute(
        "UPDATE documents SET body_text = body_text || ' Comments are closed.' WHERE run_id = ?", [RUN]
    )
    outcome = check_table(con, "documents", RUN, config, data_docs_dir=tmp_path / "dq_docs")
    assert not outcome.success
    assert outcome.data_docs_index is not None and outcome.data_docs_index.is_file()


def test_project_config_loads() -> None:
    config = load_quality_config()
    assert "Comments are closed" in config.boilerplate_phrases
    assert config.max_offending_rows == 10


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"min_share_documents_with_title": 1.5}, "min_share_documents_with_title"),
        ({"word_count": {"min": 10, "max": 5}}, "word_count"),
        ({"sentences_per_document": {"min": -1, "max": 5}}, "sentences_per_document.min"),
        ({"boilerplate_phrases": ["ok", ""]}, "boilerplate_phrases"),
        ({"max_offending_rows": None}, "max_offending_rows"),
        ({"min_share_with_title": 0.5}, "min_share_with_title"),
    ],
)
def test_bad_config_names_file_and_field(change: dict, field: str, tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    path = tmp_path / "quality.yaml"
    path.write_text(yaml.safe_dump({**data, **change}))
    with pytest.raises(QualityConfigError) as error:
        load_quality_config(path)
    assert str(path) in str(error.value) and f"'{field}'" in str(error.value)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(QualityConfigError, match="quality.yaml"):
        load_quality_config(tmp_path / "quality.yaml")


def test_a_deployment_points_at_its_own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    own = tmp_path / "own-quality.yaml"
    own.write_text(yaml.safe_dump({**data, "max_offending_rows": 3}))
    monkeypatch.setenv("NEWS_QUALITY_CONFIG", str(own))
    assert load_quality_config().max_offending_rows == 3
    own.write_text(yaml.safe_dump({**data, "max_offending_rows": -3}))
    with pytest.raises(QualityConfigError, match="own-quality.yaml: field 'max_offending_rows'"):
        load_quality_config()
