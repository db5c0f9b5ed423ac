"""Named SQL statements: every statement that reads or writes rows lives in pipelines/store/sql/ and is
asked for by name here (see the README's layout for the rule)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files

_SQL_DIR = files("pipelines.store") / "sql"  # package data, so an installed wheel finds it too


@cache
def _statement_text(name: str) -> str:
    """A statement file, read once per process: stages ask for the same few statements on every run."""
    return (_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _sql_names(name: str, placeholder: str, value: str | Sequence[str]) -> str:
    """What a placeholder becomes: a name, plain or qualified (lake.documents), or a list of plain names
    joined by commas (a column list); anything else, such as quotes or spaces, is refused."""
    if isinstance(value, str):
        if all(part.isidentifier() for part in value.split(".")):
            return value
    elif value and all(isinstance(item, str) and item.isidentifier() for item in value):
        return ", ".join(value)
    raise ValueError(
        f"statement {name}: {placeholder}={value!r} is not a plain SQL identifier or list of them"
    )


def statement(name: str, **identifiers: str | Sequence[str]) -> str:
    """The text of a named statement from pipelines/store/sql/. A placeholder such as {table} takes the
    identifier given by that name (a table, which a $1 or ? parameter cannot be), qualified or not
    (table="lake.documents"); a sequence of names fills a list ({columns}: "a, b, c"); the others stay."""
    text = _statement_text(name)
    for placeholder, value in identifiers.items():
        text = text.replace("{" + placeholder + "}", _sql_names(name, placeholder, value))
    return text
