"""Reading a whole source: walk its folder, open each file by its extension, never stop on bad input."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterator
from pathlib import Path

from pipelines.ingest.archive import ARCHIVE_EXTENSIONS, Member, iter_members
from pipelines.ingest.compressed import INFLATE_FACTOR, CompressedError, gunzip
from pipelines.ingest.html import HTML_EXTENSIONS, read_html
from pipelines.ingest.jsonl import JSONL_EXTENSIONS, read_jsonl
from pipelines.ingest.origin import Origin
from pipelines.ingest.records import RawRecord, RejectedRecord
from pipelines.ingest.spec import SourceSpec, validate_spec
from pipelines.ingest.stats import ReadStats
from pipelines.ingest.text import TEXT_EXTENSIONS, read_text
from pipelines.ingest.warc import WARC_EXTENSIONS, read_warc

FORMAT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "text": TEXT_EXTENSIONS,
    "html": HTML_EXTENSIONS,
    "jsonl": JSONL_EXTENSIONS,
    "warc": WARC_EXTENSIONS,
}
_ARCHIVE_METADATA = ("__MACOSX/",)

Record = RawRecord | RejectedRecord


def document_kind(name: str, source_format: str) -> str | None:
    """'archive', the source's format, or None when a source of that format does not read this file name."""
    lowered = name.lower()
    if lowered.endswith(ARCHIVE_EXTENSIONS):
        return "archive"
    if lowered.endswith(FORMAT_EXTENSIONS[source_format]):
        return source_format
    return None


def read_source(
    spec: SourceSpec,
    project_dir: Path,
    stats: ReadStats | None = None,
    only: Collection[str] | None = None,
) -> Iterator[Record]:
    """Every document of the source as a RawRecord, every unreadable file or record as a RejectedRecord.

    Files are visited in sorted path order; with `only` (paths relative to the source folder, as a batch
    lists them), just those, and a listed file that is gone is rejected, not forgotten. Records left out on
    purpose (WARC requests, non-HTML responses, hidden files) are not yielded; pass a ReadStats to get
    their counts. Raises only SourceSpecError.
    """
    validate_spec(spec, project_dir)
    stats = stats if stats is not None else ReadStats()
    for record in _read_folder(spec, project_dir, stats, None if only is None else frozenset(only)):
        if isinstance(record, RejectedRecord):
            stats.rejected += 1
        else:
            stats.records += 1
        yield record


def _read_folder(
    spec: SourceSpec, project_dir: Path, stats: ReadStats, only: frozenset[str] | None
) -> Iterator[Record]:
    root = project_dir / spec.folder
    if not root.is_dir():
        yield Origin(spec.name, spec.folder).reject(
            f"source folder {spec.folder!r} does not exist or is not a folder"
        )
        return
    real_root = root.resolve()
    folder = _relative(root, project_dir)
    if only is None:
        found = _walk(root, stats, spec.name, folder)
    else:  # a batch: its own files, without listing a folder that may hold a million
        found = []
        for relative in sorted(only):
            path = root / relative
            if Path(relative).is_absolute() or ".." in Path(relative).parts:
                yield Origin(spec.name, f"{folder}/{relative}").reject("batch path leaves the source folder")
            elif not os.path.lexists(path):
                yield Origin(spec.name, f"{folder}/{relative}").reject(
                    "file of this batch is gone: deleted or renamed since the batch was planned"
                )
            else:
                found.append((relative, path))
    for relative, path in found:
        origin = Origin(spec.name, f"{folder}/{relative}")
        stats.files += 1
        try:
            yield from _read_file(path, real_root, origin, spec, stats)
        except Exception as error:  # a reader bug must not stop the source: report it as this file's error
            yield origin.reject(f"reader failed unexpectedly: {type(error).__name__}: {error}")


def _walk(root: Path, stats: ReadStats, source: str, folder: str) -> list[tuple[str, Path]]:
    """(path relative to root, path) of every file and symlink under root; hidden ones counted, left out."""
    found: list[tuple[str, Path]] = []
    for directory, folders, files in os.walk(root, followlinks=False):
        prefix = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in list(folders):
            if name.startswith("."):
                folders.remove(name)
                stats.skip(source, f"{folder}/{prefix}{name}", "hidden folder")
            elif os.path.islink(os.path.join(directory, name)):
                found.append(
                    (prefix + name, Path(directory, name))
                )  # os.walk does not enter it; judged as a file
        for name in files:
            if name.startswith("."):
                stats.skip(source, f"{folder}/{prefix}{name}", "hidden file")
            else:
                found.append((prefix + name, Path(directory, name)))
    return sorted(found, key=lambda item: item[0])


