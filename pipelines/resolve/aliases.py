"""The curated alias table: names no spelling rule can join ('America' -> 'United States'), kept as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.resolve.names import name_key

DEFAULT_ALIASES = Path(__file__).with_name("aliases.yaml")


@dataclass(frozen=True)
class AliasEntry:
    canonical: str
    label: str | None


@dataclass(frozen=True)
class AliasTable:
    """Normalised name key -> the curated entity it names."""

    by_key: dict[str, AliasEntry] = field(default_factory=dict)

    def lookup(self, name: str) -> AliasEntry | None:
        key = name_key(name)
        return self.by_key.get(key) or self.by_key.get(key.removeprefix("the "))


def load_aliases(path: Path | None = None) -> AliasTable:
    """The alias table from a YAML file (default: the shipped aliases.yaml); users extend it without code."""
    data = yaml.safe_load((path or DEFAULT_ALIASES).read_text(encoding="utf-8")) or {}
    by_key: dict[str, AliasEntry] = {}
    for item in data.get("entities", []):
        canonical = str(item["canonical"])
        label = item.get("label")
        entry = AliasEntry(canonical=canonical, label=str(label) if label else None)
        for name in [canonical, *(str(a) for a in item.get("aliases", []))]:
            key = name_key(name)
            for variant in {key, key.removeprefix("the ")}:
                if by_key.get(variant, entry) != entry:
                    raise ValueError(f"{path or DEFAULT_ALIASES}: {name!r} is listed under two entities")
                by_key[variant] = entry
    return AliasTable(by_key)
