"""What a source is (folder, format, field mapping), checked before any file is touched."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("text", "html", "jsonl", "warc")
JSONL_FIELDS = ("text", "html", "title", "url", "authors", "published", "id")
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class SourceSpec:
    """One source of article dumps: a folder under raw/ holding files of one format (or archives of them)."""

    name: str
    folder: str  # relative to the project folder, e.g. "raw/world_desk"
    format: str  # "text" | "html" | "jsonl" | "warc"
    fields: Mapping[str, str] | None = None  # jsonl only: our field -> key in each JSON object
    max_file_bytes: int = 25_000_000
    allow_outside_raw: bool = False
    cron: str | None = None


class SourceSpecError(ValueError):
    """A source definition that cannot work; .field names the setting at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"source setting '{field}': {message}")
        self.field = field


def validate_spec(spec: SourceSpec, project_dir: Path) -> None:
    """Raise SourceSpecError for the first setting that is wrong, so a bad YAML fails at load time."""
    if not isinstance(spec.name, str) or not _NAME.fullmatch(spec.name):
        raise SourceSpecError(
            "name", f"{spec.name!r} is not a valid name: use lower-case letters, digits and '_', letter first"
        )
    if spec.format not in FORMATS:
        raise SourceSpecError(
            "format", f"unknown format {spec.format!r}; expected one of {', '.join(FORMATS)}"
        )
    _validate_folder(spec, project_dir)
    _validate_fields(spec)
    if (
        isinstance(spec.max_file_bytes, bool)
        or not isinstance(spec.max_file_bytes, int)
        or spec.max_file_bytes <= 0
    ):
        raise SourceSpecError(
            "max_file_bytes", f"must be a positive number of bytes, got {spec.max_file_bytes!r}"
        )


def _validate_folder(spec: SourceSpec, project_dir: Path) -> None:
    if not spec.folder or not isinstance(spec.folder, str):
        raise SourceSpecError("folder", "is empty; give a folder such as 'raw/<source>'")
    if spec.allow_outside_raw:
        return
    raw = (project_dir / "raw").resolve()
    folder = (project_dir / spec.folder).resolve()
    if folder == raw or raw not in folder.parents:
        raise SourceSpecError(
            "folder",
            f"{spec.folder!r} is not a folder under raw/ (resolves to {folder}); "
            "move the dumps under raw/<source>/ or set allow_outside_raw",
        )


def _validate_fields(spec: SourceSpec) -> None:
    if spec.format != "jsonl":
        if spec.fields:
            raise SourceSpecError(
                "fields", f"a field mapping only applies to jsonl sources, not {spec.format!r}"
            )
        return
    fields = spec.fields or {}
    unknown = sorted(set(fields) - set(JSONL_FIELDS))
    if unknown:
        raise SourceSpecError(
            "fields", f"unknown field(s) {', '.join(unknown)}; expected some of {', '.join(JSONL_FIELDS)}"
        )
    content = [key for key in ("text", "html") if fields.get(key)]
    if not content:
        raise SourceSpecError(
            "fields", "a jsonl source must map 'text' or 'html' to the key holding the article"
        )
    if len(content) == 2:
        raise SourceSpecError(
            "fields", "map 'text' or 'html', not both: one field decides which cleaner runs"
        )
    for ours, theirs in fields.items():
        if not isinstance(theirs, str) or not theirs:
            raise SourceSpecError(
                "fields", f"field {ours!r} must map to a non-empty key name, got {theirs!r}"
            )
