"""Share of a run's wall time spent in the quality gate, at a sample size and at 10x.

Until the pipeline can be timed end to end, the baseline is the time to build (generate and insert) a
synthetic warehouse of the same size in this process; the checks are every suite over that run's rows.
Usage: .venv/bin/python bench/checks.py [--documents 300] [--data-docs DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.quality import SUITE_TABLES, check_table, load_quality_config
from pipelines.quality.synthetic import build_synthetic_warehouse, create_schema


def measure(documents: int, data_docs_dir: Path | None) -> None:
    """Build a warehouse of `documents` articles, then check every suite; print times and the share."""
    config = load_quality_config()
    run_id = f"bench-{documents}"
    with tempfile.TemporaryDirectory() as folder:
        con = duckdb.connect(str(Path(folder) / "working.duckdb"))
        started = time.perf_counter()
        create_schema(con)
        build_synthetic_warehouse(con, run_id, documents)
        build = time.perf_counter() - started
        per_table = {}
        for table in SUITE_TABLES:
            started = time.perf_counter()
            outcome = check_table(con, table, run_id, config, data_docs_dir=data_docs_dir)
            per_table[table] = time.perf_counter() - started
            assert outcome.success, f"synthetic run failed {table}: {outcome.failures}"
        rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SUITE_TABLES)
        con.close()
    checks = sum(per_table.values())
    print(f"{documents:>7} documents, {rows:>8} rows: build {build:6.2f} s, checks {checks:6.2f} s, "
          f"share in checks = {checks / (build + checks):6.1%}, checks / build = {checks / build:5.2f}")
    print("         per table: " + ", ".join(f"{t} {s:.2f} s" for t, s in per_table.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300, help="documents at sample size (1x)")
    parser.add_argument("--data-docs", type=Path, default=None, help="also build GX Data Docs here")
    args = parser.parse_args()
    started = time.perf_counter()
    import great_expectations  # noqa: F401  (the one-off import every process pays, reported apart)

    print(f"importing Great Expectations (once per process): {time.perf_counter() - started:.2f} s")
    measure(max(args.documents // 10, 1), args.data_docs)  # warm-up: context and suites are built once
    for scale in (1, 10):
        measure(args.documents * scale, args.data_docs)


if __name__ == "__main__":
    main()
