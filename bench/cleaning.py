"""The cleaner on both dev sets, next to the baselines of the same run: does it generalise?

Usage: .venv/bin/python bench/cleaning.py [--sets devset devset-modern] [--skip-html] [--alternatives]
                                          [--out DIR]

For each dev set (../shared/devset: Dragnet 2012 pages; ../shared/devset-modern: 2015-2024 pages) and each
input it prints body F1/P/R, scored by the sets' own score.py (../shared/devset/score.py):
  * plain-text dumps (txt/): the raw dump unmodified, and the project (clean_text);
  * HTML pages (html/): trafilatura alone with its defaults (`extract(html)`, which keeps comments),
    trafilatura alone without comments (`include_comments=False`), and the project (clean_html);
    --alternatives adds the project's HTML path under other extraction options (HtmlOptions), side by side;
  * comments F1 on the pages that have a comments gold (the 2012 set): the Comment objects, as the
    comments table holds them;
  * speed: MB of plain text per second of CPU time on one core (clean_text, best of SPEED_REPEATS passes),
    and HTML pages per second.
--out DIR writes one per-page CSV per (set, input, method) row of the table, and summary.csv, so that a
regression on one page can be found; the project's HTML rows say how each page's text was taken (the
documents.extraction column). A set whose folder is missing is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.clean import clean_html, clean_text  # noqa: E402
from pipelines.clean.html import DEFAULT_OPTIONS, HtmlOptions  # noqa: E402
from pipelines.clean.records import CleanDocument  # noqa: E402

SHARED = ROOT.parent / "shared"
DEVSETS = {"devset": SHARED / "devset", "devset-modern": SHARED / "devset-modern"}
SCORER = SHARED / "devset" / "score.py"

# the project's HTML path under other extraction options (--alternatives); "project" is DEFAULT_OPTIONS
ALTERNATIVES: dict[str, HtmlOptions] = {
    "alt: defaults": HtmlOptions(),
    "alt: defaults, no classifier": HtmlOptions(classify_blocks=False),
    "alt: defaults, no classifier/headline": HtmlOptions(classify_blocks=False, headline=False),
    "alt: no fallbacks (fast)": HtmlOptions(fast=True),
    "alt: favor_precision": HtmlOptions(favor_precision=True),
    "alt: favor_recall": HtmlOptions(favor_recall=True),
    "alt: favor_recall, no tables": HtmlOptions(favor_recall=True, include_tables=False),
    "alt: no tables": HtmlOptions(include_tables=False),
    "alt: favor_recall, no layout-table retry": HtmlOptions(favor_recall=True, layout_tables=False),
    "alt: favor_recall, trafilatura comments only": HtmlOptions(favor_recall=True, dump_comments=False),
}

Scorer = Callable[[str, str], dict]
SPEED_REPEATS = (
    3  # clean_text speed: the best of this many passes (the machine is shared; CPU time still varies)
)


def load_scorer() -> Scorer | None:
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("devset_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_page


@dataclass
class Row:
    devset: str
    input: str
    method: str
    f1: float
    p: float
    r: float
    pages: int
    empty: int
    per_page: list[dict] = field(default_factory=list)


def score(
    score_page: Scorer, golds: dict[str, str], preds: dict[str, str]
) -> tuple[float, float, float, list]:
    """score.py's aggregate: precision averaged over non-empty predictions, recall over all pages."""
    rows = []
    for i, g in golds.items():
        r = score_page(g, preds.get(i, ""))
        r["id"] = i
        rows.append(r)
    ps = [r["precision"] for r in rows if r["precision"] is not None]
    rs = [r["recall"] or 0.0 for r in rows if r["recall"] is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r, rows


def redecode(text: str) -> str:
    """Gold read as Latin-1 when it was UTF-8 ('donâ\x80\x99t' for 'don’t'), line by line undone; lines
    that do not round-trip are left as they are."""
    out = []
    for line in text.split("\n"):
        try:
            out.append(line.encode("latin-1").decode("utf-8"))
        except (UnicodeEncodeError, UnicodeDecodeError):
            out.append(line)
    return "\n".join(out)


def comment_text(doc: CleanDocument) -> str:
    """What the comments table holds: each Comment as its author line (when known) and its text."""
    return "\n\n".join((f"{c.author}\n{c.text}" if c.author else c.text) for c in doc.comments)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _trafilatura(html: str, include_comments: bool) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=include_comments) or ""


