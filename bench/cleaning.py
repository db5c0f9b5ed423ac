"""The cleaner on the dev set, next to the raw-dump baseline of the same run.

Usage: .venv/bin/python bench/cleaning.py [--skip-html]
Prints body F1/P/R on the plain-text dumps (txt/) and on the HTML pages (html/), comments F1 on the
pages with a comments gold (from the Comment objects, as the comments table holds them; the older
figure from all comment-kind blocks is printed under it as "(comment blocks)"), and plain-text speed
in MB/s of CPU time on one core. Scoring is the dev set's own score.py (../shared/devset); sections
whose data is missing are skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.clean import clean_html, clean_text  # noqa: E402
from pipelines.clean.records import CleanDocument  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset"


def load_scorer() -> Callable[[str, str], dict] | None:
    path = DEVSET / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("devset_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_page


def overall(
    score_page: Callable[[str, str], dict], pairs: list[tuple[str, str]]
) -> tuple[float, float, float]:
    """score.py's aggregate: precision averaged over non-empty predictions, recall over all pages."""
    rows = [score_page(gold, pred) for gold, pred in pairs]
    ps = [r["precision"] for r in rows if r["precision"] is not None]
    rs = [r["recall"] for r in rows if r["recall"] is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def line(name: str, scores: tuple[float, float, float], pages: int) -> str:
    f1, p, r = scores
    return f"  {name:<22} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  pages {pages}"


def comment_text(doc: CleanDocument) -> str:
    """What the comments table holds: each Comment as its author line (when known) and its text."""
    return "\n\n".join((f"{c.author}\n{c.text}" if c.author else c.text) for c in doc.comments)


def comment_block_text(doc: CleanDocument) -> str:
    """The older figure: every block classified as a comment, whether or not it reached a Comment."""
    return "\n".join(b.text for b in doc.blocks if b.kind == "comment")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--skip-html", action="store_true", help="leave out the HTML section (trafilatura, ~30 s)"
    )
    args = ap.parse_args(argv)
    score_page = load_scorer()
    if score_page is None or not (DEVSET / "gold").is_dir():
        print(f"skipped: no dev set at {DEVSET}")
        return 0
    gold_paths = sorted(p for p in (DEVSET / "gold").glob("*.txt") if not p.name.endswith(".comments.txt"))
    ids = [p.stem for p in gold_paths]
    gold = {i: p.read_text(encoding="utf-8", errors="replace") for i, p in zip(ids, gold_paths, strict=True)}
    comments_gold = {
        i: (DEVSET / "gold" / f"{i}.comments.txt").read_text(encoding="utf-8", errors="replace")
        for i in ids
        if (DEVSET / "gold" / f"{i}.comments.txt").exists()
    }

    txt_dir = DEVSET / "txt"
    if txt_dir.is_dir():
        raws = {i: (txt_dir / f"{i}.txt").read_text(encoding="utf-8", errors="replace") for i in ids}
        start = time.process_time()
        docs = {i: clean_text(raw) for i, raw in raws.items()}
        seconds = time.process_time() - start
        megabytes = sum(len(r.encode("utf-8")) for r in raws.values()) / 1e6
        print("plain-text dumps (txt/), body against gold:")
        print(line("raw dump (baseline)", overall(score_page, [(gold[i], raws[i]) for i in ids]), len(ids)))
        print(line("clean_text", overall(score_page, [(gold[i], docs[i].body_text) for i in ids]), len(ids)))
        print(f"comments ({len(comments_gold)} pages with a comments gold), comment text against it:")
        pairs = [(g, raws[i]) for i, g in comments_gold.items()]
        print(line("raw dump (baseline)", overall(score_page, pairs), len(pairs)))
        pairs = [(g, comment_text(docs[i])) for i, g in comments_gold.items()]
        print(line("clean_text comments", overall(score_page, pairs), len(pairs)))
        pairs = [(g, comment_block_text(docs[i])) for i, g in comments_gold.items()]
        print(line("  (comment blocks)", overall(score_page, pairs), len(pairs)))
        print(
            f"speed: {megabytes:.1f} MB of plain text in {seconds:.2f} s CPU = {megabytes / seconds:.2f} MB/s"
        )
    else:
        print(f"skipped plain text: no {txt_dir}")

    html_dir = DEVSET / "html"
    if args.skip_html:
        print("skipped HTML (--skip-html)")
    elif html_dir.is_dir():
        start = time.process_time()
        docs = {
            i: clean_html((html_dir / f"{i}.html").read_text(encoding="utf-8", errors="replace")) for i in ids
        }
        seconds = time.process_time() - start
        print("HTML pages (html/), body against gold:")
        print(line("clean_html", overall(score_page, [(gold[i], docs[i].body_text) for i in ids]), len(ids)))
        pairs = [(g, comment_text(docs[i])) for i, g in comments_gold.items()]
        print(line("clean_html comments", overall(score_page, pairs), len(pairs)))
        pairs = [(g, comment_block_text(docs[i])) for i, g in comments_gold.items()]
        print(line("  (comment blocks)", overall(score_page, pairs), len(pairs)))
        print(f"HTML speed: {len(ids) / seconds:.1f} pages/s CPU")
    else:
        print(f"skipped HTML: no {html_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
