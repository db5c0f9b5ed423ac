"""HTML pages: trafilatura extracts the main text and the comments, then the block classifier runs on it."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date
from html import unescape

from .classify import classify
from .cleaner import build_document
from .records import CleanDocument

SEPARATOR = "\n\n"


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _headings(html: str) -> list[str]:
    return [_SPACE.sub(" ", unescape(_TAG.sub(" ", m))).strip() for m in _H1.findall(html)]


def extract(html: str, url: str | None = None) -> tuple[str, int | None, dict[str, str | None]]:
    """trafilatura's view of the page: (source text, offset where comments begin or None, metadata).
    The source text is the title line, then the article's paragraphs, then the comments."""
    import trafilatura  # slow to import; only HTML needs it

    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, favor_recall=True, with_metadata=True, include_tables=False
    )
    if doc is None:
        return "", None, {}
    title = (doc.title or "").strip()
    text = (doc.text or "").strip()
    # the page's own headline (an <h1> that the title names), which extractors leave out of the text;
    # the classifier keeps it as a heading, as it does for a headline above the article in a text dump
    headline = next((h for h in _headings(html) if len(h.split()) >= 3 and h in title), "")
    if headline and text.startswith(headline):
        headline = ""
    source = SEPARATOR.join(p for p in (title, headline, text) if p)
    # comments come from a second, fast pass: asking for them in the first pass lets comment-like
    # text into the article body
    with_comments = trafilatura.bare_extraction(html, url=url, include_comments=True, fast=True)
    comments = (with_comments.comments or "").strip() if with_comments else ""
    comments_at = None
    if comments:
        source += SEPARATOR
        comments_at = len(source)
        source += comments
    meta = {"title": title or None, "author": doc.author, "date": doc.date, "url": doc.url}
    return source, comments_at, meta


def clean_html(
    html: str, *, url: str | None = None, recurring: frozenset[str] = frozenset()
) -> CleanDocument:
    """Extract the article from a page with trafilatura, then classify its blocks as for plain text.
    Block offsets point into `source_text` (the extracted text), not into the HTML."""
    source, comments_at, meta = extract(html, url)
    c = classify(source, recurring, extracted=True, comments_at=comments_at)
    doc = build_document(c, url=url or meta.get("url"), source_text=source)
    if not doc.authors and meta.get("author"):
        doc.authors = [a.strip() for a in meta["author"].split(";") if a.strip()]
    if doc.published_date is None and meta.get("date"):
        with suppress(ValueError):
            doc.published_date = date.fromisoformat(meta["date"][:10])
    return doc
