"""Raw article text (or HTML) to a CleanDocument."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from .classify import Classified, Item, classify
from .decisions import COMMENTS_EXTRACTOR
from .lexicon import COMMENT_HEADER, DATE, DATELINE, MONTHS, NUMBERED, STRONG_DATELINE
from .records import Block, CleanDocument, Comment
from .settings import SETTINGS, CleanerSettings

BODY_SEPARATOR = "\n\n"
_LETTER = re.compile(r"[^\W\d_]")
_PUBLISHED = re.compile(r"(?i)(?:published|posted|updated)\b")
_BY_PREFIX = re.compile(r"(?i)^(?:posted\s+)?by\s*:?\s*")


_TWO_DIGITS = re.compile(r"\d\d")  # every DATE match holds two digits in a row


def _parse_date(text: str) -> date | None:
    m = DATE.search(text) if _TWO_DIGITS.search(text) else None
    if not m:
        return None
    g = m.groupdict()
    try:
        if g["mdy"]:
            return date(int(g["y1"]), MONTHS[g["m1"][:3].lower()], int(g["d1"]))
        if g["dmy"]:
            return date(int(g["y2"]), MONTHS[g["m2"][:3].lower()], int(g["d2"]))
        if g["iso"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        year = int(g["y4"])
        return date(year + 2000 if year < 100 else year, int(g["m4"]), int(g["d4"]))
    except (ValueError, KeyError):
        return None


def _published_date(items: list[Item]) -> date | None:
    """A date the dump states above the article or in its byline."""
    first_body = next((i for i, it in enumerate(items) if it.kind == "body"), len(items))
    for it in items[: first_body + 1]:
        if it.kind in ("byline", "title", "navigation") or _PUBLISHED.match(it.text):
            d = _parse_date(it.text)
            if d:
                return d
    return None


_HEADER_PUNCT = " :-–—,|"


_MONTH_DAY = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.IGNORECASE
)


def _header_author(text: str) -> str | None:
    """The commenter's name when a short line is a comment header ('NAME says:', 'NAME | DATE')."""
    m = COMMENT_HEADER.match(text)
    if not m:
        return None
    author = _BY_PREFIX.sub("", next((g for g in m.groups() if g), "")).strip(_HEADER_PUNCT)
    if not _LETTER.search(author) or DATE.search(author) or _MONTH_DAY.match(author):
        return None  # a date-only header ('June 2, 2024 at 9:30 am') names nobody
    return author


def _header_rest(text: str, name: str) -> str:
    """A header's text without the commenter's name when the line starts with it ('says:', the date);
    the whole line when the name sits inside it ('Posted by: NAME | DATE')."""
    if not text.startswith(name):
        return text
    return text[len(name) :].lstrip(_HEADER_PUNCT + "·•")


def _comments(items: list[Item], section: tuple[int, int] | None, s: CleanerSettings) -> list[Comment]:
    """The comment section's comment blocks grouped into comments. Every block's text lands in a
    comment: header lines give the comment its author and keep their other words (date, 'says:')
    in its text; list numbers ('3.') are dropped."""
    if not section:
        return []
    rows = [it for it in items[section[0] : section[1]] if it.kind == "comment"]
    numbered = any(NUMBERED.match(it.text) for it in rows)
    texts = {it.index: NUMBERED.sub("", it.text, count=1) if numbered else it.text for it in rows}
    headers: dict[int, str | None] = {}
    for it in rows:
        numbered_ok = not numbered or NUMBERED.match(it.text)  # numbered: the number line is the header
        if it.words <= s.comment_header_max_words and numbered_ok and COMMENT_HEADER.match(texts[it.index]):
            headers[it.index] = _header_author(texts[it.index])
    comments: list[Comment] = []
    lines: list[str] = []
    author: str | None = None
    first = prev_para = prev_header = None

    def flush() -> None:
        if lines or author:
            comments.append(Comment(len(comments), "\n".join(lines), first, author))

    for it in rows:
        if it.decision is COMMENTS_EXTRACTOR:
            new = True  # the extractor gives one comment paragraph per line
        elif numbered:
            new = bool(NUMBERED.match(it.text))
        elif headers:
            new = it.index in headers
        else:
            new = it.para != prev_para
        if new and it.index in headers and prev_header == it.index - 1:
            new = False  # a date line under the name line: the same comment's header
        if new or first is None:
            flush()
            lines, first = [], it.index
            author = None
        prev_para = it.para
        text = texts[it.index]
        if it.index in headers:
            prev_header = it.index
            name = headers[it.index]
            if author is None and name:
                author = name
                text = _header_rest(text, name)
        if text:
            lines.append(text)
    flush()
    return comments


def build_document(
    c: Classified,
    *,
    url: str | None = None,
    source_text: str | None = None,
    settings: CleanerSettings = SETTINGS,
) -> CleanDocument:
    """Body text (kept blocks joined by a blank line, a dateline cut from the first paragraph), block
    offsets into it, metadata and comments from a classified text."""
    s = settings
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    dateline = None
    body_seen = 0
    for it in c.items:
        block = Block(it.index, it.text, it.start, it.end, it.kind or "boilerplate", it.reason, it.score)
        if block.kept:
            text = it.text
            if block.kind == "body" and dateline is None and body_seen < s.dateline_reach:
                body_seen += 1
                m = (DATELINE if body_seen == 1 else STRONG_DATELINE).match(text)
                if m and len(text) > m.end() + s.dateline_min_rest:
                    dateline = m.group().strip(" -–—")
                    text = text[m.end() :].lstrip()
            if parts:
                offset += len(BODY_SEPARATOR)
            block.body_start, block.body_end = offset, offset + len(text)
            offset += len(text)
            parts.append(text)
        blocks.append(block)
    return CleanDocument(
        body_text=BODY_SEPARATOR.join(parts),
        blocks=blocks,
        title=c.title,
        authors=list(c.authors),
        dateline=dateline,
        published_date=_published_date(c.items),
        url=url,
        comments=_comments(c.items, c.comment_range, s),
        source_text=source_text,
    )


def clean_text(
    text: str,
    *,
    recurring: frozenset[str] = frozenset(),
    settings: CleanerSettings = SETTINGS,
    fingerprints: Sequence[str] | None = None,
) -> CleanDocument:
    """Classify every line of a plain-text article dump and keep the article body (`fingerprints`: the
    text's line_fingerprints, when the caller has them already)."""
    return build_document(
        classify(text, recurring, settings=settings, fingerprints=fingerprints), settings=settings
    )
