"""Which files of a source folder are new or changed since the last look, for the new-files sensor."""

from __future__ import annotations

from pathlib import Path


def folder_state(folder: Path) -> dict[str, str]:
    """Each file's path (relative to the folder) mapped to its size and modification time."""
    if not folder.is_dir():
        return {}
    state = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            stat = path.stat()
            state[path.relative_to(folder).as_posix()] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return state


def changed_files(previous: dict[str, str], current: dict[str, str]) -> list[str]:
    """Files added or changed; removed files are not work to do."""
    return sorted(path for path, mark in current.items() if previous.get(path) != mark)
