"""Two runs publishing at once: nothing lost, nothing twice, and one entity for a name both met."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.quality.check import check_table
from pipelines.quality.config import load_quality_config
from pipelines.resolve import load_aliases
from pipelines.stages.publish_stage import publish_with_current_entities
from pipelines.stages.resolve_stage import resolve_and_audit, resolve_run_entities
from pipelines.store.database import open_analyst, open_staging
from pipelines.store.staging import start_staging
from pipelines.store.writes import insert_rows
from tests.lake_helpers import lake_paths

NOW = datetime(2024, 3, 1, 12, 0)


def stage_document(con: duckdb.DuckDBPyConnection, doc_id: str, run_id: str, names: list[str]) -> None:
    """A document whose body is its names, one mention (and sentence) each."""
    body = ". ".join(names)
    insert_rows(
        con,
        "documents",
        [
            {
                "doc_id": doc_id,
                "raw_id": f"raw-{doc_id}",
                "source": "desk",
                "title": doc_id,
                "authors": [],
                "body_text": body,
                "word_count": len(body.split()),
                "block_count": 0,
                "comment_count": 0,
                "ingested_at": NOW,
                "run_id": run_id,
            }
        ],
    )
    mentions, at = [], 0
    for index, name in enumerate(names):
        mentions.append(
            {
                "doc_id": doc_id,
                "mention_index": index,
                "sentence_index": index,
                "start_char": at,
                "end_char": at + len(name),
                "text": name,
                "label": "PERSON",
                "name": name,
                "run_id": run_id,
            }
        )
        at += len(name) + 2
    insert_rows(con, "entity_mentions", mentions)


def test_two_runs_resolving_the_same_new_name_at_once_make_one_entity(tmp_path: Path) -> None:
    paths = lake_paths(tmp_path)
    aliases = load_aliases()
    audits: list[str] = []
    for run_id, doc_id in (("run-a", "doc-a"), ("run-b", "doc-b")):  # both resolve on the same lake
        start_staging(paths, run_id)
        with open_staging(paths, run_id) as con:
            stage_document(con, doc_id, run_id, ["Ada Lovelace", "Charles Babbage"])
            resolve_run_entities(con, run_id, aliases)
    published = {}
    for run_id in ("run-a", "run-b"):
        with open_staging(paths, run_id) as con:
            published[run_id] = publish_with_current_entities(
                con, run_id, aliases, lambda run_id=run_id: audits.append(run_id) or True
            )
    assert published["run-a"][1] == 0  # first to publish: its resolution was current
    assert published["run-b"][1] == 1 and audits == ["run-b"]  # resolved again, audited again
    analyst = open_analyst(paths)
    entities = analyst.execute(
        "SELECT canonical_name, mention_count, document_count FROM entities ORDER BY ALL"
    ).fetchall()
    mentions = analyst.execute(
        "SELECT count(*), count(DISTINCT entity_id), count(*) FILTER (WHERE entity_id IS NULL) "
        "FROM entity_mentions"
    ).fetchone()
    analyst.close()
    assert entities == [("Ada Lovelace", 2, 2), ("Charles Babbage", 2, 2)]
    assert mentions == (4, 2, 0)


@pytest.mark.parametrize("b_doc", ["doc-b", "doc-a"], ids=["own-document", "same-document"])
def test_an_entities_audit_after_another_run_published_the_same_names_judges_a_current_resolution(
    tmp_path: Path, b_doc: str
) -> None:
    """Batches side by side: run B resolves, run A publishes the same names, then B's entities step
    audits. Judged against the newer lake, B's resolution was stale (its counts missed A's mention) and
    its suite failed the batch; the step resolves again against the newer lake and audits that. When A
    published the very document B staged (the same text), B's copy would count its mentions twice: the
    step withdraws it from B first."""
    paths = lake_paths(tmp_path)
    aliases = load_aliases()
    config = load_quality_config()
    for run_id, doc_id in (("run-a", "doc-a"), ("run-b", b_doc)):
        start_staging(paths, run_id)
        with open_staging(paths, run_id) as con:
            stage_document(con, doc_id, run_id, ["Ada Lovelace", "Charles Babbage"])
    verdicts = []

    def audit(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
        verdicts.append(check_table(con, "entities", run_id, config).success)
        return verdicts[-1]

    with open_staging(paths, "run-b") as b:
        resolved = False

        def resolve_b_then_publish_a() -> bool:
            nonlocal resolved
            if not resolved:  # A publishes between B's resolution and B's audit
                resolved = True
                with open_staging(paths, "run-a") as a:
                    resolve_run_entities(a, "run-a", aliases)
                    publish_with_current_entities(a, "run-a", aliases, lambda: True)
            return audit(b, "run-b")

        summary, passed = resolve_and_audit(b, "run-b", aliases, resolve_b_then_publish_a, bool)
        (staged,) = b.execute("SELECT count(*) FROM documents").fetchone()
    assert verdicts == [False, True]  # the stale resolution failed its suite; the current one passed
    own = b_doc == "doc-b"
    assert passed and summary.new_mentions == (2 if own else 0)
    assert staged == (1 if own else 0)  # a copy of what A published left the run


@pytest.mark.parametrize("shared_names", [[], ["Grace Hopper"]], ids=["without-names", "with-names"])
def test_two_runs_that_read_the_same_text_at_once_publish_it_once(
    tmp_path: Path, shared_names: list[str]
) -> None:
    """Batches side by side, the same file content in both: each stages the document (neither saw it
    published when it read it). The second to publish withdraws its copy; its own documents still go."""
    paths = lake_paths(tmp_path)
    aliases = load_aliases()
    config = load_quality_config()
    for run_id in ("run-a", "run-b"):
        start_staging(paths, run_id)
        with open_staging(paths, run_id) as con:
            stage_document(con, "doc-same", run_id, shared_names)
            stage_document(con, f"doc-{run_id}", run_id, ["Ada Lovelace"])
            resolve_run_entities(con, run_id, aliases)
    verdicts, added = [], {}
    for run_id in ("run-a", "run-b"):
        with open_staging(paths, run_id) as con:

            def audit(con: duckdb.DuckDBPyConnection = con, run_id: str = run_id) -> bool:
                verdicts.append(check_table(con, "entities", run_id, config).success)
                return verdicts[-1]

            summary, _ = publish_with_current_entities(con, run_id, aliases, audit)
            added[run_id] = summary.sources
    analyst = open_analyst(paths)
    documents = analyst.execute("SELECT doc_id, run_id FROM documents ORDER BY doc_id").fetchall()
    mentions = analyst.execute("SELECT doc_id, name FROM entity_mentions ORDER BY ALL").fetchall()
    entities = analyst.execute("SELECT canonical_name, mention_count FROM entities ORDER BY ALL").fetchall()
    analyst.close()
    assert documents == [("doc-run-a", "run-a"), ("doc-run-b", "run-b"), ("doc-same", "run-a")]
    assert mentions == sorted(
        [("doc-run-a", "Ada Lovelace"), ("doc-run-b", "Ada Lovelace")]
        + [("doc-same", name) for name in shared_names]
    )
    assert entities == sorted([("Ada Lovelace", 2)] + [(name, 1) for name in shared_names])
    assert all(verdicts)  # run-b resolved again without its copy, and its entities passed their suite
    # what make run's summary reports per batch: run-b's copy of the shared text is not counted as new
    shared = len(shared_names)
    assert added == {
        "run-a": {"desk": {"new_documents": 2, "new_sentences": 0, "new_mentions": 1 + shared}},
        "run-b": {"desk": {"new_documents": 1, "new_sentences": 0, "new_mentions": 1}},  # no sentences staged
    }
