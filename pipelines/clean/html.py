"""HTML pages: trafilatura extracts the main text and the comments, then the block classifier runs on it.

How trafilatura is asked is an `HtmlOptions`; `DEFAULT_OPTIONS` is the one measured best on both dev sets
(bench/cleaning.py --alternatives prints the others side by side)."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from html import unescape
from typing import NamedTuple

from .classify import classify
from .cleaner import build_document, clean_text
from .dump import naive_dump
from .lexicon import DATE
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
    # when trafilatura's article is mostly short lines of link text (a list of stories, a sidebar) and the
    # dump path's article is not, the dump path's article is taken instead
    link_lists: bool = True
    # with favor_recall: the article is cut after its last paragraph that favor_precision also keeps (a
    # second trafilatura pass); what recall mode adds below the article is mostly the page's furniture
    core_tail: bool = True


# favor_recall with tables, the classifier on top: on both dev sets at least trafilatura alone (defaults);
# leaving tables out scored higher on the 2012 pages and lower than trafilatura on the modern ones
DEFAULT_OPTIONS = HtmlOptions(favor_recall=True)

# The numbers (the layout-table retry's share and recovery, the headline's length, the block rules that
# change on an extractor's output) are in settings.py.

# <h1>, <h2>, <h3>: a blog's headline is often an <h2> or <h3> under the blog's name in the <h1>
_HEADINGS = [re.compile(rf"<h{n}\b[^>]*>(.*?)</h{n}\s*>", re.IGNORECASE | re.DOTALL) for n in (1, 2, 3)]
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_TABLE_SEP = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")
_WORDS = re.compile(r"\w+")
_SLIDE = re.compile(r"^(?:- )?(\d{1,3}) ?(?:/|of) ?(\d{1,3})\s+\S")
# a link's inner HTML, up to its </a>; a link left open ends at the next <a> (no match): linear time
_ANCHOR = re.compile(r"<a\b[^>]*>([^<]*(?:<(?!/?a\b)[^<]*)*)</a\s*>", re.IGNORECASE)


def layout_words(text: str) -> tuple[int, int, int]:
    """(words, words in layout-table rows, words of the largest such row) of an extraction; a layout
    table is a run of '| cell |' rows without a '|---|' header row."""
    lines = text.split("\n")
    total = layout = largest = 0
    i = 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            total += len(_WORDS.findall(lines[i]))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("|"):
            j += 1
        rows = [len(_WORDS.findall(line)) for line in lines[i:j]]
        total += sum(rows)
        if not any(_TABLE_SEP.fullmatch(line.strip()) for line in lines[i : min(j, i + 3)]):
            layout += sum(rows)
            largest = max(largest, *rows)
        i = j
    return total, layout, largest


def layout_share(text: str) -> float:
    """Share of the words of an extraction that sit in tables without a header row ('|---|')."""
    total, layout, _ = layout_words(text)
    return layout / total if total else 0.0


def anchor_texts(html: str) -> frozenset[str]:
    """The link texts of a page, each as its lowercased words joined by one space."""
    found = set()
    for inner in _ANCHOR.findall(html):
        key = " ".join(_WORDS.findall(unescape(_TAG.sub(" ", inner)).lower()))
        if key:
            found.add(key)
    return frozenset(found)


def _linked_words(words: list[str], anchors: frozenset[str]) -> int:
    """How many of a line's words lie in link texts (the longest link text starting at each word)."""
    n = len(words)
    i = covered = 0
    while i < n:
        j = next((j for j in range(n, i, -1) if " ".join(words[i:j]) in anchors), i)
        covered += j - i
        i = max(j, i + 1)
    return covered


def link_line_share(text: str, anchors: frozenset[str] | None, settings: CleanerSettings = SETTINGS) -> float:
    """Share of the words of an extracted text in link lines: lines of at most `link_line_max_words`
    words of which at least `link_line_min_share` are link text (a story list, a menu, a sidebar).
    `anchors` None: every short line counts (an upper bound, which needs no link texts)."""
    total = linked = 0
    for line in text.split("\n"):
        words = _WORDS.findall(line.lower())
        total += len(words)
        if not words or len(words) > settings.link_line_max_words:
            continue
        if anchors is None or _linked_words(words, anchors) >= settings.link_line_min_share * len(words):
            linked += len(words)
    return linked / total if total else 0.0


def _without_tables(text: str, plain: str, settings: CleanerSettings = SETTINGS) -> bool:
    """Whether the extraction without tables (`plain`) replaces `text`, an extraction that is mostly a layout
    table: when it finds `layout_recovery` times more (the table was a sidebar that trapped the extractor),
    or when the table holds more than the article's cell (its other cells are menus and sidebars) and
    `plain` finds most of that cell again."""
    if len(plain) >= settings.layout_recovery * len(text):
        return True
    total, _, largest = layout_words(text)
    return (
        largest < settings.layout_main_cell_share * total
        and len(_WORDS.findall(plain)) >= settings.layout_cell_recovery * largest
    )