def _relative(path: Path, project_dir: Path) -> str:
    return Path(os.path.relpath(path, project_dir)).as_posix()


def _read_file(
    path: Path, real_root: Path, origin: Origin, spec: SourceSpec, stats: ReadStats
) -> Iterator[Record]:
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        try:
            path.stat()
        except OSError as error:
            if error.errno == errno.ELOOP:
                yield origin.reject(f"symlink loop (to {os.readlink(path)}); not followed")
                return
        target = path.resolve()
        if not target.exists():
            yield origin.reject(f"broken symlink (to {os.readlink(path)}); not followed")
            return
        if real_root not in target.parents:
            yield origin.reject(f"symlink points outside the source folder (to {target}); not followed")
            return
        if target.is_dir():
            stats.skip(spec.name, origin.path, "symlinked folder (not followed)")
            return
        mode = target.stat().st_mode
    if not stat.S_ISREG(mode):
        yield origin.reject("not a regular file (device, socket or pipe)")
        return

    size = path.stat().st_size
    kind = document_kind(path.name, spec.format)
    if kind is None:
        yield origin.reject(_wrong_extension(path.name, spec.format), _head(path), byte_size=size)
        return
    if size > spec.max_file_bytes:
        yield origin.reject(
            f"file is {size:,} bytes, over the source's max_file_bytes of {spec.max_file_bytes:,}",
            _head(path),
            byte_size=size,
        )
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield origin.reject(f"could not read file: {error.strerror or error}", byte_size=size)
        return
    stats.bytes_read += len(data)
    if not data:
        yield origin.reject("empty file (0 bytes)", data)
        return
    yield from _read_document(path.name, data, origin, spec, stats, in_archive=False)


def _read_document(
    name: str, data: bytes, origin: Origin, spec: SourceSpec, stats: ReadStats, *, in_archive: bool
) -> Iterator[Record]:
    kind = document_kind(name, spec.format)
    if kind == "text":
        yield read_text(data, origin)
    elif kind == "html":
        yield read_html(data, origin)
    elif kind == "jsonl":
        if name.lower().endswith(".gz"):
            try:
                data = gunzip(data, min(spec.max_file_bytes * INFLATE_FACTOR, spec.max_archive_bytes))
            except CompressedError as error:
                yield origin.reject(f"cannot open {name}: {error}", data)
                return
        yield from read_jsonl(data, origin, spec.fields or {})
    elif kind == "warc":
        yield from read_warc(data, origin, stats, spec.max_file_bytes)
    elif kind == "archive" and in_archive:
        yield origin.reject("archive inside an archive: not opened (unpack the outer one)", data)
    elif kind == "archive":
        yield from _read_archive(name, data, origin, spec, stats)
    else:
        yield origin.reject(_wrong_extension(name, spec.format), data)


def _read_archive(
    name: str, data: bytes, origin: Origin, spec: SourceSpec, stats: ReadStats
) -> Iterator[Record]:
    for member in iter_members(data, name, origin, spec.max_file_bytes, spec.max_archive_bytes):
        if isinstance(member, RejectedRecord):
            yield member
        elif _is_hidden_member(member):
            stats.skip(spec.name, origin.path, "hidden or metadata archive member")
        else:
            yield from _read_document(
                member.name.rsplit("/", 1)[-1],
                member.data,
                origin.inner(member.name),
                spec,
                stats,
                in_archive=True,
            )


def _is_hidden_member(member: Member) -> bool:
    parts = [part for part in member.name.split("/") if part not in ("", ".")]
    return member.name.startswith(_ARCHIVE_METADATA) or any(part.startswith(".") for part in parts)


def _wrong_extension(name: str, source_format: str) -> str:
    expected = ", ".join(FORMAT_EXTENSIONS[source_format] + ARCHIVE_EXTENSIONS)
    return f"a {source_format} source does not read {name!r} (expected {expected})"


def _head(path: Path) -> bytes | None:
    try:
        with path.open("rb") as stream:
            return stream.read(32)
    except OSError:
        return None
