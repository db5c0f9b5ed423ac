"""Loose metadata values (dates, author lists) made into the record's types, or dropped when unusable."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DATE_PREFIX = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: object) -> date | None:
    """The calendar date of an ISO 8601 date or timestamp ('2024-03-01', '2024-03-01T09:30Z'); else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _ISO_DATE_PREFIX.match(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_authors(value: object) -> tuple[str, ...]:
    """Authors given as one string or a list of strings, blanks dropped, order kept."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return ()
    return tuple(name.strip() for name in value if isinstance(name, str) and name.strip())


def clean_string(value: object) -> str | None:
    """A non-blank string with its outer whitespace stripped, else None."""
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
