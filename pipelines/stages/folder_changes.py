"""Which files of a source folder are new or changed since they were last put in a batch."""

from __future__ import annotations

import os
from pathlib import Path


def folder_state(folder: Path) -> dict[str, str]:
    """Each file's path (relative to the folder) mapped to its size and modification time.

    Lists what the reader would: regular files and symlinks (a broken one too, so that it is reported),
    hidden files and folders left out, symlinked folders not entered.
    """
    if not folder.is_dir():
        return {}
    state = {}
    for directory, folders, files in os.walk(folder, followlinks=False):
        folders[:] = [name for name in folders if not name.startswith(".")]
        linked = [name for name in folders if os.path.islink(os.path.join(directory, name))]
        for name in [*files, *linked]:
            if name.startswith("."):
                continue
            path = Path(directory, name)
            try:
                info = path.stat()
            except OSError:  # broken symlink or loop: listed by its link, the reader says why
                info = path.lstat()
            state[path.relative_to(folder).as_posix()] = f"{info.st_size}:{info.st_mtime_ns}"
    return dict(sorted(state.items()))


def changed_files(previous: dict[str, str], current: dict[str, str]) -> list[str]:
    """Files added or changed; removed files are not work to do."""
    return sorted(path for path, mark in current.items() if previous.get(path) != mark)
