"""Stage 5: publish the run's audited rows; when another run published entities for the same names
meanwhile, resolve them again against the newer lake and audit them again first."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from pipelines.resolve import AliasTable
from pipelines.stages.resolve_stage import ATTEMPTS, clear_staged_resolution, resolve_run_entities
from pipelines.store.publish import (
    PublishedMeanwhile,
    PublishSummary,
    StaleResolution,
    link_near_duplicates_published_meanwhile,
    publish_run,
    withdraw_documents_published_meanwhile,
)


class EntitiesAuditFailed(RuntimeError):
    """Entities resolved again at publication failed their suite: nothing was published."""


def publish_with_current_entities(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    aliases: AliasTable,
    audit_entities: Callable[[], bool],
    *,
    full: bool = False,
) -> tuple[PublishSummary, int]:
    """Publish; returns the summary and how many times entities had to be resolved again.

    Two runs meeting the same new name at once thus make one entity, not two: the second to publish
    finds the first's entities in the lake and resolves its own names against them. Two runs that read the
    same text at once publish it once: the second withdraws its copy of the document first; and a document
    that nearly repeats one another run published meanwhile is linked to it (near_duplicate_of).
    """
    resolved_again = 0
    for _ in range(ATTEMPTS):
        try:
            return publish_run(con, run_id), resolved_again
        except PublishedMeanwhile as meanwhile:
            withdraw_documents_published_meanwhile(con)  # the same text in another batch: published once
            link_near_duplicates_published_meanwhile(con)
            if not isinstance(meanwhile, StaleResolution):
                continue  # the entities are as current as they were
            clear_staged_resolution(con)
            resolve_run_entities(con, run_id, aliases, full=full)
            resolved_again += 1
            if not audit_entities():
                raise EntitiesAuditFailed(
                    f"run {run_id}: entities resolved again at publication failed entities_suite "
                    "(see dq_results); nothing was published"
                ) from None
    raise PublishedMeanwhile(f"run {run_id}: still out of date after {ATTEMPTS} attempts to publish")
