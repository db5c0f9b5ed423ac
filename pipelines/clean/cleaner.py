"""Raw article text (or HTML) to a CleanDocument."""

from __future__ import annotations

import re
from datetime import date

from .classify import Classified, Item, classify
from .lexicon import COMMENT_HEADER, DATE, DATELINE, MONTHS, NUMBERED, STRONG_DATELINE
from .records import Block, CleanDocument, Comment

BODY_SEPARATOR = "\n\n"
DATELINE_REACH = 3  # a strong 'CITY (Agency) —' dateline is cut from any of the first this many paragraphs
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


def _comments(items: list[Item], section: tuple[int, int] | None) -> list[Comment]:
    if not section:
        return []
    rows = [it for it in items[section[0] : section[1]] if it.kind == "comment"]
    numbered = any(NUMBERED.match(it.text) for it in rows)
    headers = {}
    if not numbered:
        for it in rows:
            m = COMMENT_HEADER.match(it.text) if it.words <= 14 else None
            if m:
                author = _BY_PREFIX.sub("", next((g for g in m.groups() if g), "")).strip(" :-–—,|")
                headers[it.index] = author if _LETTER.search(author) and not DATE.search(author) else None
    comments: list[Comment] = []
    lines: list[str] = []
    author: str | None = None
    first = prev_para = prev_header = None

    def flush() -> None:
        if lines:
            comments.append(Comment(len(comments), "\n".join(lines), first, author))

    for it in rows:
        if it.reason == "comments:extractor":
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
        if it.index in headers:
            author = author or headers[it.index]
            prev_header = it.index
            continue
        lines.append(NUMBERED.sub("", it.text, count=1) if numbered else it.text)
    flush()
    return comments


def build_document(c: Classified, *, url: str | None = None, source_text: str | None = None) -> CleanDocument:
    """Body text (kept blocks joined by a blank line, a dateline cut from the first paragraph), block
    offsets into it, metadata and comments from a classified text."""
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    dateline = None
    body_seen = 0
    for it in c.items:
        block = Block(it.index, it.text, it.start, it.end, it.kind or "boilerplate", it.reason, it.score)
        if block.kept:
            text = it.text
            if block.kind == "body" and dateline is None and body_seen < DATELINE_REACH:
                body_seen += 1
                m = (DATELINE if body_seen == 1 else STRONG_DATELINE).match(text)
                if m and len(text) > m.end() + 20:
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
        comments=_comments(c.items, c.comment_range),
        source_text=source_text,
    )


def clean_text(text: str, *, recurring: frozenset[str] = frozenset()) -> CleanDocument:
    """Classify every line of a plain-text article dump and keep the article body."""
    return build_document(classify(text, recurring))
