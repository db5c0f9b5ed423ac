"""Throughput on every core: end-to-end words per second of `make run` on 1 core and on 2, and of the NLP
stage alone at the same worker counts.

The corpus is the 300 devset plain-text dumps (../shared/devset/txt, see its README) copied as often as
needed for at least 2 minutes of single-worker work (measured on a sample first), as text dumps under
raw/world_desk/ of a temporary project. The cleaner would take blocks repeated in 3 or more documents of
a source for boilerplate and drop them, so each copy after the first has about one lower-case word in
eight of every block replaced by another word of the same page (seeded): its paragraphs, and so its
block fingerprints and MinHash shingles, are its own, while menus and footers made of short or
capitalised words stay as repeated as on a real site. Near-duplicates that the cleaner still flags are
analyzed all the same (documents_to_analyze takes every document of the run); the bench prints how many
documents were flagged and how many got sentences.

Each end-to-end run starts from an EMPTY warehouse and Dagster instance and takes make run's code path:
a subprocess `python -m pipelines.run` with NEWS_PROJECT_DIR and NEWS_WAREHOUSE_DIR pointing at the
temporary project, four times: one worker (NEWS_PARALLEL_BATCHES=1, NEWS_NLP_PROCESSES=1); two workers
the default way (one batch at a time, its cleaning and NLP steps on a pool of two worker processes:
NEWS_PARALLEL_BATCHES=1, NEWS_NLP_PROCESSES=2); and two batches side by side, one process each
(NEWS_PARALLEL_BATCHES=2, NEWS_NLP_PROCESSES=1), the alternative the default was chosen against; and one
worker again with the run pinned to one core (CPU affinity), since unpinned it still gets the other cores
for DuckDB's threads and the quality-check worker: 2 workers over that run is what a second core gives. Words
are the sum of documents.word_count as published, read with a read-only analyst connection. The NLP stage
alone runs the Analyzer over the same published body texts and block spans, in this process, no
warehouse (pinned to one core as well for the pinned run).

Each run's CPU is the machine's busy time meanwhile (/proc/stat), so on a quiet machine it is the work of all
the run's processes, wherever it ran; the NLP stage alone is measured the same way. The difference is what
the rest of the pipeline costs in CPU, and it bounds the ratio below: a run cannot be shorter than its CPU
seconds over its cores.

Targets (issue 11): 2 workers / 1 worker end to end >= 1.7x; end to end / NLP alone >= 0.8x at each
worker count (the NLP stage's seconds alone over the run's seconds, on the same documents). The machine
may be shared: figures are indicative. Never asserted in tests. Its speed also drifts by some percent
within minutes, so a closing line gives each single-batch run's own NLP step over its wall time, a share
taken within one run.

Usage: python bench/throughput.py [--copies N] [--quick] [--keep]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.make_run import machine_busy_seconds, make_run_env, step_times  # noqa: E402
from pipelines.nlp import Analyzer, BodySpan  # noqa: E402
from pipelines.pool import usable_cores  # noqa: E402
from pipelines.settings import WarehousePaths  # noqa: E402
from pipelines.store.database import open_analyst  # noqa: E402

DEVSET = REPO.parent / "shared" / "devset"
SOURCE = "world_desk"
SOURCE_FOLDERS = ("crawl_warc", "newswire_jsonl", "opinion_blog", "web_html", "world_desk")
TARGET_SECONDS = 120.0  # of single-worker work, end to end
QUICK_DUMPS = 60
WORKER_COUNTS = (1, 2)
# (label, workers, NEWS_PARALLEL_BATCHES, NEWS_NLP_PROCESSES, pinned to one core): make run's ways of using
# the cores. Unpinned, the 1-worker run still has the machine's other cores for DuckDB's threads and the
# quality-check worker; pinned, it is what one core gives: the like-with-like base of scaling to 2 cores.
CONFIGS = (
    ("1 worker", 1, "1", "1", False),
    ("2 workers, in the cleaning and NLP steps (default)", 2, "1", "2", False),
    ("2 workers, batches side by side", 2, "2", "1", False),
    ("1 worker on one core", 1, "1", "1", True),
)
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_RUN_ID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


@dataclass
class EndToEnd:
    label: str
    workers: int
    pinned: bool = False  # to one core
    wall: float = 0.0
    cpu: float | None = None  # CPU seconds the machine was busy during the run (all its processes)
    code: int = 0
    words: int = 0
    documents: int = 0
    analyzed: int = 0
    near_duplicates: int = 0
    runs: int = 0  # make run runs one Dagster run per batch of new files
    steps: dict[str, float] = field(default_factory=dict)
    log: str = ""

    @property
    def nlp_seconds(self) -> float:
        """The NLP steps' seconds, summed over the run's batches."""
        return sum(seconds for step, seconds in self.steps.items() if step.endswith("__nlp"))


def load_dumps(limit: int | None) -> list[tuple[str, str]]:
    """(page id, naive plain-text dump) of the devset pages, in id order."""
    paths = sorted((DEVSET / "txt").glob("*.txt"))
    dumps = [(p.stem, p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")) for p in paths]
    return dumps[:limit] if limit else dumps


def reworded(text: str, seed: str) -> str:
    """The page with about one lower-case word in eight of each line swapped for another of its words."""
    rng = random.Random(seed)
    vocabulary = sorted(set(_LOWER_WORD.findall(text))) or ["word"]

    def swap(match: re.Match[str]) -> str:
        return rng.choice(vocabulary) if rng.random() < 0.125 else match.group()

    return "\n".join(_LOWER_WORD.sub(swap, line) for line in text.split("\n"))


def write_corpus(project: Path, dumps: list[tuple[str, str]], copies: int) -> int:
    """raw/world_desk/copyNN/<id>.txt for each copy (copy 0 as it is), other sources' folders empty."""
    for name in SOURCE_FOLDERS:
        (project / "raw" / name).mkdir(parents=True, exist_ok=True)
    written = 0
    for copy in range(copies):
        folder = project / "raw" / SOURCE / f"copy{copy:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for page, text in dumps:
            body = text if copy == 0 else reworded(text, f"{copy}:{page}")
            (folder / f"{page}.txt").write_text(body, encoding="utf-8")
            written += 1
    return written


