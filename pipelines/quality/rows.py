"""Offending rows as plain, JSON-ready dicts, with long texts cut so a report stays readable."""

from __future__ import annotations

import contextlib
import math
from typing import Any

MAX_TEXT_CHARS = 160


def plain_value(value: Any) -> Any:
    """A JSON-friendly Python value: numpy scalars unwrapped, NaN as None, long strings shortened."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        return value[: MAX_TEXT_CHARS - 1] + "…"
    if value is not None and not isinstance(value, str | int | float | bool):
        return str(value)
    return value


def plain_row(row: dict[str, Any]) -> dict[str, Any]:
    return {str(key): plain_value(value) for key, value in row.items()}
