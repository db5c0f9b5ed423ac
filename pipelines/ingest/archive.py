"""Zip and tar archives opened in memory: members come out as bytes, never as files on disk."""

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


@dataclass(frozen=True)
class Member:
    """One regular file inside an archive."""

    name: str  # the member path as stored, with '/' separators
    data: bytes


def escapes_archive(name: str) -> bool:
    """True for a member path that would land outside the archive's folder: absolute, a drive, or '..'."""
    path = name.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def iter_members(data: bytes, name: str, origin: Origin, max_bytes: int) -> Iterator[Member | RejectedRecord]:
    """Every regular file of the archive in name order, or a rejection for each member that cannot be read."""
    try:
        if name.lower().endswith(".zip"):
            yield from _zip_members(data, origin, max_bytes)
        else:
            yield from _tar_members(data, origin, max_bytes)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, zlib.error) as error:
        yield origin.reject(f"truncated or corrupt archive: {type(error).__name__}: {error}", data)


def _guarded(
    name: str, origin: Origin, size: int, max_bytes: int, read: Callable[[int], bytes]
) -> Member | RejectedRecord:
    where = origin.inner(name)
    if escapes_archive(name):
        return where.reject(
            f"archive member path {name!r} escapes the archive (absolute or '..'); not extracted", read(32)
        )
    if size > max_bytes:
        return where.reject(
            f"archive member is {size:,} bytes, over the source's limit of {max_bytes:,}",
            read(32),
            byte_size=size,
        )
    return Member(name.replace("\\", "/").removeprefix("./"), read(max_bytes))


def _zip_members(data: bytes, origin: Origin, max_bytes: int) -> Iterator[Member | RejectedRecord]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            if info.is_dir():
                continue

            def read(limit: int, info: zipfile.ZipInfo = info) -> bytes:
                with archive.open(info) as stream:
                    return stream.read(limit)

            try:
                yield _guarded(info.filename, origin, info.file_size, max_bytes, read)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
                yield origin.inner(info.filename).reject(
                    f"archive member unreadable: {error}", byte_size=info.file_size
                )


def _tar_members(data: bytes, origin: Origin, max_bytes: int) -> Iterator[Member | RejectedRecord]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for info in sorted(archive.getmembers(), key=lambda info: info.name):
            if info.isdir():
                continue
            if info.issym() or info.islnk():
                yield origin.inner(info.name).reject(
                    f"archive member is a link to {info.linkname!r}; links are not followed", byte_size=0
                )
                continue
            if not info.isfile():
                continue  # devices and fifos carry no article

            def read(limit: int, info: tarfile.TarInfo = info) -> bytes:
                stream = archive.extractfile(info)
                return b"" if stream is None else stream.read(limit)

            yield _guarded(info.name, origin, info.size, max_bytes, read)