def without_dated_list(text: str, settings: CleanerSettings = SETTINGS) -> str:
    """`text` without the list it ends with when that list is one of other stories: at least
    `dated_list_min_items` items ('- ' lines), `dated_list_share` of them ending in a date (a related-posts
    or recent-posts list, 'Title - Nov 9, 2012'). An article's own closing list has no dates on its items."""
    lines = text.split("\n")
    k = len(lines)
    while k and (lines[k - 1].startswith("- ") or not lines[k - 1].strip()):
        k -= 1
    items = [line for line in lines[k:] if line.strip()]
    if len(items) < settings.dated_list_min_items:
        return text
    reach = settings.dated_list_reach
    dated = sum(DATE.search(line[-reach:]) is not None for line in items)
    if dated < settings.dated_list_share * len(items):
        return text
    return "\n".join(lines[:k]).rstrip()


def without_feed(text: str, settings: CleanerSettings = SETTINGS) -> str:
    """`text` without an activity feed: at least `feed_min_lines` short lines (up to `feed_max_words`
    words, not table rows) that share one pair of consecutive words ('liked this', 'reblogged this'),
    at least `feed_share` of the lines with words from the first of them to the last. Sentences of an
    article are longer, and do not repeat one phrase line after line."""
    lines = text.split("\n")
    pairs: list[set[tuple[str, str]]] = []
    for line in lines:
        words = _WORDS.findall(line.lower()) if not line.startswith("|") else []
        short = len(words) <= settings.feed_max_words
        pairs.append(set(zip(words, words[1:], strict=False)) if short else set())
    counts = Counter(pair for found in pairs for pair in found)
    if not counts:
        return text
    pair, n = counts.most_common(1)[0]
    if n < settings.feed_min_lines:
        return text
    at = [i for i, found in enumerate(pairs) if pair in found]
    first, last = at[0], at[-1] + 1
    if n < settings.feed_share * sum(1 for line in lines[first:last] if _WORDS.search(line)):
        return text
    return "\n".join(lines[:first] + lines[last:])


def without_gallery(text: str, settings: CleanerSettings = SETTINGS) -> str:
    """`text` without a slideshow's captions: lines opening with a slide counter ('12/50 Title ...'),
    when at least `gallery_min_slides` different slides of one count are there (not '1/2 cup')."""
    lines = text.split("\n")
    slides = [m.groups() if (m := _SLIDE.match(line)) else None for line in lines]
    counts = Counter(found[1] for found in set(s for s in slides if s) if int(found[0]) <= int(found[1]))
    total = next((n for n, k in counts.most_common(1) if k >= settings.gallery_min_slides), None)
    if total is None:
        return text
    kept = (line for line, found in zip(lines, slides, strict=True) if not (found and found[1] == total))
    return "\n".join(kept)


def _shingles(text: str) -> list[tuple[str, ...]]:
    """The 4-word windows of a text (a shorter text: its words)."""
    words = _WORDS.findall(text)
    return [tuple(words[k : k + 4]) for k in range(len(words) - 3)] if len(words) >= 4 else [tuple(words)]


def _ends_short(text: str, settings: CleanerSettings = SETTINGS) -> bool:
    """Whether the last line with words of `text` has at most `core_tail_max_words` words (a sign-off, a
    link, a list item: what a page's furniture below an article looks like)."""
    last = next((line for line in reversed(text.split("\n")) if _WORDS.search(line)), "")
    return bool(last) and len(_WORDS.findall(last)) <= settings.core_tail_max_words


def without_tail_beyond(text: str, core: str, settings: CleanerSettings = SETTINGS) -> str:
    """`text` (recall mode's article) cut after its last line that `core` (precision mode's article on the
    same page) holds: a line of which at least `core_line_share` of the 4-word windows are in `core`. Not
    when `core` found under `core_min_share` of the words (it missed the article), nor when the cut would
    drop more than `core_max_drop` of them (the tail is part of the article)."""
    total = len(_WORDS.findall(text))
    if not total or len(_WORDS.findall(core)) < settings.core_min_share * total:
        return text
    windows = set(_shingles(core))
    lines = text.split("\n")
    last = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if _WORDS.search(lines[i])
            and (shingles := _shingles(lines[i]))
            and sum(w in windows for w in shingles) >= settings.core_line_share * len(shingles)
        ),
        None,
    )
    if last is None:
        return text
    kept = "\n".join(lines[: last + 1])
    if len(_WORDS.findall(kept)) < (1 - settings.core_max_drop) * total:
        return text
    return kept


def _headings(html: str, levels: int = 1) -> list[str]:
    """The texts of the page's <h1> headings, then of its <h2> ... <h`levels`> ones."""
    return [
        _SPACE.sub(" ", unescape(_TAG.sub(" ", m))).strip()
        for pattern in _HEADINGS[:levels]
        for m in pattern.findall(html)
    ]


class Extracted(NamedTuple):
    """trafilatura's view of a page, as the classifier reads it."""

    source: str  # the title line, then the article's paragraphs, then the comments
    comments_at: int | None  # where the comments begin in source; None: no comments
    metadata: dict[str, str | None]  # title, author, date, url
    extraction: str  # what gave the article: one of records.EXTRACTIONS


