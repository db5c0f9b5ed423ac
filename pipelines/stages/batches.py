"""Batches: new files cut into groups of bounded size, each loaded, audited and published on its own.

A batch is a Dagster dynamic partition (key like 20261202T083000-0001). Its manifest,
warehouse/batches/<key>.json, lists its files per source, so a retried batch reads exactly the files it
was planned with and planning knows which files already have a batch: a run reads its batch's files,
never the whole folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipelines.settings import WarehousePaths
from pipelines.stages.folder_changes import changed_files, folder_state

# files per batch: a batch run has a fixed cost of about 6 s (its Dagster steps, checks, resolution and
# publication; bench corpus of 900 dumps: 44.6 s in two batches, 38.5 s in one, on 2 workers), 7% of the
# minute and a half that 2,000 news pages take on 2 cores; the run's process peaked at 1.2 GB on 1,800
# of them (0.65 GB in batches of 450), and a failed batch's retry costs minutes, not hours
BATCH_FILES = 2000
BATCH_MEGABYTES = 256  # and bounded bytes, for sources of big archives or WARCs
MIN_SPREAD_FILES = 20  # fewer files per core stay one batch: a batch run has a fixed cost of seconds
KEY_PATTERN = re.compile(r"^\d{8}T\d{6}-\d{4}$")


class BatchError(ValueError):
    """A batch key without a manifest, or a manifest that cannot be read; the message says which."""


@dataclass(frozen=True)
class BatchLimits:
    """How big a batch may grow; NEWS_BATCH_FILES and NEWS_BATCH_MEGABYTES set them."""

    max_files: int = BATCH_FILES
    max_bytes: int = BATCH_MEGABYTES * 1_000_000
    spread: int = 1  # cut at least this many batches (of MIN_SPREAD_FILES files or more), to run at once

    @classmethod
    def from_env(cls, spread: int = 1) -> BatchLimits:
        values = {}
        for name, default in (("NEWS_BATCH_FILES", BATCH_FILES), ("NEWS_BATCH_MEGABYTES", BATCH_MEGABYTES)):
            raw = os.environ.get(name, str(default))
            if not raw.isdigit() or int(raw) < 1:
                raise BatchError(f"environment variable {name}: expected a positive integer, got {raw!r}")
            values[name] = int(raw)
        return cls(values["NEWS_BATCH_FILES"], values["NEWS_BATCH_MEGABYTES"] * 1_000_000, spread)


@dataclass(frozen=True)
class Batch:
    """One partition's work: for each source, file paths relative to the source folder."""

    key: str
    files: dict[str, list[str]] = field(default_factory=dict)
    planned_at: str = ""
    purpose: str = "new files"

    @property
    def file_count(self) -> int:
        return sum(len(paths) for paths in self.files.values())


def batches_dir(paths: WarehousePaths) -> Path:
    return paths.warehouse_dir / "batches"


def manifest_path(paths: WarehousePaths, key: str) -> Path:
    if not KEY_PATTERN.match(key):
        raise BatchError(f"batch key {key!r} is not of the form YYYYMMDDTHHMMSS-NNNN")
    return batches_dir(paths) / f"{key}.json"


def read_batch(paths: WarehousePaths, key: str) -> Batch:
    """The manifest of a planned batch."""
    path = manifest_path(paths, key)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BatchError(
            f"batch {key}: no manifest at {path}; batches are planned by `make run` or the new-files "
            "sensors, not made by hand"
        ) from None
    except (OSError, json.JSONDecodeError) as error:
        raise BatchError(f"batch {key}: manifest {path} cannot be read: {error}") from error
    return Batch(
        key=key,
        files={source: list(files) for source, files in document["files"].items()},
        planned_at=document.get("planned_at", ""),
        purpose=document.get("purpose", "new files"),
    )


def planned_keys(paths: WarehousePaths) -> list[str]:
    """Every batch with a manifest, oldest first."""
    folder = batches_dir(paths)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if KEY_PATTERN.match(p.stem))


def plan_batches(
    paths: WarehousePaths,
    folders: Mapping[str, str],
    limits: BatchLimits | None = None,
    now: datetime | None = None,
) -> list[Batch]:
    """Put every file of these sources (name -> folder under the project) that no batch holds yet (new,
    or changed since) into new batches.

    Several planners (make run, the sensors) may run at once: a lock makes each file land in one batch.
    """
    limits = limits or BatchLimits.from_env()
    with _planning_lock(paths):
        new: list[tuple[str, str, int]] = []  # (source, path, bytes)
        marks: dict[str, dict[str, str]] = {}
        for source, folder in sorted(folders.items()):
            planned = _planned_marks(paths, source)
            current = folder_state(paths.project_dir / folder)
            changed = changed_files(planned, current)
            if changed:
                marks[source] = {**planned, **{path: current[path] for path in changed}}
                new.extend((source, path, int(current[path].split(":")[0])) for path in changed)
        batches = [_write_manifest(paths, group, now, "new files") for group in _groups(new, limits)]
        for source, source_marks in marks.items():  # after the manifests: a crash re-plans, never loses
            write_json(_marks_path(paths, source), source_marks)
    return batches


