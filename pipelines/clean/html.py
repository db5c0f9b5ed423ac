"""HTML pages: trafilatura extracts the main text and the comments, then the block classifier runs on it.

How trafilatura is asked is an `HtmlOptions`; `DEFAULT_OPTIONS` is the one measured best on both dev sets
(bench/cleaning.py --alternatives prints the others side by side)."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from html import unescape

from .classify import classify
from .cleaner import build_document, clean_text
from .dump import naive_dump
from .records import CleanDocument
from .settings import SETTINGS, CleanerSettings

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """How the article is extracted: trafilatura's own switches, then what the project adds on top."""

    favor_precision: bool = False
    favor_recall: bool = False
    fast: bool = False  # True: no readability-lxml / jusText fallbacks (trafilatura's `fast`)
    include_tables: bool = True
    classify_blocks: bool = True  # False: every extracted paragraph is kept (the block rules are not run)
    headline: bool = True  # put the page's <h1> headline above the text when the extractor left it out
    layout_tables: bool = True  # with tables: redo without them when a layout table trapped the extractor
    dump_comments: bool = True  # comments also from the page's plain-text dump; the longer set is kept


# favor_recall with tables, the classifier on top: on both dev sets at least trafilatura alone (defaults);
# leaving tables out scored higher on the 2012 pages and lower than trafilatura on the modern ones
DEFAULT_OPTIONS = HtmlOptions(favor_recall=True)

# The numbers (the layout-table retry's share and recovery, the headline's length, the block rules that
# change on an extractor's output) are in settings.py.

_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_TABLE_SEP = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")
_WORDS = re.compile(r"\w+")


def layout_share(text: str) -> float:
    """Share of the words of an extraction that sit in tables without a header row ('|---|')."""
    lines = text.split("\n")
    total = layout = 0
    i = 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            total += len(_WORDS.findall(lines[i]))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("|"):
            j += 1
        words = sum(len(_WORDS.findall(line)) for line in lines[i:j])
        total += words
        if not any(_TABLE_SEP.fullmatch(line.strip()) for line in lines[i : min(j, i + 3)]):
            layout += words
        i = j
    return layout / total if total else 0.0


def _headings(html: str) -> list[str]:
    return [_SPACE.sub(" ", unescape(_TAG.sub(" ", m))).strip() for m in _H1.findall(html)]


def extract(
    html: str,
    url: str | None = None,
    options: HtmlOptions = DEFAULT_OPTIONS,
    settings: CleanerSettings = SETTINGS,
) -> tuple[str, int | None, dict[str, str | None]]:
    """trafilatura's view of the page: (source text, offset where comments begin or None, metadata).
    The source text is the title line, then the article's paragraphs, then the comments."""
    import trafilatura  # slow to import; only HTML needs it

    def bare(include_tables: bool) -> object:
        return trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            favor_precision=options.favor_precision,
            favor_recall=options.favor_recall,
            fast=options.fast,
            with_metadata=True,
            include_tables=include_tables,
        )

    doc = bare(options.include_tables)
    layout = options.include_tables and options.layout_tables and doc is not None and doc.text
    if layout and layout_share(doc.text) >= settings.layout_share:
        plain = bare(False)
        if plain is not None and len(plain.text or "") >= settings.layout_recovery * len(doc.text):
            doc = plain
    if doc is None:
        return "", None, {}
    title = (doc.title or "").strip()
    text = (doc.text or "").strip()
    # the page's own headline (an <h1> that the title names), which extractors leave out of the text;
    # the classifier keeps it as a heading, as it does for a headline above the article in a text dump
    headline = ""
    if options.headline:
        headline = next(
            (h for h in _headings(html) if len(h.split()) >= settings.headline_min_words and h in title), ""
        )
        if headline and text.startswith(headline):
            headline = ""
    source = SEPARATOR.join(p for p in (title, headline, text) if p)
    # comments come from a second, fast pass: asking for them in the first pass lets comment-like
    # text into the article body
    with_comments = trafilatura.bare_extraction(html, url=url, include_comments=True, fast=True)
    comments = (with_comments.comments or "").strip() if with_comments else ""
    if options.dump_comments:
        # trafilatura misses many threads (comments as list items, tables or plain divs) that the dump
        # path's comment section finds; the set with more words is kept
        from_dump = _dump_comments(html, text, settings)
        if len(_WORDS.findall(from_dump)) > len(_WORDS.findall(comments)):
            comments = from_dump
    comments_at = None
    if comments:
        source += SEPARATOR
        comments_at = len(source)
        source += comments
    meta = {"title": title or None, "author": doc.author, "date": doc.date, "url": doc.url}
    return source, comments_at, meta


def _dump_comments(html: str, body: str, settings: CleanerSettings = SETTINGS) -> str:
    """The comments the plain-text path finds in the page's naive dump, one line per comment line
    (author line first), leaving out lines the extracted article holds."""
    comments = clean_text(naive_dump(html), settings=settings).comments
    in_body = set(body.split("\n"))
    lines: list[str] = []
    for c in comments:
        for line in ([c.author] if c.author else []) + c.text.split("\n"):
            line = line.strip()
            if line and line not in in_body:
                lines.append(line)
    return "\n".join(lines)


def extracted_settings(settings: CleanerSettings = SETTINGS) -> CleanerSettings:
    """The classifier's settings for an extractor's output: its own date-line and repeat limits
    (`html_date_line_max_words`, `html_repeat_min_words`)."""
    return replace(
        settings,
        date_line_max_words=settings.html_date_line_max_words,
        repeat_min_words=settings.html_repeat_min_words,
    )


def clean_html(
    html: str,
    *,
    url: str | None = None,
    recurring: frozenset[str] = frozenset(),
    options: HtmlOptions = DEFAULT_OPTIONS,
    settings: CleanerSettings = SETTINGS,
) -> CleanDocument:
    """Extract the article from a page with trafilatura, then classify its blocks as for plain text.
    Block offsets point into `source_text` (the extracted text), not into the HTML."""
    source, comments_at, meta = extract(html, url, options, settings)
    c = classify(
        source,
        recurring,
        extracted=True,
        comments_at=comments_at,
        rules=options.classify_blocks,
        settings=extracted_settings(settings),
    )
    doc = build_document(c, url=url or meta.get("url"), source_text=source, settings=settings)
    if not doc.authors and meta.get("author"):
        doc.authors = [a.strip() for a in meta["author"].split(";") if a.strip()]
    if doc.published_date is None and meta.get("date"):
        with suppress(ValueError):
            doc.published_date = date.fromisoformat(meta["date"][:10])
    return doc
