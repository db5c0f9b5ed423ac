"""The block classifier: one kind per block of a plain-text dump, and the reason that decided it.

Passes, in order:
1. rules: phrases of the trade ('Comments are closed', 'Follow us', video durations, bylines, credits),
   blocks a source repeats on every page, blocks naming the author (bios);
2. a jusText-like text class for the rest (good / near / short / bad, from length and stopword density);
3. the comment section: after a comments header (or before 'Comments are closed') once the article
   has begun, up to the page footer;
4. the main-content run: the densest run of prose before the comments (maximum-sum segment), inside
   which short blocks become headings or short paragraphs by context, and outside which prose is
   boilerplate;
5. edges: self-promotion trimmed from both ends of the run, bios recognised by shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import block_fingerprint, normalise, split_blocks
from .lexicon import (
    BIO_CUES,
    BIO_START,
    BULLET,
    BYLINE,
    BYLINE_LABEL,
    COMMENT_HEADER,
    COMMENT_SAYS,
    COMMENT_START_PHRASES,
    CREDIT_LINE,
    DATE,
    DURATION_END,
    LEGAL,
    LEGAL_MAX_WORDS,
    LINE_RULES,
    NAME_RE,
    NUMBERED,
    PHOTO_CREDIT,
    PROMO_WORDS,
    RULE_CORE,
    STOPWORDS,
    TIME,
    WRITES_NAME,
)

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_CHARS = ".!?…"
_CLOSERS = "\"'”’)]"
_ALPHA_START = re.compile(r"^[\"“‘'(\[]?[A-Z0-9]")
ABOUT_AUTHOR = re.compile(r"^about the author\s*[:\-–—]?\s*", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:»·]+\s+|\s*::\s*")

# jusText's English defaults (characters, stopword densities).
LENGTH_LOW, LENGTH_HIGH = 70, 200
STOP_LOW, STOP_HIGH = 0.30, 0.32
# Phrase rules only judge short blocks: a long paragraph that mentions 'newsletter' is still prose.
RULE_MAX_WORDS = 14
RULE_WORDS = {"highlights": 4, "promo": 10, "navigation": 10, "media": 10}
MIN_ARTICLE_WORDS_BEFORE_COMMENTS = 60
FOOTER_GAP = 7
MARKER_WINDOW, MARKERS_IN_WINDOW = 15, 3  # this many comment headers/actions close together start comments  # this many non-prose blocks in a row end a comment section
BARRIER = float("-inf")


@dataclass(slots=True)
class Item:
    """A block while it is being classified."""

    index: int
    start: int
    end: int
    text: str
    para: int  # index of the blank-line-separated paragraph it belongs to
    words: int
    chars: int
    stop: float
    sentence: bool  # ends like a sentence
    cls: str = ""  # good / near / short / bad (text class, for blocks no rule decided)
    kind: str | None = None
    reason: str = ""
    score: float | None = None
    rule: str = ""  # name of the phrase rule that matched, if any


@dataclass
class Classified:
    items: list[Item]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    comment_range: tuple[int, int] | None = None  # [start, end) item indices of the comment section


def _features(text: str, raw: str, blocks: list[tuple[int, int, str]]) -> list[Item]:
    items = []
    para = 0
    prev_end = 0
    for i, (start, end, t) in enumerate(blocks):
        if i and raw.count("\n", prev_end, start) >= 2:
            para += 1
        prev_end = end
        words = _WORD.findall(t.lower())
        n = len(words)
        stop = sum(map(STOPWORDS.__contains__, words)) / n if n else 0.0
        items.append(Item(i, start, end, t, para, n, len(t), stop, _ends_sentence(t)))
    return items


def _ends_sentence(t: str) -> bool:
    core = t.rstrip(_CLOSERS)
    return (core[-1:] in _SENTENCE_CHARS and core != "") or t[-1] in "\"”"


def _text_class(it: Item) -> str:
    if it.chars < LENGTH_LOW:
        return "short"
    if it.stop >= STOP_HIGH:
        return "good" if it.chars > LENGTH_HIGH else "near"
    if it.stop >= STOP_LOW:
        return "near"
    return "bad"


def _credit_hint(t: str) -> bool:
    """Cheap test before the photo-credit patterns."""
    low = t.lower()
    return "/" in t or "(" in t or ":" in t or "photo" in low or "image" in low or "getty" in low or (
        "picture" in low or "shutterstock" in low or "istock" in low
    )


def _set(it: Item, kind: str, reason: str) -> None:
    it.kind, it.reason = kind, reason


def _add_names(authors: list[str], names: str) -> None:
    for name in re.split(r"\s*(?:,|&|\band\b)\s*", names):
        name = name.strip(" .,")
        if len(name.split()) >= 2 and name not in authors:
            authors.append(name)


def _rules(items: list[Item], recurring: frozenset[str], authors: list[str]) -> None:
    media_texts: set[str] = set()
    in_highlights = False
    for it in items:
        if it.kind:
            continue
        t = it.text
        if in_highlights:
            if BULLET.match(t):
                _set(it, "highlights", "highlights:bullet")
                m = WRITES_NAME.search(t)
                if m:
                    _add_names(authors, m.group("name"))
                continue
            in_highlights = False
        m = LINE_RULES.fullmatch(RULE_CORE.sub("", t)) if it.words <= RULE_MAX_WORDS else None
        if m:
            kind, name, _ = m.lastgroup.split("__")
            if it.words <= RULE_WORDS.get(kind, RULE_MAX_WORDS):
                _set(it, kind, f"phrase:{name}")
                it.rule = name
                in_highlights = kind == "highlights"
                continue
        if it.words <= LEGAL_MAX_WORDS and LEGAL.search(t):
            _set(it, "boilerplate", "phrase:legal")
            it.rule = "legal"
            continue
        if it.words <= 20 and t[-1].isdigit() and DURATION_END.search(t[-12:]) and not DATE.search(t):
            _set(it, "media", "media:duration")
            media_texts.add(normalise(DURATION_END.sub("", t)))
            continue
        if it.words <= 16 and not COMMENT_SAYS.search(t):
            m = BYLINE.match(t) or BYLINE_LABEL.match(t)
            if m:
                _set(it, "byline", "byline:by")
                _add_names(authors, m.group("names"))
                continue
        if it.words <= 60 and not t.endswith(":") and _credit_hint(t) and (
            PHOTO_CREDIT.search(t) or CREDIT_LINE.match(t)
        ):
            if not it.sentence or t.endswith(")"):
                _set(it, "caption", "caption:credit")
                continue
        if it.words <= 12 and DATE.search(t):
            rest = TIME.sub("", DATE.sub("", t))
            if len(_WORD.findall(rest)) <= 3:
                _set(it, "byline", "date:line")
                continue
        if recurring and block_fingerprint(t) in recurring:
            _set(it, "boilerplate", "recurring:source")
    if media_texts:
        for it in items:
            if it.kind is None and normalise(it.text) in media_texts:
                _set(it, "media", "media:repeat")


def _bios(items: list[Item], authors: list[str]) -> None:
    if not authors:
        return
    full = {normalise(a) for a in authors}
    for it in items:
        if it.kind not in (None, "boilerplate") or it.words > 150:
            continue
        if normalise(it.text) in full:
            _set(it, "byline", "name:author")
            continue
        text = ABOUT_AUTHOR.sub("", it.text)
        for a in authors:
            if text.startswith(a) and (BIO_START.match(text) or BIO_CUES.search(text)):
                _set(it, "author_bio", "bio:author_name")
                break


def _comment_markers(items: list[Item]) -> tuple[list[bool], list[bool]]:
    """Per block: is it a comment-section start, and is it a comment item marker (header/action)."""
    start = [it.kind == "comments_meta" and it.rule in COMMENT_START_PHRASES for it in items]
    marker = [
        (it.kind == "comments_meta" and it.rule == "comment_action")
        or (
            (it.kind is None or it.reason == "date:line")
            and it.words <= 14
            and bool(TIME.search(it.text) or COMMENT_SAYS.search(it.text))
            and bool(COMMENT_HEADER.match(it.text))
        )
        for it in items
    ]
    return start, marker


def _is_prose(it: Item) -> bool:
    return it.kind is None and it.cls in ("good", "near")


def _comment_section(items: list[Item]) -> tuple[int, int] | None:
    """[start, end) of the comment section: a comments header, or a cluster of comment headers and
    actions, once the article has begun; it runs to the last comment-like block before the footer."""
    starts, markers = _comment_markers(items)
    words_before = 0
    for i, it in enumerate(items):
        if words_before >= MIN_ARTICLE_WORDS_BEFORE_COMMENTS and (
            starts[i] or (markers[i] and sum(markers[i : i + MARKER_WINDOW]) >= MARKERS_IN_WINDOW)
        ):
            end = _comment_section_end(items, i, markers)
            if end:
                return i, end
        if it.kind is None and it.cls == "good":
            words_before += it.words
    return None


def _comment_section_end(items: list[Item], begin: int, markers: list[bool]) -> int | None:
    """The section ends after the last comment-like block before a long run of other blocks, a legal
    line, or a comment form that follows at least one comment; None when it holds no prose."""
    last = begin
    gap = 0
    prose = n_markers = 0
    closed = False
    for j in range(begin + 1, len(items)):
        it = items[j]
        if it.rule == "legal":
            break
        if it.rule in ("comment_form", "comments_closed") and prose:
            closed = True
            break
        if _is_prose(it) or markers[j] or NUMBERED.match(it.text):
            last, gap = j, 0
            prose += _is_prose(it)
            n_markers += markers[j] or bool(NUMBERED.match(it.text))
        elif it.kind is None and (it.stop > 0 or it.sentence):
            last, gap = j, 0  # a short comment
        else:
            gap += 1  # menus, share buttons, and names (which a comment follows)
            if gap >= FOOTER_GAP:
                break
    # a counted header ('12 Comments') starts comments for sure; a bare 'Comments' needs comment headers,
    # actions or numbers between the comments, or a form or closing line after them
    strong = items[begin].rule == "comment_count"
    if not prose or not (strong or closed or n_markers >= min(2, prose)):
        return None
    return last + 1


def _trailing_comments(items: list[Item], region_end: int, markers: list[bool]) -> tuple[int, int] | None:
    """Comments with no header: prose after the article that ends at 'Comments are closed' or a comment form."""
    for e in range(region_end, len(items)):
        it = items[e]
        if it.kind == "comments_meta" and it.rule in ("comments_closed", "comment_form"):
            break
    else:
        return None
    j = e - 1
    structured = it.rule == "comments_closed"
    while j >= region_end:
        b = items[j]
        if b.kind is not None and not markers[j]:
            break
        structured = structured or markers[j] or bool(NUMBERED.match(b.text))
        j -= 1
    if j + 1 >= e or not structured or not any(_is_prose(items[k]) for k in range(j + 1, e)):
        return None
    return j + 1, e


def _weight(it: Item) -> float:
    if it.kind is None:
        if it.cls == "good":
            return it.words / 10
        if it.cls == "near":
            return it.words / 20
        if it.cls == "bad":
            return -it.words / 20
        # short
        if it.sentence and it.words >= 3:
            return 0.3
        return -0.4 if it.stop == 0 else -0.1
    if it.kind == "author_bio":
        return BARRIER
    if it.kind in ("caption", "highlights", "byline"):
        return -0.2
    if it.kind == "comments_meta":
        return -3.0
    return -1.0


def _best_run(items: list[Item], lo: int, hi: int) -> tuple[int, int] | None:
    """Maximum-sum segment [a, b) of block weights within [lo, hi)."""
    best, best_a, best_b = 0.0, None, None
    cur, cur_a = 0.0, lo
    for i in range(lo, hi):
        w = _weight(items[i])
        if cur <= 0:
            cur, cur_a = 0.0, i
        cur += w
        if cur > best:
            best, best_a, best_b = cur, cur_a, i + 1
        if w == BARRIER:
            cur, cur_a = 0.0, i + 1
    if best_a is None:
        return None
    return best_a, best_b


def _inside(items: list[Item], a: int, b: int) -> None:
    """Kinds for the blocks of the main-content run [a, b)."""
    for i in range(a, b):
        it = items[i]
        if it.kind:
            continue
        if it.cls in ("good", "near"):
            _set(it, "body", f"score:{min(1.0, it.stop / STOP_HIGH * min(1.0, it.chars / LENGTH_HIGH)):.2f}")
        elif it.cls == "bad":
            _set(it, "boilerplate", "score:few_stopwords")
    # short blocks: by shape and context
    for i in range(a, b):
        it = items[i]
        if it.kind:
            continue
        prev_short = i > a and items[i - 1].kind is None and items[i - 1].cls == "short"
        next_short = i + 1 < b and items[i + 1].cls == "short" and items[i + 1].kind in (None, "navigation")
        if it.sentence and it.words >= 3 and it.stop > 0:
            _set(it, "body", "short:sentence")
        elif prev_short or next_short:
            _set(it, "navigation", "short:link_list")
        elif it.words <= 15 and _ALPHA_START.match(it.text) and not it.text.endswith((":", ",")):
            nxt = next((items[j] for j in range(i + 1, b) if items[j].kind not in ("caption", "media")), None)
            if nxt is not None and nxt.kind == "body":
                _set(it, "heading", "short:heading")
            else:
                _set(it, "navigation", "short:no_body_after")
        else:
            _set(it, "navigation", "short:no_sentence")


def _outside(it: Item) -> None:
    if it.cls in ("good", "near"):
        if PROMO_WORDS.search(it.text):
            _set(it, "promo", "outside_main:promo_words")
        else:
            _set(it, "boilerplate", "outside_main:prose")
    else:
        _set(it, "navigation", f"outside_main:{it.cls}")


def _trim_edges(items: list[Item], a: int, b: int) -> None:
    """Self-promotion at the ends of the run ('follow me on Twitter', 'buy my book here')."""
    for rng in (range(a, b), range(b - 1, a - 1, -1)):
        for i in rng:
            it = items[i]
            if it.kind not in ("body", "heading", "navigation", None):
                continue
            if it.kind in ("body", "heading") and not (it.words < 80 and PROMO_WORDS.search(it.text)):
                break
            if it.kind in ("body", "heading"):
                _set(it, "promo", "edge:promo_words")


def _shape_bios(items: list[Item], a: int, b: int, authors: list[str]) -> None:
    """A bio at either end of the article: 'X is a senior fellow at ...'."""
    for rng in (range(a, min(b, a + 3)), range(b - 1, max(a, b - 4) - 1, -1)):
        for i in rng:
            it = items[i]
            if it.kind != "body":
                continue
            text = ABOUT_AUTHOR.sub("", it.text)
            m = BIO_START.match(text)
            if m and (BIO_CUES.search(text) or text != it.text) and it.words <= 120:
                _set(it, "author_bio", "bio:shape")
                if not authors:
                    _add_names(authors, m.group("name"))


def _title(items: list[Item]) -> str | None:
    if not items:
        return None
    first = items[0]
    if first.words <= 40 and not first.kind:
        _set(first, "title", "position:first_line")
        return first.text
    return None


def _title_repeats(items: list[Item], title: str | None, a: int) -> None:
    """The headline shown again above the article (the dump's first line is often '<headline> | Site')."""
    if not title:
        return
    keys = {normalise(title)} | {normalise(p) for p in _TITLE_SPLIT.split(title) if len(p.split()) >= 3}
    for it in items[1 : a + 3]:
        if it.kind in (None, "heading", "navigation", "body") and it.words <= 40 and normalise(it.text) in keys:
            _set(it, "title", "title:repeat")


def classify(raw: str, recurring: frozenset[str] = frozenset()) -> Classified:
    items = _features(raw, raw, split_blocks(raw))
    authors: list[str] = []
    title = _title(items)
    _rules(items, recurring, authors)
    _bios(items, authors)
    for it in items:
        if it.kind is None:
            it.cls = _text_class(it)

    comments = _comment_section(items)
    limit = comments[0] if comments else len(items)
    run = _best_run(items, 0, limit)
    a, b = run if run else (limit, limit)
    if not comments:
        _, markers = _comment_markers(items)
        comments = _trailing_comments(items, b, markers)
    if comments:
        for i in range(*comments):
            it = items[i]
            if it.kind in (None, "byline") and (it.kind is None or it.reason == "date:line"):
                _set(it, "comment", "comments:section")
    _title_repeats(items, title, a)
    _inside(items, a, b)
    for it in items:
        if it.kind is None:
            _outside(it)
    _trim_edges(items, a, b)
    _shape_bios(items, a, b, authors)
    return Classified(items, title, authors, comments)
