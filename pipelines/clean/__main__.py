"""python -m pipelines.clean INPUT_DIR OUTPUT_DIR [--format text|html]

For each input file writes <stem>.txt (exactly the body text) and <stem>.json (metadata, every block
with its kind and reason, and the comments)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .cleaner import clean_text
from .html import clean_html
from .records import CleanDocument

HTML_SUFFIXES = (".html", ".htm")


def to_json(doc: CleanDocument) -> dict:
    data = asdict(doc)
    data.pop("body_text")
    data["published_date"] = doc.published_date.isoformat() if doc.published_date else None
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.clean", description=__doc__.split("\n\n")[0])
    ap.add_argument("input_dir", type=Path)
    ap.add_argument("output_dir", type=Path)
    ap.add_argument(
        "--format",
        choices=("text", "html"),
        default="text",
        help="text: every non-HTML file; html: *.html, *.htm",
    )
    args = ap.parse_args(argv)
    if not args.input_dir.is_dir():
        ap.error(f"no such folder: {args.input_dir}")
    args.output_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(
        p
        for p in args.input_dir.iterdir()
        if p.is_file() and (p.suffix.lower() in HTML_SUFFIXES) == (args.format == "html")
    )
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        doc = clean_html(raw) if args.format == "html" else clean_text(raw)
        (args.output_dir / f"{path.stem}.txt").write_text(doc.body_text, encoding="utf-8")
        (args.output_dir / f"{path.stem}.json").write_text(
            json.dumps(to_json(doc), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    print(f"cleaned {len(files)} file(s) into {args.output_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