def extract(
    html: str,
    url: str | None = None,
    options: HtmlOptions = DEFAULT_OPTIONS,
    settings: CleanerSettings = SETTINGS,
) -> Extracted:
    """trafilatura's view of the page, with the fixes of its known misses below (tables used for layout,
    lists of other stories, feeds, galleries, the furniture below the article, the headline)."""
    import trafilatura  # slow to import; only HTML needs it

    def bare(include_tables: bool, *, precision_core: bool = False) -> object:
        """The article as the options ask for it, or (precision_core) precision mode's, without metadata."""
        return trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            favor_precision=precision_core or options.favor_precision,
            favor_recall=not precision_core and options.favor_recall,
            fast=options.fast,
            with_metadata=not precision_core,
            include_tables=include_tables,
        )

    doc = bare(options.include_tables)
    extraction = "trafilatura"
    layout = options.include_tables and options.layout_tables and doc is not None and doc.text
    if layout and layout_share(doc.text) >= settings.layout_share:
        plain = bare(False)
        if plain is not None and _without_tables(doc.text, plain.text or "", settings):
            doc = plain
            extraction = "trafilatura_without_tables"
    if doc is None:
        return Extracted("", None, {}, extraction)
    title = (doc.title or "").strip()
    text = (doc.text or "").strip()
    text = without_dated_list(without_feed(without_gallery(text, settings), settings), settings)
    if options.core_tail and options.favor_recall and _ends_short(text, settings):
        # what follows the last paragraph that trafilatura's precision mode also keeps is the page's
        # furniture below the article (sign-offs, sidebars, 'more from' lists), which recall mode lets in;
        # an article that ends in a full paragraph has no such tail, and is not extracted twice
        core = bare(extraction == "trafilatura", precision_core=True)
        if core is not None and core.text:
            text = without_tail_beyond(text, core.text, settings)
    dump_doc: CleanDocument | None = None  # the dump path's view of the page, made once when needed
    # a list of stories or a sidebar taken for the article: most of the words are in short lines of link
    # text. The dump path's article (its own main-content run) is kept instead when it has not that shape.
    # Short lines are counted first, which needs no link texts: most pages stop there.
    if options.link_lists and link_line_share(text, None, settings) >= settings.link_list_share:
        anchors = anchor_texts(html)
        share = link_line_share(text, anchors, settings)
        if share >= settings.link_list_share:
            dump_doc = clean_text(naive_dump(html), settings=settings)
            alternative = dump_doc.body_text.strip()
            if (
                alternative
                and link_line_share(alternative, anchors, settings) < settings.link_list_alt_share * share
            ):
                text = alternative
                extraction = "naive_dump"
    # the page's own headline (an <h1>, else an <h2> or <h3>, that the title names), which extractors leave
    # out of the text; the classifier keeps it as a heading, as for a headline above a text dump's article
    headline = ""
    if options.headline:
        headline = next(
            (
                h
                for h in _headings(html, settings.headline_levels)
                if len(h.split()) >= settings.headline_min_words and h in title
            ),
            "",
        )
        if headline and (text.startswith(headline) or headline in text.split("\n")):
            headline = ""
    source = SEPARATOR.join(p for p in (title, headline, text) if p)
    # comments come from a second, fast pass: asking for them in the first pass lets comment-like
    # text into the article body
    with_comments = trafilatura.bare_extraction(html, url=url, include_comments=True, fast=True)
    comments = (with_comments.comments or "").strip() if with_comments else ""
    if options.dump_comments:
        # trafilatura misses many threads (comments as list items, tables or plain divs) that the dump
        # path's comment section finds; the set with more words is kept
        if dump_doc is None:
            dump_doc = clean_text(naive_dump(html), settings=settings)
        from_dump = _dump_comments(dump_doc, text)
        if len(_WORDS.findall(from_dump)) > len(_WORDS.findall(comments)):
            comments = from_dump
    comments_at = None
    if comments:
        source += SEPARATOR
        comments_at = len(source)
        source += comments
    meta = {"title": title or None, "author": doc.author, "date": doc.date, "url": doc.url}
    return Extracted(source, comments_at, meta, extraction)


def _dump_comments(dump_doc: CleanDocument, body: str) -> str:
    """The comments the plain-text path found in the page's naive dump, one line per comment line
    (author line first), leaving out lines the extracted article holds."""
    comments = dump_doc.comments
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
    source, comments_at, meta, extraction = extract(html, url, options, settings)
    c = classify(
        source,
        recurring,
        extracted=True,
        comments_at=comments_at,
        rules=options.classify_blocks,
        settings=extracted_settings(settings),
    )
    doc = build_document(c, url=url or meta.get("url"), source_text=source, settings=settings)
    doc.extraction = extraction
    if not doc.authors and meta.get("author"):
        doc.authors = [a.strip() for a in meta["author"].split(";") if a.strip()]
    if doc.published_date is None and meta.get("date"):
        with suppress(ValueError):
            doc.published_date = date.fromisoformat(meta["date"][:10])
    return doc
