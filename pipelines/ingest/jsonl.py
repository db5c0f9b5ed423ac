"""JSON Lines dumps: one article per line, its fields named by the source's field mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from pipelines.ingest.decode import bom_encoding
from pipelines.ingest.html import PageHints, html_record
from pipelines.ingest.metadata import clean_string, parse_authors, parse_published
from pipelines.ingest.origin import Origin
from pipelines.ingest.records import RawRecord, RejectedRecord, without_surrogates

JSONL_EXTENSIONS = (".jsonl", ".jsonl.gz")
_MISSING = object()


def read_jsonl(
    data: bytes, origin: Origin, fields: Mapping[str, str]
) -> Iterator[RawRecord | RejectedRecord]:
    """One record per non-blank line; a malformed line becomes one rejection naming its line number."""
    if not data.strip():
        yield origin.reject("empty JSON Lines file (no records)", data)
        return
    for number, line in _lines(data):
        if line.strip():
            yield _read_line(line, number, origin, fields)


def _lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    bom = bom_encoding(data)
    if bom is not None and bom[0] != "utf-8-sig":  # UTF-16/32 JSON Lines: split the text, hash it as UTF-8
        try:
            lines = [line.encode("utf-8") for line in data.decode(bom[0]).split("\n")]
        except UnicodeDecodeError:
            lines = data.split(b"\n")
    else:
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    yield from enumerate(lines, start=1)


def _read_line(
    line: bytes, number: int, origin: Origin, fields: Mapping[str, str]
) -> RawRecord | RejectedRecord:
    at_line = origin.inner(f"line {number}")
    try:
        obj = json.loads(line)
    except UnicodeDecodeError as error:
        return at_line.reject(f"line {number}: not UTF-8 ({error.reason} at byte {error.start})", line)
    except json.JSONDecodeError as error:
        return at_line.reject(f"line {number}: malformed JSON ({error.msg} at column {error.colno})", line)
    if not isinstance(obj, dict):
        return at_line.reject(f"line {number}: expected a JSON object, got {type(obj).__name__}", line)

    kind = "html" if fields.get("html") else "text"
    key = fields[kind]
    content = _lookup(obj, key)
    if content is _MISSING:
        return at_line.reject(f"line {number}: no {kind} field {key!r}", line)
    if not isinstance(content, str):
        return at_line.reject(
            f"line {number}: {kind} field {key!r} is {type(content).__name__}, not a string", line
        )
    if not content.strip():
        return at_line.reject(f"line {number}: {kind} field {key!r} is empty", line)

    record_id = _lookup(obj, fields["id"]) if fields.get("id") else _MISSING
    where = at_line
    if isinstance(record_id, str | int) and not isinstance(record_id, bool) and str(record_id).strip():
        where = origin.inner(str(record_id).strip())
    hints = PageHints(
        url=clean_string(_get(obj, fields, "url")),
        title=clean_string(_get(obj, fields, "title")),
        authors=parse_authors(_get(obj, fields, "authors")),
        published=parse_published(_get(obj, fields, "published")),
    )
    if kind == "html":
        return html_record(without_surrogates(content), "utf-8", line, where, hints)
    return where.accept(
        line,
        format="text",
        text=content,
        encoding="utf-8",
        url=hints.url,
        title=hints.title,
        authors=hints.authors,
        published=hints.published,
    )


def _get(obj: dict, fields: Mapping[str, str], name: str) -> object:
    key = fields.get(name)
    if not key:
        return None
    value = _lookup(obj, key)
    return None if value is _MISSING else value


def _lookup(obj: dict, key: str) -> object:
    """obj[key], or a dotted path into nested objects ('meta.title') when no key has the literal name."""
    if key in obj:
        return obj[key]
    value: object = obj
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value
