"""One very long document through `make run`, at two sizes: every stage must cost in proportion to the
text (issue 12: a 20 MB dump once took 4 minutes to clean and over 6 in one check, growing with the
square of its blocks).

The text is generated here (seeded): a title line, then paragraphs of plain sentences over a small
vocabulary with a few capitalised names, as one plain-text dump under raw/world_desk/ of a temporary
project. Each size runs from an empty warehouse and Dagster instance through `python -m pipelines.run`
(make run's code path) with a quality.yaml whose per-document bounds admit such a document
(NEWS_QUALITY_CONFIG); with the shipped one it is quarantined by the audit instead, after the same work.

Prints, per size: the wall time, seconds per MB, the published words, sentences and mentions, and the
seconds of each step; then each step's seconds per MB at the largest size over the smallest (1.0 is
linear; a quadratic step shows the ratio of the sizes). Never asserted in tests.

Usage: python bench/long_document.py [--sizes 2 20] [--keep]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.make_run import make_run_env, step_times  # noqa: E402
from pipelines.quality.config import CONFIG_ENV, DEFAULT_CONFIG_PATH  # noqa: E402
from pipelines.settings import WarehousePaths  # noqa: E402
from pipelines.store.database import open_analyst  # noqa: E402

SOURCE = "world_desk"
SENTENCE_WORDS = (
    "the council said new plan would change how the city pays for roads and schools over next ten years "
    "officials expect vote after long debate in which residents asked about taxes water prices and rent "
    "report found that most families spend more on energy than they did before winter began this year"
)
WORDS = tuple(SENTENCE_WORDS.split())
RUN_ID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
NAMES = ("Ada Morrow", "Harbor Trust", "Lisbon", "Peter Quill", "Northgate Bank", "Oslo", "Mara Lind")


def long_text(megabytes: float, seed: int = 7) -> str:
    """A plain-text article of about this many MB: a title, then paragraphs of 4 to 7 sentences."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts = ["A very long report on the city budget", ""]
    size = 0
    while size < target:
        sentences = []
        for _ in range(rng.randint(4, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        parts += [paragraph, ""]
        size += len(paragraph) + 2
    return "\n".join(parts)


@dataclass
class Measured:
    megabytes: float
    wall: float = 0.0
    code: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)


def run_once(megabytes: float, keep: bool) -> Measured:
    root = Path(tempfile.mkdtemp(prefix="long-document-"))
    try:
        folder = root / "project" / "raw" / SOURCE
        folder.mkdir(parents=True)
        text = long_text(megabytes)
        (folder / "long.txt").write_text(text, encoding="utf-8")
        quality = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
        quality["word_count"]["max"] = 10**9
        quality["sentences_per_document"]["max"] = 10**9
        (root / "quality.yaml").write_text(yaml.safe_dump(quality), encoding="utf-8")
        home = root / "dagster"
        home.mkdir()
        shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
        config = {CONFIG_ENV: str(root / "quality.yaml")}
        env = make_run_env(root / "project", root / "warehouse", home, **config)
        measured = Measured(len(text.encode("utf-8")) / 1_000_000)
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pipelines.run"], env=env, cwd=REPO, capture_output=True, text=True
        )
        measured.wall = time.perf_counter() - began
        measured.code = done.returncode
        if done.returncode:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        paths = WarehousePaths.under(root / "project", root / "warehouse")
        con = open_analyst(paths)
        try:
            row = con.execute(
                "SELECT (SELECT coalesce(sum(word_count), 0) FROM documents), "
                "(SELECT count(*) FROM sentences), (SELECT count(*) FROM entity_mentions), "
                "(SELECT count(*) FROM quarantine)"
            ).fetchone()
        finally:
            con.close()
        names = ("words", "sentences", "mentions", "quarantined")
        measured.counts = dict(zip(names, map(int, row), strict=True))
        for run_id in dict.fromkeys(RUN_ID.findall(done.stdout + done.stderr)):
            for step, seconds in step_times(home / "storage", run_id)[0].items():
                measured.steps[step] = measured.steps.get(step, 0.0) + seconds
        return measured
    finally:
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[2.0, 20.0], help="MB of text per run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args()
    results = [run_once(size, args.keep) for size in sorted(args.sizes)]
    print("| MB | wall s | s/MB | exit | words | sentences | mentions | quarantined |")
    print("|---|---|---|---|---|---|---|---|")
    for m in results:
        c = m.counts
        print(
            f"| {m.megabytes:.1f} | {m.wall:.1f} | {m.wall / m.megabytes:.1f} | {m.code} | {c['words']:,} | "
            f"{c['sentences']:,} | {c['mentions']:,} | {c['quarantined']} |"
        )
    small, large = results[0], results[-1]
    print(f"\nper step: seconds at {small.megabytes:.1f} and {large.megabytes:.1f} MB; s/MB large/small")
    print("| step | small s | large s | s/MB ratio |")
    print("|---|---|---|---|")
    for step in sorted(large.steps, key=lambda s: -large.steps[s]):
        low, high = small.steps.get(step, 0.0), large.steps[step]
        ratio = (high / large.megabytes) / (low / small.megabytes) if low else float("nan")
        print(f"| {step} | {low:.1f} | {high:.1f} | {ratio:.2f} |")
    whole = (large.wall / large.megabytes) / (small.wall / small.megabytes)
    print(f"\nwhole run s/MB large/small: {whole:.2f} (1.0 is linear; fixed costs make it lower)")
    return 0 if all(m.code == 0 for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
