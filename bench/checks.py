"""Share of a full warehouse run's wall time spent in the quality checks, at sample size and at 10x.

Each measurement is a fresh process on a fresh copy of a temporary corpus, running every asset in-process
as `make run` does, timed from before Dagster is imported to the end of the job: once with every
blocking check (the check worker started first, as pipelines.run does) and once with none selected.
The checks' cost is the difference of the median wall times of the two kinds, so their one-time costs
(starting the worker, importing Great Expectations, Data Docs) count wherever they are paid; the time
inside the suites themselves (their `seconds` metadata) is printed too. The 10x corpus repeats the
plain-text samples, each copy reworded so it is a distinct article. The issue's bar: under 15% at both
sizes.
Usage: python bench/checks.py [--scale 10] [--repeat 5]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TEXT_SUFFIXES = {".txt", ".md"}
CONNECTIVES = (
    "Again,",
    "Separately,",
    "Meanwhile,",
    "Later,",
    "Earlier,",
    "Elsewhere,",
    "Notably,",
    "Still,",
    "Also,",
    "Even so,",
    "In turn,",
    "By then,",
    "Since then,",
    "For now,",
)
DATELINE = re.compile(r"^[A-Z][A-Z .]+\(|^\(")


def distinct_copy(text: str, n: int) -> str:
    """The n-th copy of an article: its title and each paragraph reworded, page furniture left as it is."""
    lines = text.split("\n")
    lines[0] = f"{lines[0]} (edition {n})"
    for i, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if len(stripped) >= 80 and stripped[0].isupper() and not DATELINE.match(stripped):
            word = CONNECTIVES[(n + i) % len(CONNECTIVES)]
            lines[i] = line.replace(stripped, f"{word} {stripped[0].lower()}{stripped[1:]}", 1)
    return "\n".join(lines)


def make_corpus(root: Path, scale: int) -> None:
    """raw/ with about `scale` times the samples' documents: plain-text samples get reworded copies."""
    shutil.copytree(REPO / "raw", root / "raw")
    texts = sorted(p for p in (root / "raw").rglob("*") if p.suffix in TEXT_SUFFIXES)
    others = sum(1 for p in (root / "raw").rglob("*") if p.is_file()) - len(texts)
    copies = -(-((scale - 1) * (len(texts) + others)) // len(texts)) if scale > 1 else 0
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for n in range(1, copies + 1):
            copy = path.with_name(f"{path.stem}-copy{n}{path.suffix}")
            copy.write_text(distinct_copy(text, n), encoding="utf-8")


def measure_once(project: Path, with_checks: bool) -> dict[str, float]:
    """One run of every asset as `make run` does it, timed from before Dagster is imported to the job's end.

    With checks, the check worker starts first, as in pipelines.run; without, no check is selected.
    """
    began = time.perf_counter()
    os.environ["NEWS_PROJECT_DIR"] = str(project)
    os.environ["NEWS_WAREHOUSE_DIR"] = str(project / "warehouse")
    if with_checks:
        from pipelines.quality import load_quality_config
        from pipelines.quality.worker_client import shared_check_worker

        shared_check_worker(load_quality_config())
    import dagster as dg

    from pipelines.definitions import build_definitions, source_folders
    from pipelines.lib.keys import BATCHES, MAINTENANCE, SEARCH_INDEX
    from pipelines.lib.runner import console_run_config
    from pipelines.settings import WarehousePaths
    from pipelines.stages.batches import BatchLimits, plan_batches
    from pipelines.store.database import open_analyst

    with dg.DagsterInstance.ephemeral() as instance:
        published = dg.AssetSelection.all() - dg.AssetSelection.assets(SEARCH_INDEX, MAINTENANCE)
        selection = published if with_checks else published.without_checks()
        bench_job = dg.define_asset_job("bench_job", selection=selection)
        defs = dg.Definitions.merge(build_definitions(), dg.Definitions(jobs=[bench_job]))
        (batch,) = plan_batches(WarehousePaths.from_env(), source_folders(defs), BatchLimits(10**9, 10**15))
        instance.add_dynamic_partitions(BATCHES.name, [batch.key])
        result = defs.resolve_job_def("bench_job").execute_in_process(
            instance=instance,
            partition_key=batch.key,
            raise_on_error=False,
            run_config=console_run_config("WARNING"),
        )
        wall = time.perf_counter() - began
    if not result.success:
        raise SystemExit(f"the run on {project} failed; try `make run`")
    in_suites = sum(e.metadata["seconds"].value for e in result.get_asset_check_evaluations())
    con = open_analyst(WarehousePaths.from_env())
    (documents,) = con.execute("SELECT count(*) FROM documents").fetchone()
    con.close()
    return {"documents": documents, "wall": wall, "in_suites": in_suites}


def measure(corpus: Path, with_checks: bool) -> dict[str, float]:
    """A fresh process on a fresh copy of the corpus, so each run pays its own imports like `make run`."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(corpus / "raw", project / "raw")
        command = [sys.executable, __file__, "--one", str(project)]
        command += [] if with_checks else ["--without-checks"]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def compare(corpus: Path, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median run with and without checks, the two kinds alternating so drifts in load hit both."""
    runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    for _ in range(repeat):
        for with_checks in (True, False):
            runs[with_checks].append(measure(corpus, with_checks))

    def median_run(measured: list[dict[str, float]]) -> dict[str, float]:
        return sorted(measured, key=lambda run: run["wall"])[len(measured) // 2]

    return median_run(runs[True]), median_run(runs[False])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=10, help="how much larger the second corpus is")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each kind per corpus (median)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--without-checks", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_once(args.one, not args.without_checks)))
        return
    header = ("corpus", "docs", "run s", "no-check s", "checks s", "share", "in suites")
    print(f"{header[0]:<8}" + "".join(f"{h:>12}" for h in header[1:]))
    for scale in (1, args.scale):
        with tempfile.TemporaryDirectory() as tmp:
            make_corpus(Path(tmp), scale)
            full, bare = compare(Path(tmp), args.repeat)
        cost = max(full["wall"] - bare["wall"], 0.0)
        in_suites = full["in_suites"]
        cells = (
            full["documents"],
            f"{full['wall']:.1f}",
            f"{bare['wall']:.1f}",
            f"{cost:.2f}",
            f"{cost / full['wall']:.1%}",
            f"{in_suites:.2f} ({in_suites / full['wall']:.0%})",
        )
        print(f"{f'{scale}x':<8}" + "".join(f"{c:>12}" for c in cells))


if __name__ == "__main__":
    main()
