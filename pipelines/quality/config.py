"""Thresholds and the boilerplate phrase list of the quality gate, read from warehouse/quality.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parents[2] / "warehouse" / "quality.yaml"
CONFIG_ENV = "NEWS_QUALITY_CONFIG"


def config_path() -> Path:
    """The quality.yaml in force: NEWS_QUALITY_CONFIG when set (a deployment's own), else the shipped one."""
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_PATH)


class QualityConfigError(ValueError):
    """quality.yaml is missing, malformed or holds a value out of range; the message names file and field."""


@dataclass(frozen=True)
class Bounds:
    """Inclusive lower and upper bound of a per-document count."""

    min: int
    max: int


@dataclass(frozen=True)
class QualityConfig:
    """What a run must meet to be published: shares, per-document bounds and forbidden phrases. Every
    value comes from quality.yaml (no defaults here, so the code cannot drift from the file)."""

    min_share_documents_with_title: float
    min_share_documents_with_sentence: float
    word_count: Bounds
    sentences_per_document: Bounds
    max_offending_rows: int
    max_share_quarantined: float
    boilerplate_phrases: tuple[str, ...]


def load_quality_config(path: Path | None = None) -> QualityConfig:
    """Read and validate the gate's thresholds, so a typo fails loudly before any run is checked."""
    path = config_path() if path is None else Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QualityConfigError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise QualityConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise QualityConfigError(f"{path}: expected a mapping of settings at the top level")
    reader = _FieldReader(path, data)
    config = QualityConfig(
        min_share_documents_with_title=reader.share("min_share_documents_with_title"),
        min_share_documents_with_sentence=reader.share("min_share_documents_with_sentence"),
        word_count=reader.bounds("word_count"),
        sentences_per_document=reader.bounds("sentences_per_document"),
        max_offending_rows=reader.count("max_offending_rows"),
        max_share_quarantined=reader.share("max_share_quarantined"),
        boilerplate_phrases=reader.phrases("boilerplate_phrases"),
    )
    reader.reject_unknown()
    return config


class _FieldReader:
    """Reads one field at a time and names the file and field in every error."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.seen: set[str] = set()

    def _error(self, field: str, problem: str) -> QualityConfigError:
        return QualityConfigError(f"{self.path}: field '{field}' {problem}")

    def _get(self, field: str) -> Any:
        self.seen.add(field)
        if field not in self.data:
            raise self._error(field, "is missing")
        return self.data[field]

    def share(self, field: str) -> float:
        value = self._get(field)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self._error(field, f"must be a number between 0 and 1, got {value!r}")
        return float(value)

    def count(self, field: str, value: Any = None, *, name: str | None = None) -> int:
        value = self._get(field) if name is None else value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._error(name or field, f"must be a whole number >= 0, got {value!r}")
        return value

    def bounds(self, field: str) -> Bounds:
        value = self._get(field)
        if not isinstance(value, dict) or set(value) != {"min", "max"}:
            raise self._error(field, f"must be a mapping with exactly 'min' and 'max', got {value!r}")
        low = self.count(field, value["min"], name=f"{field}.min")
        high = self.count(field, value["max"], name=f"{field}.max")
        if low > high:
            raise self._error(field, f"has min {low} above max {high}")
        return Bounds(low, high)

    def phrases(self, field: str) -> tuple[str, ...]:
        value = self._get(field)
        if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
            raise self._error(field, "must be a list of non-empty strings")
        return tuple(value)

    def reject_unknown(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self._error(unknown[0], "is not a known setting")
