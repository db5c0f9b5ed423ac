"""HTML pages: trafilatura extracts the main text, then the plain-text block classifier runs on it."""

from __future__ import annotations

from .cleaner import clean_text
from .records import CleanDocument


def clean_html(html: str, *, url: str | None = None, recurring: frozenset[str] = frozenset()) -> CleanDocument:
    raise NotImplementedError
