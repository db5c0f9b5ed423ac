"""Reader throughput per format, against a bare read of the same bytes in the same run.

Run: .venv/bin/python bench/ingest.py [--mb 20]. Builds a corpus in a temp folder from the raw/ text samples.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.ingest import RawRecord, SourceSpec, read_source

PROJECT = Path(__file__).resolve().parents[1]
FALLBACK = "The council met on Tuesday to discuss the harbour wall and the ferry timetable. " * 20


def paragraphs() -> list[str]:
    """Paragraphs of the plain-text samples under raw/ (synthetic text if there are none)."""
    found = [
        block.strip()
        for path in sorted((PROJECT / "raw").rglob("*.txt"))
        for block in path.read_text(encoding="utf-8", errors="replace").split("\n\n")
        if block.strip()
    ]
    return found or [FALLBACK]


def article(rng: random.Random, pool: list[str], size: int = 8000) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice(pool))
    return "\n\n".join(parts) + "\n"


def html_page(text: str, n: int) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Story {n}</title>'
        f'<link rel="canonical" href="https://bench.example/{n}"></head>'
        f"<body><nav>Home | News</nav><article>{body}</article><footer>Follow us</footer></body></html>"
    )


def build_corpus(root: Path, megabytes: float, rng: random.Random) -> None:
    pool = paragraphs()
    target = int(megabytes * 1_000_000)
    folders = {name: root / "raw" / name for name in ("text", "html", "jsonl", "warc")}
    for folder in folders.values():
        folder.mkdir(parents=True)

    written, n = 0, 0
    while written < target:
        data = article(rng, pool).encode("utf-8")
        (folders["text"] / f"{n:05d}.txt").write_bytes(data)
        written, n = written + len(data), n + 1

    written, n = 0, 0
    while written < target:
        data = html_page(article(rng, pool), n).encode("utf-8")
        (folders["html"] / f"{n:05d}.html").write_bytes(data)
        written, n = written + len(data), n + 1

    written, n = 0, 0
    while written < target:
        lines = [
            json.dumps({"id": f"{n}-{i}", "body": article(rng, pool), "title": f"Story {i}"})
            for i in range(200)
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folders["jsonl"] / f"{n:03d}.jsonl").write_bytes(data)
        written, n = written + len(data), n + 1

    written, n = 0, 0
    while written < target:
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True)
        for i in range(200):
            page = html_page(article(rng, pool), i).encode("utf-8")
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://bench.example/{n}/{i}", "response", payload=io.BytesIO(page), http_headers=http
                )
            )
        (folders["warc"] / f"{n:03d}.warc.gz").write_bytes(out.getvalue())
        written, n = written + len(out.getvalue()), n + 1


def bare_read(folder: Path) -> int:
    """The baseline: walk the folder and read every file's bytes, nothing else."""
    total = 0
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            total += len((Path(directory) / name).read_bytes())
    return total


def bare_read_gunzip(folder: Path) -> int:
    """Baseline for compressed formats: read and inflate every file."""
    return sum(len(gzip.decompress(path.read_bytes())) for path in sorted(folder.iterdir()))


def best_of(runs: int, work: Callable[[], int]) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size per format, in MB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_corpus(root, args.mb, random.Random(42))
        print(
            f"{'format':<6} {'MB':>7} {'docs':>6} {'bare MB/s':>10} {'reader MB/s':>12} {'reader/bare':>12}"
        )
        fields = {"jsonl": {"text": "body", "title": "title", "id": "id"}}
        for fmt in ("text", "html", "jsonl", "warc"):
            folder = root / "raw" / fmt
            spec = SourceSpec(name=f"bench_{fmt}", folder=f"raw/{fmt}", format=fmt, fields=fields.get(fmt))
            bare_seconds, size = best_of(args.runs, lambda folder=folder: bare_read(folder))

            def read_all(spec: SourceSpec = spec) -> int:
                records = list(read_source(spec, root))
                assert all(isinstance(r, RawRecord) for r in records)
                return len(records)

            reader_seconds, docs = best_of(args.runs, read_all)
            mb = size / 1_000_000
            print(
                f"{fmt:<6} {mb:7.1f} {docs:6d} {mb / bare_seconds:10.0f} {mb / reader_seconds:12.1f}"
                f" {bare_seconds / reader_seconds:12.3f}"
            )
            if fmt == "warc":
                gunzip_seconds, _ = best_of(args.runs, lambda folder=folder: bare_read_gunzip(folder))
                print(f"{'':<6} warc reader vs read+gunzip baseline: {gunzip_seconds / reader_seconds:.3f}")


if __name__ == "__main__":
    main()