def seconds_per_copy(dumps: list[tuple[str, str]], sample: int = 30) -> float:
    """Single-core seconds that cleaning and analyzing one copy of the dumps takes, from a sample."""
    from pipelines.clean import clean_text

    analyzer = Analyzer(n_process=1)
    picked = dumps[:: max(1, len(dumps) // sample)][:sample]
    started = time.perf_counter()
    docs = []
    for page, text in picked:
        cleaned = clean_text(text, recurring=frozenset())
        spans = [
            BodySpan(b.index, b.body_start, b.body_end, b.kind == "heading")
            for b in cleaned.blocks
            if b.kept and b.body_start is not None and b.body_end is not None
        ]
        docs.append((page, cleaned.body_text, spans))
    for _ in analyzer.analyze(docs):
        pass
    elapsed = time.perf_counter() - started
    sample_words = sum(len(text.split()) for _, text in picked)
    return elapsed * sum(len(text.split()) for _, text in dumps) / max(1, sample_words)


def one_core() -> set[int]:
    return {min(os.sched_getaffinity(0))}


def end_to_end(root: Path, project: Path, config: tuple[str, int, str, str, bool]) -> EndToEnd:
    """One `python -m pipelines.run` from an empty warehouse and instance; words from the published lake."""
    label, workers, batches, nlp, pinned = config
    result = EndToEnd(label, workers, pinned)
    base = root / f"run-{batches}-{nlp}{'-pinned' if pinned else ''}"
    shutil.rmtree(base, ignore_errors=True)
    warehouse, home = base / "warehouse", base / "dagster"
    (home / "storage").mkdir(parents=True)
    (home / "logs").mkdir(parents=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = make_run_env(project, warehouse, home, NEWS_PARALLEL_BATCHES=batches, NEWS_NLP_PROCESSES=nlp)
    busy = machine_busy_seconds()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.run"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        preexec_fn=(lambda: os.sched_setaffinity(0, one_core())) if pinned else None,
    )
    result.wall = time.perf_counter() - started
    result.cpu = cpu_since(busy)
    result.code = done.returncode
    result.log = done.stdout
    for run_id in dict.fromkeys(_RUN_ID.findall(result.log)):  # one run per batch
        for step, seconds in step_times(home / "storage", run_id)[0].items():
            result.steps[step] = result.steps.get(step, 0.0) + seconds
    result.runs = len(dict.fromkeys(_RUN_ID.findall(result.log)))
    if result.code == 0:
        con = open_analyst(WarehousePaths.under(project, warehouse))
        try:
            result.words, result.documents, result.near_duplicates = con.execute(
                "SELECT coalesce(sum(word_count), 0), count(*), count(near_duplicate_of) FROM documents"
            ).fetchone()
            (result.analyzed,) = con.execute("SELECT count(DISTINCT doc_id) FROM sentences").fetchone()
        finally:
            con.close()
    return result


def cpu_since(busy: float | None) -> float | None:
    """The machine's busy CPU seconds since an earlier machine_busy_seconds() reading."""
    now = machine_busy_seconds()
    return None if busy is None or now is None else now - busy


def cpu_text(cpu: float | None, wall: float) -> str:
    """How a run's CPU reads after its wall time ('' where /proc/stat is not there)."""
    return "" if cpu is None else f"; CPU {cpu:.0f} core-seconds, {cpu / wall:.2f} cores busy on average"


def published_docs(project: Path, warehouse: Path) -> list[tuple[str, str, list[BodySpan]]]:
    """The published documents with the spans of their kept blocks, as the NLP stage receives them."""
    con = open_analyst(WarehousePaths.under(project, warehouse))
    try:
        rows = con.execute(
            """
            SELECT d.doc_id, d.body_text,
                   list({'block_index': b.block_index, 'start': b.body_start, 'end': b.body_end,
                         'is_heading': b.kind = 'heading'} ORDER BY b.block_index)
                     FILTER (WHERE b.kept) AS spans
            FROM documents d LEFT JOIN blocks b USING (doc_id)
            GROUP BY d.doc_id, d.body_text
            ORDER BY d.doc_id
            """
        ).fetchall()
    finally:
        con.close()
    return [(doc_id, body, [BodySpan(**s) for s in spans or []]) for doc_id, body, spans in rows]


def nlp_alone(
    docs: list[tuple[str, str, list[BodySpan]]], workers: int, pinned: bool = False
) -> tuple[float, float | None]:
    """Seconds the Analyzer takes over the documents (model loaded beforehand, as the stage's resource), and
    the machine's CPU seconds meanwhile; pinned: with this process on one core meanwhile."""
    analyzer = Analyzer(n_process=workers)
    if workers == 1:
        _ = analyzer.nlp  # the stage's own process loads the model only when it does the NLP itself
    cores = os.sched_getaffinity(0)
    if pinned:
        os.sched_setaffinity(0, one_core())
    try:
        busy = machine_busy_seconds()
        started = time.perf_counter()
        analyzed = sum(1 for _ in analyzer.analyze(docs))
        elapsed = time.perf_counter() - started
        cpu = cpu_since(busy)
    finally:
        os.sched_setaffinity(0, cores)
    assert analyzed == len(docs)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=0, help="copies of the 300 dumps (0: enough for 2 min)")
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_DUMPS} dumps, one copy")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project folder")
    args = parser.parse_args()

    if not (DEVSET / "txt").is_dir():
        print(f"cannot run: the devset dumps are not at {DEVSET / 'txt'} (../shared is absent here)")
        return 2
    print(f"cores: {os.cpu_count()} on the machine, {usable_cores()} usable by this process")
    dumps = load_dumps(QUICK_DUMPS if args.quick else None)
    if args.copies:
        copies = args.copies
    elif args.quick:
        copies = 1
    else:
        per_copy = seconds_per_copy(dumps)
        copies = max(1, math.ceil(TARGET_SECONDS / per_copy))
        print(f"calibration: about {per_copy:.0f}s of single-core clean+NLP work per copy -> {copies} copies")

    root = Path(tempfile.mkdtemp(prefix="throughput-"))
    try:
        project = root / "project"
        files = write_corpus(project, dumps, copies)
        raw_words = sum(len(t.split()) for _, t in dumps) * copies
        print(f"corpus: {len(dumps)} dumps x {copies} copies = {files} files, {raw_words:,} raw words")

        runs: list[EndToEnd] = []
        for config in CONFIGS:
            run = end_to_end(root, project, config)
            runs.append(run)
            if run.code != 0:
                print(f"end to end, {run.label}: FAILED (exit {run.code}) after {run.wall:.1f}s")
                print("  " + "\n  ".join(run.log.strip().splitlines()[-30:]))
                return 1
            top = sorted(run.steps.items(), key=lambda item: -item[1])[:5]
            nlp = run.nlp_seconds
            print(
                f"end to end, {run.label}: {run.wall:.1f}s, {run.words:,} words published "
                f"({run.documents} documents, {run.analyzed} with sentences, {run.near_duplicates} flagged "
                f"near-duplicate) -> {run.words / run.wall:,.0f} words/s{cpu_text(run.cpu, run.wall)}"
            )
            print(
                f"  {run.runs} batch run(s); NLP steps {nlp:.1f}s (summed over the runs), the rest of the "
                f"wall time {max(0.0, run.wall - nlp):.1f}s; slowest: "
                + ", ".join(f"{step} {seconds:.1f}s" for step, seconds in top)
            )

        docs = published_docs(project, root / "run-1-1" / "warehouse")
        words = sum(len(body.split()) for _, body, _ in docs)
        alone: dict[tuple[int, bool], float] = {}
        alone_cpu: dict[tuple[int, bool], float | None] = {}
        for workers, pinned in sorted({(run.workers, run.pinned) for run in runs}):
            seconds, cpu = nlp_alone(docs, workers, pinned)
            alone[workers, pinned], alone_cpu[workers, pinned] = seconds, cpu
            print(
                f"NLP stage alone, {workers} worker(s){' on one core' if pinned else ''}: {seconds:.1f}s "
                f"over {len(docs)} documents, {words:,} words -> {words / seconds:,.0f} words/s"
                + cpu_text(cpu, seconds)
            )

        one, two = runs[0], runs[1]  # 1 worker and the default 2, both unpinned (CONFIGS' first rows)
        print()
        print(
            f"ratio NLP alone, 2 workers / 1: {alone[1, False] / alone[2, False]:.2f}x (what this machine's "
            "cores give the CPU-bound stage itself: the ceiling of the end-to-end ratio)"
        )
        for run in runs:
            if run.workers == 2:
                print(f"ratio end to end, {run.label} / 1 worker: {one.wall / run.wall:.2f}x (target >= 1.7)")
            elif run.pinned:
                ratio = run.wall / two.wall
                print(f"ratio end to end, {two.label} / {run.label}: {ratio:.2f}x (1 core to 2)")
        for run in runs:
            ratio = alone[run.workers, run.pinned] / run.wall
            print(f"ratio end to end / NLP alone, {run.label}: {ratio:.2f}x (target >= 0.8)")
        for run in runs:
            if run.runs == 1:  # batches side by side overlap their NLP steps: no such share
                nlp = run.nlp_seconds
                print(
                    f"within the run, {run.label}: its NLP step {nlp:.1f}s of {run.wall:.1f}s = "
                    f"{nlp / run.wall:.2f} (the same ratio, free of the machine's drift between runs)"
                )
        nlp_cpu = alone_cpu[two.workers, False]
        if two.cpu is not None and nlp_cpu is not None:
            cores = min(two.workers, usable_cores())
            shortest = two.cpu / cores
            print(
                f"\n{two.label}: the run's processes used {two.cpu:.0f} CPU-seconds, the NLP stage alone "
                f"{nlp_cpu:.0f}: the rest of the pipeline costs {two.cpu - nlp_cpu:.0f}. With {cores} cores "
                f"busy every moment the run would take {shortest:.1f}s, so end to end / NLP alone cannot "
                f"pass {alone[two.workers, False] / shortest:.2f}x unless the rest does less work"
            )
        return 0
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