def plan_empty_batch(paths: WarehousePaths, purpose: str, now: datetime | None = None) -> Batch:
    """A batch with no files, for a run that only re-resolves entities (entities_full_job)."""
    with _planning_lock(paths):
        return _write_manifest(paths, [], now, purpose)


def plan_retry_batch(
    paths: WarehousePaths,
    files: Mapping[str, list[str]],
    version: str,
    purpose: str,
    *,
    again: bool = False,
) -> Batch | None:
    """A batch of quarantined files (source -> paths relative to its folder) to retry under a code
    version; a file already retried under that version is left out unless `again`. None if none is left.

    The retry marks (batches/planned/.retried.json) keep each file's last version, so a retry that fails
    again is planned once per version, however many planners run.
    """
    with _planning_lock(paths):
        marks_path = batches_dir(paths) / "planned" / ".retried.json"
        marks = json.loads(marks_path.read_text(encoding="utf-8")) if marks_path.exists() else {}
        group = [
            (source, path, 0)
            for source, listed in sorted(files.items())
            for path in sorted(set(listed))
            if again or marks.get(f"{source}/{path}") != version
        ]
        if not group:
            return None
        batch = _write_manifest(paths, group, None, purpose)
        marks.update({f"{source}/{path}": version for source, path, _ in group})
        write_json(marks_path, marks)
    return batch


def discard_batch(paths: WarehousePaths, key: str) -> Batch:
    """Give up a batch that cannot pass (make run retries unpublished batches): its manifest is kept as
    <key>.json.discarded for the record, and its files are planned again only when they change."""
    batch = read_batch(paths, key)
    path = manifest_path(paths, key)
    os.replace(path, path.with_name(path.name + ".discarded"))
    return batch


def _groups(new: list[tuple[str, str, int]], limits: BatchLimits) -> Iterator[list[tuple[str, str, int]]]:
    """Consecutive groups within the limits, of about equal bytes: as many as the limits need, and at least
    `spread` when there are enough files, so that batches run side by side finish together."""
    if not new:
        return
    weights = [max(size, 1) for _, _, size in new]
    total = sum(weights)
    count = max(-(-len(new) // limits.max_files), -(-total // limits.max_bytes))
    if limits.spread > 1:
        count = max(count, min(limits.spread, len(new) // MIN_SPREAD_FILES))
    target = total / count
    group: list[tuple[str, str, int]] = []
    size = before = emitted = 0
    for item, weight in zip(new, weights, strict=True):
        if group and (
            len(group) >= limits.max_files
            or size + weight > limits.max_bytes
            or (emitted < count - 1 and before + weight / 2 > target * (emitted + 1))
        ):
            yield group
            group, size, emitted = [], 0, emitted + 1
        group.append(item)
        size += weight
        before += weight
    yield group


def _write_manifest(
    paths: WarehousePaths, group: list[tuple[str, str, int]], now: datetime | None, purpose: str
) -> Batch:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    taken = {key for key in planned_keys(paths) if key.startswith(stamp)}
    key = next(f"{stamp}-{n:04d}" for n in range(1, 10_000) if f"{stamp}-{n:04d}" not in taken)
    files: dict[str, list[str]] = {}
    for source, path, _ in group:
        files.setdefault(source, []).append(path)
    batch = Batch(key=key, files=files, planned_at=datetime.now(UTC).isoformat(), purpose=purpose)
    document = {"key": key, "planned_at": batch.planned_at, "purpose": purpose, "files": files}
    write_json(manifest_path(paths, key), document)
    return batch


def _marks_path(paths: WarehousePaths, source: str) -> Path:
    return batches_dir(paths) / "planned" / f"{source}.json"


def _planned_marks(paths: WarehousePaths, source: str) -> dict[str, str]:
    path = _marks_path(paths, source)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, document: object) -> None:
    """Write whole or not at all: a reader never sees half a manifest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(document, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


@contextmanager
def _planning_lock(paths: WarehousePaths) -> Iterator[None]:
    folder = batches_dir(paths)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".planning.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
