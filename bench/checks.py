"""Share of a full warehouse run's wall time spent in the quality checks, at sample size and at 10x.

Each measurement is a fresh process running the real Dagster job in-process on a temporary corpus:
once with every blocking check and once without any. The checks' cost is the difference of the two wall
times (so one-time costs such as importing Great Expectations count, wherever they are paid); the time
inside the check steps themselves is printed too. The 10x corpus repeats the plain-text samples, each
copy reworded so it is a distinct article. The issue's bar: under 15% at both sizes.
Usage: python bench/checks.py [--scale 10]
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
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


def step_seconds(instance: object, run_id: str) -> dict[str, float]:
    """Wall time of each step, from its start and end events."""
    started: dict[str, float] = {}
    took: dict[str, float] = defaultdict(float)
    for entry in instance.all_logs(run_id):  # type: ignore[attr-defined]
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            took[event.step_key] += entry.timestamp - started.pop(event.step_key, entry.timestamp)
    return took


def measure_once(scale: int, with_checks: bool) -> dict[str, float]:
    """One run in this process; what the parent process needs to compare."""
    import dagster as dg
    import duckdb

    from pipelines.definitions import build_definitions
    from tests.e2e_helpers import QUIET, project_env

    with tempfile.TemporaryDirectory() as tmp, dg.DagsterInstance.ephemeral() as instance:
        root = Path(tmp)
        make_corpus(root, scale)
        with project_env(root):
            selection = dg.AssetSelection.all() if with_checks else dg.AssetSelection.all().without_checks()
            bench_job = dg.define_asset_job("bench_job", selection=selection)
            defs = dg.Definitions.merge(build_definitions(), dg.Definitions(jobs=[bench_job]))
            job = defs.resolve_job_def("bench_job")
            began = time.perf_counter()
            result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET)
            wall = time.perf_counter() - began
        if not result.success:
            raise SystemExit(f"the run at {scale}x failed; try `make run`")
        steps = step_seconds(instance, result.run_id)
        con = duckdb.connect(str(root / "warehouse" / "news.duckdb"), read_only=True)
        (documents,) = con.execute("SELECT count(*) FROM documents").fetchone()
        con.close()
    in_checks = sum(seconds for key, seconds in steps.items() if key.endswith("_suite"))
    return {"documents": documents, "wall": wall, "in_check_steps": in_checks}


def measure(scale: int, with_checks: bool) -> dict[str, float]:
    """A fresh process per measurement, so each pays its own imports like `make run` does."""
    command = [sys.executable, __file__, "--one", str(scale)] + ([] if with_checks else ["--without-checks"])
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=10, help="how much larger the second corpus is")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--without-checks", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_once(args.one, not args.without_checks)))
        return
    header = ("corpus", "docs", "run s", "no-check s", "checks s", "share", "in check steps")
    print(f"{header[0]:<8}" + "".join(f"{h:>12}" for h in header[1:]))
    for scale in (1, args.scale):
        full = measure(scale, with_checks=True)
        bare = measure(scale, with_checks=False)
        cost = max(full["wall"] - bare["wall"], 0.0)
        in_steps = full["in_check_steps"]
        cells = (
            full["documents"],
            f"{full['wall']:.1f}",
            f"{bare['wall']:.1f}",
            f"{cost:.2f}",
            f"{cost / full['wall']:.1%}",
            f"{in_steps:.2f} ({in_steps / full['wall']:.0%})",
        )
        print(f"{f'{scale}x':<8}" + "".join(f"{c:>12}" for c in cells))


if __name__ == "__main__":
    main()
