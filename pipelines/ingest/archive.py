"""Zip and tar archives opened in memory: members come out as bytes, never as files on disk.

Members are read one at a time against a budget for the archive's total inflated size, so a small archive
of many large members stops at the cap instead of filling memory.
"""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipelines.ingest.origin import Origin
from pipelines.ingest.records import RejectedRecord

ARCHIVE_EXTENSIONS = (".zip", ".tar.gz", ".tgz", ".tar")
_DRIVE = re.compile(r"^[A-Za-z]:")
_ARCHIVE_ERRORS = (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, zlib.error, ValueError)


@dataclass(frozen=True)
class Member:
    """One regular file inside an archive."""

    name: str  # the member path as stored, with '/' separators
    data: bytes


@dataclass
class _Budget:
    """Inflated bytes an archive may still hand out (the source's max_archive_bytes)."""

    limit: int
    used: int = 0

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


class _OverBudget(Exception):
    """The archive's members inflate to more than its budget: the rest is not read."""


def escapes_archive(name: str) -> bool:
    """True for a member path that would land outside the archive's folder: absolute, a drive, or '..'."""
    path = name.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def iter_members(
    data: bytes, name: str, origin: Origin, max_bytes: int, max_total_bytes: int | None = None
) -> Iterator[Member | RejectedRecord]:
    """Every regular file of the archive, or a rejection for each member (or cut-off tail) not read.

    Zip members come in name order, tar members in archive order (a .tar.gz is read once, front to back).
    max_total_bytes caps the inflated size of all members together; past it, the rest is rejected.
    """
    budget = _Budget(max_total_bytes if max_total_bytes is not None else max_bytes * 8)
    progress = _Progress()
    try:
        if name.lower().endswith(".zip"):
            yield from _zip_members(data, origin, max_bytes, budget, progress)
        else:
            yield from _tar_members(data, name, origin, max_bytes, budget, progress)
    except _ARCHIVE_ERRORS as error:
        after = f" after {progress.count} member(s) (last {progress.last!r})" if progress.count else ""
        yield origin.reject(
            f"truncated or corrupt archive{after}: {type(error).__name__}: {error}; the rest is not read",
            data,
        )


@dataclass
class _Progress:
    """How far a read got, to say where a cut-off archive broke."""

    count: int = 0
    last: str = ""

    def done(self, name: str) -> None:
        self.count += 1
        self.last = name


def _over_budget(name: str, origin: Origin, budget: _Budget, size: int, rest: str) -> RejectedRecord:
    return origin.inner(name).reject(
        f"archive inflates to more than the source's max_archive_bytes of {budget.limit:,} bytes "
        f"({budget.used:,} read, this member {size:,} more): this member and {rest} are not read",
        byte_size=size,
    )


def _checked_name(
    name: str, origin: Origin, size: int, max_bytes: int, head: Callable[[], bytes]
) -> RejectedRecord | None:
    """A rejection (with the member's first bytes) for a path that escapes the archive or a member too big."""
    where = origin.inner(name)
    if escapes_archive(name):
        return where.reject(
            f"archive member path {name!r} escapes the archive (absolute or '..'); not extracted", head()
        )
    if size > max_bytes:
        return where.reject(
            f"archive member is {size:,} bytes, over the source's limit of {max_bytes:,}",
            head(),
            byte_size=size,
        )
    return None


def _member(name: str, data: bytes, budget: _Budget) -> Member:
    budget.used += len(data)
    return Member(name.replace("\\", "/").removeprefix("./"), data)


def _zip_members(
    data: bytes, origin: Origin, max_bytes: int, budget: _Budget, progress: _Progress
) -> Iterator[Member | RejectedRecord]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = sorted((info for info in archive.infolist() if not info.is_dir()), key=lambda i: i.filename)
        for position, info in enumerate(infos):
            rejected = _checked_name(
                info.filename, origin, info.file_size, max_bytes, lambda info=info: _zip_head(archive, info)
            )
            if rejected is not None:
                yield rejected
                continue
            if info.file_size > budget.remaining:
                rest = f"the {len(infos) - position - 1} member(s) after it"
                yield _over_budget(info.filename, origin, budget, info.file_size, rest)
                return
            try:
                with archive.open(info) as stream:
                    content = stream.read(info.file_size)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
                yield origin.inner(info.filename).reject(
                    f"archive member unreadable: {type(error).__name__}: {error}", byte_size=info.file_size
                )
                continue
            progress.done(info.filename)
            yield _member(info.filename, content, budget)


def _tar_members(
    data: bytes, name: str, origin: Origin, max_bytes: int, budget: _Budget, progress: _Progress
) -> Iterator[Member | RejectedRecord]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for info in archive:  # lazily, front to back: a cut-off archive still yields what comes before
            if info.isdir():
                continue
            if info.issym() or info.islnk():
                yield origin.inner(info.name).reject(
                    f"archive member is a link to {info.linkname!r}; links are not followed", byte_size=0
                )
                continue
            if not info.isfile():
                continue  # devices and fifos carry no article
            rejected = _checked_name(
                info.name, origin, info.size, max_bytes, lambda info=info: _tar_head(archive, info)
            )
            if rejected is not None:
                yield rejected
                continue
            if info.size > budget.remaining:
                yield _over_budget(info.name, origin, budget, info.size, "the members after it")
                return
            stream = archive.extractfile(info)
            content = b"" if stream is None else stream.read(info.size)
            if len(content) < info.size:
                raise EOFError(f"member {info.name!r} ends {info.size - len(content):,} bytes early")
            progress.done(info.name)
            yield _member(info.name, content, budget)
        tail = data[archive.offset :] if isinstance(archive.fileobj, io.BytesIO) else b""
        if tail.strip(b"\0"):  # a plain .tar cut inside a header: tarfile ends quietly there
            raise tarfile.ReadError(f"{len(tail):,} bytes after the last whole member are not a member")


def _zip_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as stream:
            return stream.read(32)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError):
        return b""


def _tar_head(archive: tarfile.TarFile, info: tarfile.TarInfo) -> bytes:
    stream = archive.extractfile(info)
    return b"" if stream is None else stream.read(32)
