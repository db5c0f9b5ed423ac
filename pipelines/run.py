"""`make run`: materialize every asset of every source in-process, then print a summary per source.

Runs are recorded in the project's Dagster instance, so they show up in `make ui` afterwards.
Exits 1 when a blocking check failed (the published warehouse is then left as it was).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

import dagster as dg

from pipelines.settings import WarehousePaths
from pipelines.store.database import open_database


def source_counts(paths: WarehousePaths) -> dict[str, dict[str, int]]:
    """Rows per source in the working copy, which holds what this run wrote whether or not it published."""
    con = open_database(paths.staging)
    try:
        rows = con.execute(
            """
            SELECT d.source,
                   count(DISTINCT d.doc_id) AS documents,
                   (SELECT count(*) FROM sentences s JOIN documents x USING (doc_id)
                     WHERE x.source = d.source)
                       AS sentences,
                   (SELECT count(*) FROM entity_mentions m JOIN documents x USING (doc_id)
                     WHERE x.source = d.source) AS mentions,
                   (SELECT count(DISTINCT m.entity_id) FROM entity_mentions m JOIN documents x USING (doc_id)
                     WHERE x.source = d.source) AS entities,
                   (SELECT count(*) FROM ingest_errors e WHERE e.source = d.source) AS ingest_errors
            FROM documents d GROUP BY d.source ORDER BY d.source
            """
        ).fetchall()
    finally:
        con.close()
    keys = ("documents", "sentences", "mentions", "entities", "ingest_errors")
    return {source: dict(zip(keys, values, strict=True)) for source, *values in rows}


def main() -> int:
    from pipelines.definitions import build_definitions

    paths = WarehousePaths.from_env()
    started = time.perf_counter()
    job = build_definitions().resolve_job_def("warehouse_job")
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    elapsed = time.perf_counter() - started

    checks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failed_checks = []
    for evaluation in result.get_asset_check_evaluations():
        group = evaluation.asset_key.path[0]
        checks[group][0 if evaluation.passed else 1] += 1
        if not evaluation.passed:
            failed_checks.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")

    counts = source_counts(paths)
    print(f"\nRun {result.run_id} {'succeeded' if result.success else 'FAILED'} in {elapsed:.1f}s")
    header = f"{'source':<16}{'documents':>10}{'sentences':>11}{'mentions':>10}{'entities':>10}"
    print(header + f"{'errors':>8}{'checks ok':>11}{'failed':>8}")
    for source in sorted(set(counts) | {g for g in checks if g != "warehouse"}):
        c = counts.get(
            source, dict.fromkeys(("documents", "sentences", "mentions", "entities", "ingest_errors"), 0)
        )
        ok, bad = checks.get(source, [0, 0])
        print(
            f"{source:<16}{c['documents']:>10}{c['sentences']:>11}{c['mentions']:>10}{c['entities']:>10}"
            f"{c['ingest_errors']:>8}{ok:>11}{bad:>8}"
        )
    ok, bad = checks.get("warehouse", [0, 0])
    print(f"{'warehouse':<16}{'':>51}{ok:>11}{bad:>8}")
    if failed_checks:
        print("\nBlocking checks failed, the published warehouse was NOT replaced:")
        for name in failed_checks:
            print(f"  - {name}")
        print(
            "Details: `select * from dq_results where not success` in warehouse/staging.duckdb, or `make ui`."
        )
        return 1
    if not result.success:
        print("\nThe run failed; see the step errors above or `make ui`.")
        return 1
    print(f"\nPublished {paths.published}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
