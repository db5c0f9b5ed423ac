"""A bad source definition fails loudly, naming the setting at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest import SourceSpec, SourceSpecError, read_source, validate_spec


def spec(**changes: object) -> SourceSpec:
    values: dict[str, object] = {"name": "world_desk", "folder": "raw/world_desk", "format": "text"}
    values.update(changes)
    return SourceSpec(**values)  # type: ignore[arg-type]


def test_a_good_spec_passes(tmp_path: Path) -> None:
    validate_spec(spec(), tmp_path)
    validate_spec(spec(format="jsonl", fields={"text": "body", "title": "headline"}), tmp_path)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"format": "pdf"}, "format", "unknown format 'pdf'"),
        ({"name": "World Desk"}, "name", "not a valid name"),
        ({"name": "9desk"}, "name", "not a valid name"),
        ({"folder": "seeds"}, "folder", "not a folder under raw/"),
        ({"folder": "raw/../seeds"}, "folder", "not a folder under raw/"),
        ({"folder": "raw"}, "folder", "not a folder under raw/"),
        ({"folder": "/etc"}, "folder", "not a folder under raw/"),
        ({"format": "jsonl"}, "fields", "must map 'text' or 'html'"),
        ({"format": "jsonl", "fields": {"title": "headline"}}, "fields", "must map 'text' or 'html'"),
        ({"format": "jsonl", "fields": {"text": "a", "html": "b"}}, "fields", "not both"),
        ({"format": "jsonl", "fields": {"text": "a", "body": "b"}}, "fields", "unknown field(s) body"),
        ({"fields": {"text": "body"}}, "fields", "only applies to jsonl"),
        ({"max_file_bytes": 0}, "max_file_bytes", "positive"),
    ],
)
def test_each_mistake_names_its_field(tmp_path: Path, changes: dict, field: str, words: str) -> None:
    with pytest.raises(SourceSpecError) as caught:
        validate_spec(spec(**changes), tmp_path)
    assert caught.value.field == field
    assert field in str(caught.value) and words in str(caught.value)


def test_outside_raw_is_allowed_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text("An article kept outside raw/.")
    outside = spec(folder="elsewhere", allow_outside_raw=True)
    validate_spec(outside, tmp_path)
    assert [r.text for r in read_source(outside, tmp_path)] == ["An article kept outside raw/."]


def test_read_source_refuses_a_bad_spec_before_reading(tmp_path: Path) -> None:
    with pytest.raises(SourceSpecError):
        list(read_source(spec(folder="../"), tmp_path))


def test_a_missing_folder_is_one_rejection_not_a_crash(tmp_path: Path) -> None:
    records = list(read_source(spec(folder="raw/nowhere"), tmp_path))
    assert len(records) == 1
    assert "does not exist" in records[0].reason
