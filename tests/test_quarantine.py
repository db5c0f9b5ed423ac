"""Quarantine: a document a stage cannot process is withheld and recorded, the rest of the batch is
published; a share of them blocks the batch; a retry loads what passes and empties quarantined_now."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import yaml

import pipelines.quality.config as quality_config
import pipelines.stages.clean_work as clean_work
from pipelines.definitions import build_definitions
from pipelines.lib.runner import retry_quarantine, run_batches
from pipelines.nlp.analyzer import Analyzer
from pipelines.stages.batches import plan_batches
from tests.e2e_helpers import QUIET, REPO, analyst, project_env, project_paths

pytestmark = pytest.mark.e2e  # runs Dagster jobs or other processes: `make test-fast` leaves it out

SOURCE = "world_desk"
GOOD_FILES = ("2019-02-28-summit-in-hanoi.txt", "2024-04-04-nato-at-75.txt")
BAD_FILE = "2024-05-07-macron-presses-xi.txt"
BAD_MARK = "Macron presses Xi Jinping"  # only the bad file has it (its title line)
BAD_BODY_MARK = "Macron"  # and only its body names Macron


def make_project(root: Path, files: Sequence[str]) -> None:
    (root / "raw" / SOURCE).mkdir(parents=True)
    for name in files:
        shutil.copy(REPO / "raw" / SOURCE / name, root / "raw" / SOURCE / name)


SHIPPED_QUALITY = quality_config.DEFAULT_CONFIG_PATH


def use_quality(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> None:
    """quality.yaml with these settings changed, the rest as shipped."""
    data = yaml.safe_load(SHIPPED_QUALITY.read_text(encoding="utf-8"))
    data.update(settings)
    path = tmp_path / "quality.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(quality_config, "DEFAULT_CONFIG_PATH", path)


def use_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float) -> None:
    """quality.yaml with max_share_quarantined set to `share`, the rest as shipped."""
    use_quality(tmp_path, monkeypatch, max_share_quarantined=share)


def break_cleaning(monkeypatch: pytest.MonkeyPatch) -> None:
    real = clean_work.clean_raw_text

    def clean_or_raise(raw_format: str, raw_text: str, *args: Any) -> Any:
        if BAD_MARK in raw_text:
            raise ValueError("cleaner choked on this one")
        return real(raw_format, raw_text, *args)

    monkeypatch.setattr(clean_work, "clean_raw_text", clean_or_raise)


def break_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Analyzer.analyze_here

    def analyze_or_raise(self: Analyzer, docs: Iterable[tuple]) -> Iterator[Any]:
        docs = list(docs)
        if any(BAD_BODY_MARK in body for _, body, _ in docs):
            raise RuntimeError("model choked on this one")
        return real(self, docs)

    monkeypatch.setattr(Analyzer, "analyze_here", analyze_or_raise)


def lake(project: Path, sql: str) -> list[tuple]:
    con = analyst(project)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def published_paths(project: Path) -> set[str]:
    rows = lake(project, "SELECT r.path FROM documents d JOIN raw_documents r USING (raw_id)")
    return {Path(path).name for (path,) in rows}


def bad_rows_anywhere(project: Path) -> int:
    """Rows of the bad document in any table analysts read (its doc_id is in no raw row: by path)."""
    tables = ("documents", "blocks", "comments", "sentences", "entity_mentions", "document_signatures")
    union = " UNION ALL ".join(f"SELECT doc_id FROM {t}" for t in tables)
    (count,) = lake(
        project,
        f"SELECT count(*) FROM ({union}) WHERE doc_id IN (SELECT doc_id FROM quarantine "
        f"UNION SELECT doc_id FROM raw_documents WHERE path LIKE '%{BAD_FILE}')",
    )[0]
    (raw,) = lake(project, f"SELECT count(*) FROM raw_documents WHERE path LIKE '%{BAD_FILE}'")[0]
    return count + raw


@pytest.mark.parametrize(
    ("stage", "break_stage", "reason"),
    [
        ("clean", break_cleaning, "ValueError: cleaner choked on this one"),
        ("nlp", break_analysis, "RuntimeError: model choked on this one"),
    ],
)
def test_a_document_a_stage_cannot_process_is_quarantined_then_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, break_stage: Any, reason: str
) -> None:
    make_project(tmp_path, (*GOOD_FILES, BAD_FILE))
    use_share(tmp_path, monkeypatch, 0.5)  # 1 of 3 is below it
    with monkeypatch.context() as broken, project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        defs = build_definitions()
        break_stage(broken)
        runs = run_batches(defs, instance, run_config=QUIET)
        assert runs.success and len(runs.outcomes) == 1
        assert published_paths(tmp_path) == set(GOOD_FILES)  # the rest of the batch is published
        assert bad_rows_anywhere(tmp_path) == 0  # withheld with every row of it
        quarantined = lake(tmp_path, "SELECT path, stage, reason, excerpt, run_id FROM quarantine")
        assert len(quarantined) == 1
        path, got_stage, got_reason, excerpt, run_id = quarantined[0]
        assert (path, got_stage, got_reason) == (f"raw/{SOURCE}/{BAD_FILE}", stage, reason)
        assert excerpt.startswith(BAD_MARK) and len(excerpt) == 200
        assert run_id == runs.outcomes[0].run_id
        assert lake(tmp_path, "SELECT count(*) FROM quarantined_now") == [(1,)]

        # a plain rerun has nothing new: the quarantined file waits for a retry
        assert run_batches(defs, instance, run_config=QUIET).outcomes == []

    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:  # the cause is fixed
        retry = retry_quarantine(build_definitions(), instance, run_config=QUIET)
        assert retry.success and len(retry.outcomes) == 1
        assert published_paths(tmp_path) == {*GOOD_FILES, BAD_FILE}
        assert lake(tmp_path, "SELECT count(*) FROM quarantined_now") == [(0,)]
        assert lake(tmp_path, "SELECT count(*) FROM quarantine") == [(1,)]  # the history stays
        assert retry_quarantine(build_definitions(), instance, run_config=QUIET).outcomes == []


def test_a_document_failing_an_expectation_alone_is_quarantined_and_retried_when_the_config_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, (*GOOD_FILES, BAD_FILE))
    shipped = yaml.safe_load(SHIPPED_QUALITY.read_text(encoding="utf-8"))["boilerplate_phrases"]
    # a phrase only the bad file's body has: its documents rows alone fail the boilerplate expectation
    phrases = [*shipped, BAD_BODY_MARK]
    use_quality(tmp_path, monkeypatch, max_share_quarantined=0.5, boilerplate_phrases=phrases)
    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        defs = build_definitions()
        runs = run_batches(defs, instance, run_config=QUIET)
        assert runs.success and len(runs.outcomes) == 1  # every suite passed on the rest of the batch
        assert published_paths(tmp_path) == set(GOOD_FILES)
        assert bad_rows_anywhere(tmp_path) == 0
        ((stage, reason),) = lake(tmp_path, "SELECT stage, reason FROM quarantine")
        assert stage == "audit"
        # make run's summary counts what was published, not what the cleaning and NLP steps staged
        ((sentences, mentions),) = lake(
            tmp_path, "SELECT (SELECT count(*) FROM sentences), (SELECT count(*) FROM entity_mentions)"
        )
        assert sentences > 0 and mentions > 0
        counts = runs.outcomes[0].counts[SOURCE]
        published = (counts["new_documents"], counts["new_sentences"], counts["new_mentions"])
        assert published == (2, sentences, mentions)
        assert reason == (
            "expect_column_values_to_not_match_regex_list(body_text): body_text contains " + BAD_BODY_MARK
        )
        assert run_batches(defs, instance, run_config=QUIET).outcomes == []  # same code and config

        use_quality(tmp_path, monkeypatch, max_share_quarantined=0.5)  # the phrase was a mistake
        retried = run_batches(defs, instance, run_config=QUIET)  # a plain run retries by itself
        assert retried.success and len(retried.outcomes) == 1
        assert published_paths(tmp_path) == {*GOOD_FILES, BAD_FILE}
        assert lake(tmp_path, "SELECT count(*) FROM quarantined_now") == [(0,)]
        assert run_batches(defs, instance, run_config=QUIET).outcomes == []


def test_a_retry_that_fails_again_is_not_planned_again_under_the_same_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, (*GOOD_FILES, BAD_FILE))
    use_share(tmp_path, monkeypatch, 0.5)
    break_cleaning(monkeypatch)
    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        defs = build_definitions()
        assert run_batches(defs, instance, run_config=QUIET).success
        use_share(tmp_path, monkeypatch, 0.4)  # a new version, under which the cleaner still fails
        again = run_batches(defs, instance, run_config=QUIET)
        assert again.success and len(again.outcomes) == 1  # retried once, quarantined again
        assert lake(tmp_path, "SELECT count(*) FROM quarantine") == [(2,)]
        assert lake(tmp_path, "SELECT count(*) FROM quarantined_now") == [(1,)]
        assert run_batches(defs, instance, run_config=QUIET).outcomes == []


def test_a_share_of_quarantined_documents_above_the_threshold_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, (*GOOD_FILES, BAD_FILE))
    use_share(tmp_path, monkeypatch, 0.0)
    break_cleaning(monkeypatch)
    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        runs = run_batches(build_definitions(), instance, run_config=QUIET)
        (outcome,) = runs.outcomes
        assert not outcome.success
        assert outcome.failed_checks == ["warehouse/documents: documents_suite"]
        failed = lake(
            tmp_path,
            "SELECT expectation, observed_value FROM dq_results WHERE NOT success AND run_id = "
            f"'{outcome.run_id}'",
        )
        assert failed == [("sql:quarantined_share_within_threshold", "1 offending rows")]
        assert lake(
            tmp_path, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM quarantine)"
        ) == [(0, 0)]


def test_a_batch_whose_only_document_is_quarantined_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1 bad document out of 1 is systemic for its batch, whatever the threshold."""
    make_project(tmp_path, (BAD_FILE,))
    use_share(tmp_path, monkeypatch, 0.99)
    break_cleaning(monkeypatch)
    with project_env(tmp_path), dg.DagsterInstance.ephemeral() as instance:
        defs = build_definitions()
        (batch,) = plan_batches(project_paths(tmp_path), {SOURCE: f"raw/{SOURCE}"})
        runs = run_batches(defs, instance, run_config=QUIET)
        assert runs.batches == [batch.key] and not runs.success
        (result,) = runs.results
        failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
        assert failed == ["documents_suite"]  # the share rule: 1 of 1 is over any share below 1
        assert lake(
            tmp_path, "SELECT (SELECT count(*) FROM raw_documents), (SELECT count(*) FROM quarantine)"
        ) == [(0, 0)]


def test_the_lake_is_read_for_a_retry_once_per_version_not_at_every_tick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.stages.quarantine_retry as quarantine_retry

    make_project(tmp_path, GOOD_FILES)
    folders = {SOURCE: f"raw/{SOURCE}"}
    paths = project_paths(tmp_path)
    assert quarantine_retry.plan_quarantine_retry(paths, folders) is None  # reads the (new) lake

    def no_lake(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the lake was read")

    monkeypatch.setattr(quarantine_retry, "open_analyst", no_lake)
    assert quarantine_retry.plan_quarantine_retry(paths, folders) is None  # same version: no read
    use_share(tmp_path, monkeypatch, 0.4)  # a new version
    with pytest.raises(AssertionError, match="the lake was read"):
        quarantine_retry.plan_quarantine_retry(paths, folders)
