"""What a run costs as the warehouse grows: 10k, 100k and 1M documents, new dumps of 1 and 100 files, no-op.

For each size a lake is built with SQL, not with the pipeline (bench/scale_lake.py: distinct texts shaped
like the bundled samples, with their rates of blocks, sentences and mentions, Zipf-distributed entities,
and the incremental state a long history of runs leaves: resolution counts per run, fingerprints, LSH
bands, quality results), maintained as `make maintain` does, and cached under --cache (keyed by size,
run size, generator version and schema version), so reruns reuse it. Each size then gets a copy of its
lake, and three runs take make run's code path, a subprocess `python -m pipelines.run` with
NEWS_PROJECT_DIR set to a temporary project whose raw/<source>/ folders are empty but for the new dumps,
NEWS_WAREHOUSE_DIR to the copy and DAGSTER_HOME to a temporary instance, one after the other:

- one: one new world_desk dump (a sample article, reworded so it is new, with a marker in its title),
- hundred: 100 more such dumps,
- noop: nothing new.

Measured per run: wall time from process start to exit; peak memory, the largest sum of the resident set
sizes of the run's process tree (the run and its check worker), sampled from /proc every 50 ms; disk,
the largest size of the warehouse folder plus DuckDB's spill folder during the run over the warehouse
folder's size before it (sampled every 250 ms); and each Dagster step's duration, from the run's own
event log, to tell which stage grows with the warehouse. It prints a table per size, then for each
measure a line `<measure>: <smallest> <x> <largest> <y> ratio <y/x>`.

The issue's bar: adding 1 and 100 files, and a no-op run, cost at most 1.5x the wall time and 1.5x the
peak memory at 1M documents as at 10k; disk needed during a run stays under 1.2x the warehouse.

Usage: python bench/scale.py [--sizes 10000,100000,1000000] [--cache /work/scale-bench] [--keep]
       python bench/scale.py --quick          (2,000 and 20,000 documents: a few minutes)
Building the 1M lake takes a long while the first time (progress is printed); run it with nice.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_run import make_run_env, step_times  # noqa: E402
from scale_lake import LakeInfo, build_lake, dir_bytes, relocate, source_specs  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (2_000, 20_000)
RUNS = (("one", 1), ("hundred", 100), ("noop", 0))
MEMORY_EVERY = 0.05
DISK_EVERY = 0.25
PAGE = os.sysconf("SC_PAGE_SIZE")
_RUN_LINE = re.compile(r"^\d{8}T\d{6}-\d{4}\s+([0-9a-f-]{36})\s+(published|no change|FAILED)", re.MULTILINE)
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")


def label(documents: int) -> str:
    """10000 -> 10k, 1000000 -> 1M."""
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if documents >= size and documents % (size // 10 or 1) == 0:
            value = documents / size
            return f"{value:g}{unit}"
    return str(documents)


# --------------------------------------------------------------------------------------------------
# New dumps


def new_dumps(folder: Path, count: int, tag: str, seed: int) -> list[Path]:
    """`count` new world_desk dumps: sample articles with a marker in the title and about one lower-case
    word in eight of each paragraph replaced by another word of the same article, so each is a new
    document whose paragraphs (and so block fingerprints) are its own; page furniture stays as it is."""
    rng = random.Random(seed)
    samples = sorted((REPO / "raw" / "world_desk").glob("*.txt"))
    written = []
    for n in range(count):
        sample = samples[n % len(samples)]
        lines = sample.read_text(encoding="utf-8").split("\n")
        vocabulary = sorted(set(_LOWER_WORD.findall("\n".join(lines))))

        def reword(match: re.Match[str], vocabulary: list[str] = vocabulary) -> str:
            return rng.choice(vocabulary) if rng.random() < 0.125 else match.group(0)

        lines[0] = f"{lines[0]} ({tag} {n})"
        for i, line in enumerate(lines[1:], start=1):
            if len(line) >= 200:
                lines[i] = _LOWER_WORD.sub(reword, line)
        path = folder / f"{sample.stem}-{tag}-{n:03d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------------------------------
# One timed run


@dataclass
class RunResult:
    kind: str
    files: int
    code: int = 0
    wall: float = 0.0
    peak_rss: int = 0  # bytes: largest sum over the process tree
    peak_process: int = 0  # bytes: largest single process
    disk_before: int = 0
    disk_peak: int = 0
    disk_after: int = 0
    run_id: str | None = None
    new_documents: int = 0
    published: str = ""
    cpu: float = 0.0  # user + system seconds of the process tree
    startup: float = 0.0  # process start to the first step
    steps: dict[str, float] = field(default_factory=dict)
    log: str = ""

    @property
    def disk_ratio(self) -> float:
        return self.disk_peak / self.disk_before if self.disk_before else float("nan")


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum, largest) resident set size in bytes of a process and its descendants."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: fields after the last ')'
        fields = stat[stat.rindex(b")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = largest = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                rss = int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


def step_durations(storage: Path, run_id: str, started: datetime) -> tuple[dict[str, float], float]:
    """Seconds per Dagster step of a run, and the seconds from `started` (UTC) to its first step."""
    seconds, first = step_times(storage, run_id)
    return seconds, ((first or started) - started).total_seconds()


def timed_run(
    kind: str, files: int, env: dict[str, str], project: Path, warehouse: Path, log_path: Path
) -> RunResult:
    """`python -m pipelines.run` as make run starts it, sampled while it runs."""
    result = RunResult(kind, files)
    spill = project / ".tmp"  # DuckDB's temp_directory for an in-memory database: .tmp in the cwd
    result.disk_before = dir_bytes(warehouse)
    done = threading.Event()

    def sample(pid: int) -> None:
        next_disk = 0.0
        while not done.is_set():
            total, largest = _tree_rss(pid)
            result.peak_rss = max(result.peak_rss, total)
            result.peak_process = max(result.peak_process, largest)
            now = time.monotonic()
            if now >= next_disk:
                result.disk_peak = max(result.disk_peak, dir_bytes(warehouse) + dir_bytes(spill))
                next_disk = now + DISK_EVERY
            done.wait(MEMORY_EVERY)

    with open(log_path, "w", encoding="utf-8") as log:
        started = datetime.now(UTC).replace(tzinfo=None)
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.run"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
        sampler.start()
        result.code = process.wait()
        result.wall = time.perf_counter() - began
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        result.cpu = cpu.ru_utime + cpu.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
        done.set()
        sampler.join()
    result.disk_after = dir_bytes(warehouse)
    result.disk_peak = max(result.disk_peak, result.disk_after, result.disk_before)
    result.log = log_path.read_text(encoding="utf-8", errors="replace")
    match = _RUN_LINE.search(result.log)
    if match:
        result.run_id = match.group(1)
        storage = Path(env["DAGSTER_STORAGE_DIR"])
        result.steps, result.startup = step_durations(storage, result.run_id, started)
    documents = re.search(r"^world_desk\s+(\d+)", result.log, re.MULTILINE)
    result.new_documents = int(documents.group(1)) if documents else 0
    if "Published to the lake" in result.log:
        result.published = "published"
    elif "Nothing new" in result.log:
        result.published = "nothing new"
    else:
        result.published = "FAILED"
    return result


def bench_size(info: LakeInfo, root: Path, seed: int, hundred: int, repeat: int) -> list[RunResult]:
    """The three runs (repeated `repeat` times, in order) against a fresh copy of the size's cached lake."""
    base = root / label(info.documents)
    shutil.rmtree(base, ignore_errors=True)
    project, warehouse, home = base / "project", base / "warehouse", base / "dagster"
    for spec in source_specs():
        (project / spec.folder).mkdir(parents=True, exist_ok=True)
    shutil.copytree(info.directory, warehouse, symlinks=True)
    relocate(warehouse)
    home.mkdir(parents=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    logs = base / "logs"
    logs.mkdir()
    env = make_run_env(project, warehouse, home)
    results = []
    for attempt in range(repeat):
        for kind, files in RUNS:
            count = hundred if kind == "hundred" else files
            name = f"{kind}-{attempt + 1}"
            new_dumps(project / "raw" / "world_desk", count, f"bench {name}", seed + len(results))
            result = timed_run(kind, count, env, project, warehouse, logs / f"{name}.log")
            print(
                f"  {label(info.documents)} {name}: {result.wall:.1f}s wall, {result.cpu:.1f}s cpu, peak "
                f"{_mb(result.peak_rss)} MB, disk x{result.disk_ratio:.3f}, {result.published} "
                f"(exit {result.code})",
                flush=True,
            )
            if result.code != 0:
                print("    " + "\n    ".join(result.log.strip().splitlines()[-25:]), flush=True)
            results.append(result)
    return results


# --------------------------------------------------------------------------------------------------
# Report


def _mb(value: float) -> str:
    return f"{value / 2**20:.0f}"


@dataclass
class Summary:
    """One kind of run at one size over its repeats: the fastest wall time (the least disturbed by
    other work on the machine), the largest peak memory and the largest disk ratio."""

    kind: str
    wall: float
    cpu: float
    peak_rss: int
    disk_ratio: float
    steps: dict[str, float]
    startup: float


def summarize(results: list[RunResult]) -> list[Summary]:
    out = []
    for kind, _ in RUNS:
        runs = [r for r in results if r.kind == kind]
        fastest = min(runs, key=lambda r: r.wall)
        out.append(
            Summary(
                kind=kind,
                wall=fastest.wall,
                cpu=min(r.cpu for r in runs),
                peak_rss=max(r.peak_rss for r in runs),
                disk_ratio=max(r.disk_ratio for r in runs),
                steps=fastest.steps,
                startup=fastest.startup,
            )
        )
    return out


def print_size(info: LakeInfo, results: list[RunResult]) -> None:
    print(
        f"\n== {label(info.documents)}: {info.documents:,} documents, lake {info.bytes / 2**30:.2f} GB, "
        f"{info.data_files} data files, built in {info.build_seconds:.0f}s"
        f"{' (cached)' if info.cached else ''} =="
    )
    print(
        f"{'run':<9}{'files':>6}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}{'max proc MB':>12}"
        f"{'disk before MB':>15}{'disk peak MB':>13}{'disk ratio':>11}{'new docs':>9}  result"
    )
    for r in results:
        print(
            f"{r.kind:<9}{r.files:>6}{r.wall:>8.1f}{r.cpu:>8.1f}{_mb(r.peak_rss):>9}{_mb(r.peak_process):>12}"
            f"{_mb(r.disk_before):>15}{_mb(r.disk_peak):>13}{r.disk_ratio:>11.3f}{r.new_documents:>9}"
            f"  {r.published}"
        )


def print_ratios(small: int, large: int, a: list[Summary], b: list[Summary]) -> None:
    ls, ll = label(small), label(large)
    print()
    for x, y in zip(a, b, strict=True):
        print(f"wall {x.kind} (s): {ls} {x.wall:.1f} {ll} {y.wall:.1f} ratio {y.wall / x.wall:.2f}")
    for x, y in zip(a, b, strict=True):
        print(
            f"peak memory {x.kind} (MB): {ls} {_mb(x.peak_rss)} {ll} {_mb(y.peak_rss)} "
            f"ratio {y.peak_rss / x.peak_rss:.2f}"
        )
    worst_x = max(r.disk_ratio for r in a)
    worst_y = max(r.disk_ratio for r in b)
    print(
        f"disk (peak during a run / warehouse before, worst run): {ls} {worst_x:.3f} {ll} {worst_y:.3f} "
        f"ratio {worst_y / worst_x:.2f}"
    )
    for x, y in zip(a, b, strict=True):
        print(f"cpu {x.kind} (s, process tree): {ls} {x.cpu:.1f} {ll} {y.cpu:.1f} ratio {y.cpu / x.cpu:.2f}")


def print_steps(small: int, large: int, a: list[Summary], b: list[Summary], top: int = 8) -> None:
    """The steps whose time grew the most from the smallest to the largest lake, per kind of run."""
    ls, ll = label(small), label(large)
    for x, y in zip(a, b, strict=True):
        steps = sorted(
            set(x.steps) | set(y.steps), key=lambda s: y.steps.get(s, 0) - x.steps.get(s, 0), reverse=True
        )
        total_x, total_y = sum(x.steps.values()), sum(y.steps.values())
        print(
            f"\nsteps of '{x.kind}' that grew most (seconds, {ls} then {ll}): all steps {total_x:.1f} -> "
            f"{total_y:.1f}, start to first step {x.startup:.1f} -> {y.startup:.1f}, after the last step "
            f"{x.wall - x.startup - total_x:.1f} -> {y.wall - y.startup - total_y:.1f}"
        )
        for step in steps[:top]:
            sx, sy = x.steps.get(step, 0.0), y.steps.get(step, 0.0)
            ratio = f"x{sy / sx:.2f}" if sx else "-"
            print(f"  {step:<36}{sx:>8.2f}{sy:>8.2f}  {ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="documents per lake")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}: a smoke test")
    parser.add_argument("--cache", type=Path, default=Path("/work/scale-bench"), help="where lakes are kept")
    parser.add_argument("--keep", action="store_true", help="keep the run copies (warehouse, project, logs)")
    parser.add_argument("--repeat", type=int, default=1, help="run the one/hundred/noop sequence this often")
    parser.add_argument("--docs-per-run", type=int, default=200, help="documents per run in the history")
    parser.add_argument("--chunk", type=int, default=10_000, help="documents per INSERT while building")
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB memory limit while building")
    parser.add_argument("--hundred", type=int, default=100, help="files of the 'hundred' run")
    parser.add_argument("--full-search-index", action="store_true", help="build the real fts index too")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    sizes = (
        list(QUICK_SIZES) if args.quick else sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    )
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"code: {REPO}, python {sys.executable}, load average {os.getloadavg()[0]:.1f}", flush=True)

    lakes: list[LakeInfo] = []
    for documents in sizes:
        print(f"lake of {documents:,} documents:", flush=True)
        began = time.perf_counter()
        info = build_lake(
            documents,
            args.cache,
            docs_per_run=args.docs_per_run,
            chunk=args.chunk,
            memory_limit=args.memory_limit,
            full_search_index=args.full_search_index,
            log=lambda line: print(line, flush=True),
        )
        state = "cached" if info.cached else f"built in {time.perf_counter() - began:.0f}s"
        print(
            f"  {state}: {info.bytes / 2**20:,.0f} MB (lake + catalog), {info.data_files} data files, "
            f"{info.directory}",
            flush=True,
        )
        lakes.append(info)
    rates = lakes[0].profile_rates
    print("sample rates per document: " + ", ".join(f"{k} {v:.1f}" for k, v in rates.items()))
    for info in lakes:
        rows, n = info.rows, info.documents
        print(
            f"  {label(n)} lake per document: blocks {rows['blocks'] / n:.1f}, sentences "
            f"{rows['sentences'] / n:.1f}, mentions {rows['entity_mentions'] / n:.1f}, raw characters "
            f"{info.raw_chars:.0f}, body characters {info.body_chars:.0f}; entities {rows['entities']:,}, "
            f"name keys {rows['entity_keys']:,}, name count rows {rows['entity_name_counts']:,}, "
            f"runs {rows['entity_resolutions']:,}"
        )

    root = args.cache / f"runs-{os.getpid()}"
    root.mkdir(parents=True, exist_ok=True)
    results: list[list[RunResult]] = []
    try:
        for info in lakes:
            print(f"\nruns against a copy of the {label(info.documents)} lake ({root}):", flush=True)
            results.append(bench_size(info, root, args.seed, args.hundred, args.repeat))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    for info, runs in zip(lakes, results, strict=True):
        print_size(info, runs)
    if len(lakes) >= 2:
        small, large = summarize(results[0]), summarize(results[-1])
        print_ratios(lakes[0].documents, lakes[-1].documents, small, large)
        print_steps(lakes[0].documents, lakes[-1].documents, small, large)
    return 1 if any(r.code != 0 for runs in results for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
