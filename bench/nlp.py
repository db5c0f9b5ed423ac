"""NLP stage against a plain spaCy pass in the same process: speed ratio, NER recall, streaming memory.

Usage: .venv/bin/python bench/nlp.py [--docs N] [--n-process 2]
Texts come from ../shared/devset/gold/*.txt (read only for measuring) or, when absent, from raw/.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.nlp import Analyzer, body_spans  # noqa: E402
from pipelines.nlp.analyzer import DEFAULT_MODEL  # noqa: E402
from pipelines.resolve import MentionRef, resolve_entities  # noqa: E402

COMPARED_LABELS = {"PERSON", "ORG", "GPE", "LOC"}


def load_texts(limit: int | None) -> list[str]:
    """Article texts to measure on: the devset's human article texts, else plain files under raw/."""
    gold = ROOT.parent / "shared" / "devset" / "gold"
    paths = sorted(p for p in gold.glob("*.txt") if not p.name.endswith(".comments.txt"))
    if not paths:
        paths = sorted(p for p in (ROOT / "raw").rglob("*") if p.is_file() and p.suffix in {".txt", ".md"})
    texts = [p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n") for p in paths]
    texts = [t for t in texts if t.strip()]
    return texts[:limit] if limit else texts


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def project_stage(analyzer: Analyzer, docs: Iterator[tuple[str, str]]) -> int:
    """Sentences, mentions and resolution, as the pipeline runs them; returns the number of mentions."""
    refs: list[MentionRef] = []
    for doc in analyzer.analyze((doc_id, text, body_spans(text)) for doc_id, text in docs):
        refs.extend(MentionRef(doc.doc_id, m.index, m.name, m.label, m.text) for m in doc.mentions)
    resolve_entities(refs)
    return len(refs)


def memory_run(times: int, limit: int, n_process: int) -> None:
    """Child process: stream the corpus `times` over through the Analyzer; print peak RSS in MiB."""
    texts = load_texts(limit)
    analyzer = Analyzer(n_process=n_process)
    stream = ((f"{r}:{i}", t) for r in range(times) for i, t in enumerate(texts))
    count = 0
    for doc in analyzer.analyze((doc_id, text, body_spans(text)) for doc_id, text in stream):
        count += len(doc.mentions)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over execve from the (large) benchmark process
    status = Path("/proc/self/status").read_text()
    own = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{own:.1f} {children:.1f} {count}")


def peak_memory(times: int, limit: int, n_process: int) -> tuple[float, float]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--memory-run",
            str(times),
            "--docs",
            str(limit),
            "--n-process",
            str(n_process),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=0, help="use only the first N texts (0: all)")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--memory-docs", type=int, default=60, help="texts in the 1x memory run")
    parser.add_argument("--memory-run", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        memory_run(args.memory_run, args.docs, args.n_process)
        return

    import spacy

    texts = load_texts(args.docs or None)
    n_words = words(texts)
    print(f"texts: {len(texts)} documents, {n_words} words")

    plain = spacy.load(DEFAULT_MODEL)
    start = time.perf_counter()
    plain_spans = [
        {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in COMPARED_LABELS}
        for doc in plain.pipe(texts)
    ]
    plain_wps = n_words / (time.perf_counter() - start)
    print(f"plain nlp.pipe, full pipeline {plain.pipe_names}: {plain_wps:,.0f} words/s")

    analyzer = Analyzer(n_process=args.n_process)
    start = time.perf_counter()
    n_mentions = project_stage(analyzer, ((str(i), t) for i, t in enumerate(texts)))
    stage_wps = n_words / (time.perf_counter() - start)
    print(
        f"project stage (pySBD sentences + {analyzer.nlp.pipe_names} + cleaning + resolution, "
        f"n_process={args.n_process}): {stage_wps:,.0f} words/s, {n_mentions} mentions"
    )
    print(f"speed ratio: {stage_wps / plain_wps:.2f}x (target >= 2.0)")

    found = total = 0
    single = Analyzer(n_process=1)
    raw_spans = single.entity_spans((str(i), t, []) for i, t in enumerate(texts))
    for expected, (_, raw) in zip(plain_spans, raw_spans, strict=True):
        ours = {(r.start, r.end, r.label) for r in raw}
        total += len(expected)
        found += len(expected & ours)
    print(f"recall of plain PERSON/ORG/GPE/LOC spans before cleaning: {found}/{total} = {found / total:.2%}")

    limit = min(args.memory_docs, len(texts))
    for times in (1, 10):
        own, children = peak_memory(times, limit, args.n_process)
        docs = limit * times
        print(f"peak RSS at {times:>2}x input ({docs} docs): main {own:.0f} MiB, workers {children:.0f} MiB")


if __name__ == "__main__":
    main()
