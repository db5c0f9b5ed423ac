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
    max_archive_bytes: int = 200_000_000  # all members of one archive (or a .jsonl.gz) inflated together
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
    for field in ("max_file_bytes", "max_archive_bytes"):
        value = getattr(spec, field)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise SourceSpecError(field, f"must be a positive number of bytes, got {value!r}")
    _validate_cron(spec.cron)


def _validate_cron(cron: str | None) -> None:
    """Five fields of digits, names, '*', ',', '-' and '/': the shape of a cron line, checked at load time.

    The component also asks Dagster's own cron check; this one keeps the plain package free of Dagster.
    """
    if cron is None:
        return
    if not isinstance(cron, str) or not cron.strip():
        raise SourceSpecError("cron", f"must be a cron line such as '0 6 * * *', got {cron!r}")
    fields = cron.split()
    if len(fields) != 5:
        raise SourceSpecError(
            "cron",
            f"{cron!r} has {len(fields)} field(s); a cron line has 5 (minute hour day month weekday), "
            "e.g. '0 6 * * *'",
        )
    for field, (name, low, high) in zip(fields, _CRON_FIELDS, strict=True):
        problem = _cron_field_problem(field, low, high)
        if problem is not None:
            raise SourceSpecError("cron", f"{cron!r}: {name} field {field!r} {problem}")


_CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("weekday", 0, 7))
_CRON_PART = re.compile(r"(\*|[0-9]+|[a-z]{3})(?:-([0-9]+|[a-z]{3}))?(?:/([0-9]+))?", re.IGNORECASE)


def _cron_field_problem(field: str, low: int, high: int) -> str | None:
    for part in field.split(","):
        match = _CRON_PART.fullmatch(part)
        if match is None:
            return "is not a number, a range, a list, '*' or a step"
        for value in (match[1], match[2]):
            if value is not None and value.isdigit() and not low <= int(value) <= high:
                return f"has {value}, outside {low}-{high}"
        if match[3] is not None and int(match[3]) == 0:
            return "has a step of 0"
    return None


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
