"""Hand-labelled dumps (the shared seeds and the team's samples) and what their labels imply."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS_GOLD = REPO.parent / "shared" / "gold" / "seeds.json"
SAMPLES_GOLD = REPO / "tests" / "fixtures" / "samples_gold.json"
KEPT = ("body", "heading")


def labelled_dumps() -> list[tuple[str, dict, Path]]:
    """(id, gold, file) for every labelled dump present: the seeds when ../shared exists, and the samples."""
    found = []
    for gold_file, folder in ((SEEDS_GOLD, REPO.parent / "shared" / "seeds"), (SAMPLES_GOLD, REPO / "raw")):
        if gold_file.exists():
            documents = json.loads(gold_file.read_text(encoding="utf-8"))["documents"]
            found += [(name, gold, folder / name) for name, gold in sorted(documents.items())]
    return found


def expected_body_lines(raw: str, gold: dict) -> list[str]:
    """The body and heading lines, stripped, with a labelled dateline prefix cut off."""
    raw_lines = raw.split("\n")
    prefixes = gold.get("dateline_prefix", {})
    expected = []
    for number in sorted((int(n) for n, kind in gold["lines"].items() if kind in KEPT)):
        line = raw_lines[number - 1].strip()
        prefix = prefixes.get(str(number))
        if prefix:
            assert line.startswith(prefix), (number, prefix)
            line = line[len(prefix) :].strip()
        expected.append(line)
    return expected