def _timed(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


class Bench:
    def __init__(self, score_page: Scorer) -> None:
        self.score_page = score_page
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.redecoded: dict[str, str] = {}  # the current set's gold, re-decoded, when it is mojibake

    def add(
        self,
        devset: str,
        input_: str,
        method: str,
        golds: dict[str, str],
        preds: dict[str, str],
        extractions: dict[str, str] | None = None,
        *,
        redo: bool = True,
    ) -> Row:
        """Score one method; `extractions`: how the project took each page's text (documents.extraction).
        With `redo`, also against the re-decoded gold when the set's gold has mojibake (a `<set>*` row)."""
        f1, p, r, per_page = score(self.score_page, golds, preds)
        for page in per_page:
            page["extraction"] = (extractions or {}).get(page["id"], "")
        empty = sum(1 for x in per_page if not x["pred_shingles"])
        row = Row(devset, input_, method, f1, p, r, len(golds), empty, per_page)
        self.rows.append(row)
        print(
            f"  {devset:<14} {input_:<9} {method:<40} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  "
            f"pages {len(golds)}" + (f"  empty {empty}" if empty else ""),
            flush=True,
        )
        redo = redo and not devset.endswith("*") and not method.startswith("comments")
        if redo and self.redecoded and golds.keys() <= self.redecoded.keys():
            self.add(devset + "*", input_, method, {i: self.redecoded[i] for i in golds}, preds, extractions)
        return row

    def run_set(self, name: str, folder: Path, html: bool, alternatives: bool) -> None:
        gold_paths = sorted(
            p for p in (folder / "gold").glob("*.txt") if not p.name.endswith(".comments.txt")
        )
        golds = {p.stem: _read(p) for p in gold_paths}
        comments_gold = {
            i: _read(folder / "gold" / f"{i}.comments.txt")
            for i in golds
            if (folder / "gold" / f"{i}.comments.txt").exists()
        }
        fixed = {i: redecode(g) for i, g in golds.items()}
        changed = sum(fixed[i] != golds[i] for i in golds)
        self.redecoded = fixed if changed else {}
        if changed:
            self.notes.append(
                f"{name}*: the same predictions against the gold re-decoded as UTF-8: {changed} of "
                f"{len(golds)} gold files read as Latin-1 when built (mojibake such as 'donâ\x80\x99t'), "
                "which no correct extractor can match"
            )
            # the re-decoded gold as if it were an extractor's output: the best any correct one can score
            self.add(name, "gold", "the gold re-decoded (a correct extractor)", golds, fixed, redo=False)
        txt_dir, html_dir = folder / "txt", folder / "html"
        if txt_dir.is_dir():
            raws = {i: _read(txt_dir / f"{i}.txt") for i in golds}
            docs = {i: clean_text(raw) for i, raw in raws.items()}
            seconds = min(
                _timed(lambda: [clean_text(raw) for raw in raws.values()]) for _ in range(SPEED_REPEATS)
            )
            megabytes = sum(len(r.encode("utf-8")) for r in raws.values()) / 1e6
            self.add(name, "dump", "raw dump", golds, raws)
            self.add(name, "dump", "project (clean_text)", golds, {i: d.body_text for i, d in docs.items()})
            if comments_gold:
                preds = {i: comment_text(docs[i]) for i in comments_gold}
                self.add(name, "dump", "comments: project", comments_gold, preds)
            self.notes.append(
                f"{name}: clean_text {megabytes:.1f} MB of plain text in {seconds:.2f} s CPU = "
                f"{megabytes / seconds:.2f} MB/s"
            )
        else:
            self.notes.append(f"{name}: no {txt_dir}, dumps skipped")
        if not html:
            return
        if not html_dir.is_dir():
            self.notes.append(f"{name}: no {html_dir}, HTML skipped")
            return
        pages = {i: _read(html_dir / f"{i}.html") for i in golds}
        self.add(
            name, "HTML", "trafilatura defaults", golds, {i: _trafilatura(h, True) for i, h in pages.items()}
        )
        self.add(
            name,
            "HTML",
            "trafilatura, no comments",
            golds,
            {i: _trafilatura(h, False) for i, h in pages.items()},
        )
        start = time.process_time()
        docs = {i: clean_html(h) for i, h in pages.items()}
        seconds = time.process_time() - start
        extractions = {i: d.extraction for i, d in docs.items()}
        bodies = {i: d.body_text for i, d in docs.items()}
        self.add(name, "HTML", "project (clean_html)", golds, bodies, extractions)
        self.notes.append(
            f"{name}: HTML text taken by "
            + ", ".join(f"{way} {n}" for way, n in Counter(extractions.values()).most_common())
        )
        if comments_gold:
            self.add(
                name,
                "HTML",
                "comments: project",
                comments_gold,
                {i: comment_text(docs[i]) for i in comments_gold},
            )
        rate = len(pages) / seconds
        self.notes.append(
            f"{name}: clean_html {len(pages)} pages in {seconds:.1f} s CPU = {rate:.1f} pages/s"
        )
        if alternatives:
            for method, options in ALTERNATIVES.items():
                if options == DEFAULT_OPTIONS:
                    method += " (= project)"
                preds = {i: clean_html(h, options=options).body_text for i, h in pages.items()}
                self.add(name, "HTML", method, golds, preds)

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        cols = ["id", "precision", "recall", "f1", "tp", "pred_shingles", "gold_shingles", "extraction"]
        with (out / "summary.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(
                ["devset", "input", "method", "f1", "precision", "recall", "pages", "empty", "per_page_csv"]
            )
            for row in self.rows:
                name = f"{row.devset.replace('*', ' redecoded')} {row.input} {row.method}"  # apart from <set>
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                w.writerow(
                    [row.devset, row.input, row.method, f"{row.f1:.4f}", f"{row.p:.4f}", f"{row.r:.4f}"]
                    + [row.pages, row.empty, f"{slug}.csv"]
                )
                with (out / f"{slug}.csv").open("w", newline="", encoding="utf-8") as page_fh:
                    pw = csv.writer(page_fh)
                    pw.writerow(cols)
                    for r in row.per_page:
                        pw.writerow(
                            [
                                "" if r[c] is None else (f"{r[c]:.4f}" if isinstance(r[c], float) else r[c])
                                for c in cols
                            ]
                        )

    def table(self) -> str:
        lines = ["| set | input | method | F1 | P | R | pages |", "|---|---|---|---|---|---|---|"]
        for r in self.rows:
            lines.append(
                f"| {r.devset} | {r.input} | {r.method} | {r.f1:.3f} | {r.p:.3f} | {r.r:.3f} | {r.pages}"
                + (f" ({r.empty} empty)" if r.empty else "")
                + " |"
            )
        return "\n".join(lines + [""] + self.notes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sets", nargs="+", choices=sorted(DEVSETS), default=list(DEVSETS), help="dev sets to run"
    )
    ap.add_argument(
        "--skip-html", action="store_true", help="leave out the HTML rows (trafilatura, the slow part)"
    )
    ap.add_argument(
        "--alternatives", action="store_true", help="also the HTML path under other extraction options"
    )
    ap.add_argument("--out", type=Path, help="folder for per-page CSVs (one per row) and summary.csv")
    args = ap.parse_args(argv)
    score_page = load_scorer()
    if score_page is None:
        print(f"skipped: no scorer at {SCORER}")
        return 0
    bench = Bench(score_page)
    for name in args.sets:
        folder = DEVSETS[name]
        if not (folder / "gold").is_dir():
            bench.notes.append(f"{name}: no dev set at {folder}, skipped")
            continue
        bench.run_set(name, folder, html=not args.skip_html, alternatives=args.alternatives)
    print()
    print(bench.table())
    if args.out:
        bench.write(args.out)
        print(f"per-page CSVs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
