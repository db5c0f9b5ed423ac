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
5. edges: self-promotion trimmed from both ends of the run, bios recognised by shape or by a byline
   author as their subject after the article ('NAME is ...', 'NAME covers ...'), a paragraph shown
   twice kept once. The headline repeated just above the article (the dump's first line is the page
   title, often '<headline> | Site') is kept as the body's first heading; the title line itself is not.

For an extractor's output (HTML through trafilatura) the whole text is the main run: only the rules,
the comment section and the repeats apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import block_fingerprint, normalise
from .lexicon import (
    AUTHOR_BIO_VERB,
    BIO_CUES,
    BIO_START,
    BULLET,
    BYLINE,
    BYLINE_LABEL,
    COMMENT_HEADER,
    COMMENT_SAYS,
    COMMENT_START_PHRASES,
    CONTAINS_RULES,
    CREDIT_LABEL,
    CREDIT_LINE,
    CREDIT_PAREN,
    CREDIT_WORDS,
    DATE,
    DURATION_END,
    FIRST_LETTERS,
    LEGAL,
    LEGAL_MAX_WORDS,
    LINE_RULE_FIRST_PREFIXES,
    LINE_RULE_FIRST_WORDS,
    LINE_RULES,
    LINK_PREFIX,
    NUMBERED,
    ORG_WORDS,
    PROMO_CTA,
    PROMO_WORDS,
    RULE_CORE,
    STOPWORDS,
    TIME,
    TIMESTAMP_END,
    WRITES_NAME,
)

_WORD = re.compile(r"\w++(?:['’]\w++)*+")  # possessive: the same words as \w+(?:['’]\w+)*, faster
_CAP_WORD = re.compile(r"(?<![\w'’])[A-Z]")
_CORE_CHARS = frozenset(" {}[]()<>«»‹›|•·*→←↑↓-–—:")
_DIGITS = re.compile(r"\d\d")
_SENTENCE_CHARS = ".!?…"
_CLOSERS = "\"'”’)]"
_ALPHA_START = re.compile(r"^[\"“‘'(\[]?[A-Z0-9]")
ABOUT_AUTHOR = re.compile(r"^about the author\s*[:\-–—]?\s*", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:»·]+\s+|\s*::\s*")

# jusText-like thresholds (characters, stopword densities); the densities sit below jusText's 0.30/0.32
# because this stoplist is shorter than jusText's.
LENGTH_LOW, LENGTH_HIGH = 70, 130
STOP_LOW, STOP_HIGH = 0.25, 0.28
# Phrase rules only judge short blocks: a long paragraph that mentions 'newsletter' is still prose.
RULE_MAX_WORDS = 14
RULE_WORDS = {"highlights": 4, "promo": 10, "navigation": 10, "media": 10}
MIN_ARTICLE_WORDS_BEFORE_COMMENTS = 60
FOOTER_GAP = 7  # this many non-prose blocks in a row end a comment section
MARKER_WINDOW = 15  # comment headers/actions: MARKERS_IN_WINDOW of them within this many blocks ...
MARKERS_IN_WINDOW = 3  # ... start a comment section
BARRIER = float("-inf")
HEADLINE_REACH = 8  # the headline repeat kept as a heading lies within this many blocks of the run's start
INSIDE_STOP_MIN = 0.15
# English prose runs at 0.4-0.6 stopwords; long blocks averaging under this are not in the stoplist's language
FOREIGN_STOP_MAX = 0.1
FOREIGN_MIN_WORDS = 100  # ... judged once the long blocks hold this many words
# hard-wrapped paragraphs (_unwrap): at least this many lines of one paragraph, all but the last this wide
# and none of them ending a sentence (fixed-width text wraps at 60-80 columns)
WRAP_MIN_LINES = 2
WRAP_MIN_CHARS, WRAP_MAX_CHARS = 50, 100
# in an extractor's output, a 'comment section' holding this many prose paragraphs in a row is an article
# (a second story after a 'Comments (5)' link): real threads put a header, name or date between comments
DENSE_RUN_BLOCKS = 8
# ... and in a raw dump too when a 'by NAME' byline comes within this many blocks of the header (a second
# story of a multi-story page); a dump's comments often come without header lines, so prose alone is no sign
BYLINE_REACH = 3


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
    low: str  # text.lower()
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


def _features(raw: str) -> list[Item]:
    """One item per non-empty line (the blocks of split_blocks, in one pass); a blank line between two
    blocks starts a new paragraph."""
    items: list[Item] = []
    append = items.append
    findall = _WORD.findall
    is_stop = STOPWORDS.__contains__
    para = 0
    pos = 0
    gap = False
    for line in raw.split("\n"):
        left = line.lstrip()
        if left:
            t = left.rstrip()
            start = pos + len(line) - len(left)
            if gap and items:
                para += 1
            gap = False
            low = t.lower()
            words = findall(low)
            n = len(words)
            stop = sum(map(is_stop, words)) / n if n else 0.0
            core = t.rstrip(_CLOSERS)
            sentence = (core != "" and core[-1] in _SENTENCE_CHARS) or t[-1] in '"”'  # ends like a sentence
            append(Item(len(items), start, start + len(t), t, para, n, len(t), stop, sentence, low))
        else:
            gap = True
        pos += len(line) + 1
    return items


def _foreign(items: list[Item]) -> bool:
    """The long blocks hold almost none of the (English) stopwords: another language, or placeholder text;
    then stopword density says nothing and blocks are judged by length alone."""
    words = stops = 0.0
    for it in items:
        if it.kind is None and it.chars >= LENGTH_HIGH:
            words += it.words
            stops += it.stop * it.words
    return words >= FOREIGN_MIN_WORDS and stops / words < FOREIGN_STOP_MAX


def _wraps(it: Item) -> bool:
    """A line that a fixed width broke: wide enough, and not the end of a sentence."""
    return WRAP_MIN_CHARS <= it.chars <= WRAP_MAX_CHARS and not it.sentence


def _unwrap(items: list[Item]) -> None:
    """A hard-wrapped paragraph (a <pre> text, a plain-text e-mail: lines of one paragraph broken at a
    fixed width) is judged as one block: each of its lines gets the paragraph's length and stopword
    density, so that a short line of a long paragraph is not taken for a menu item."""
    i = 0
    n = len(items)
    while i < n:
        j = i
        while j + 1 < n and items[j + 1].para == items[i].para and _wraps(items[j]):
            j += 1
        run = items[i : j + 1]
        if len(run) >= WRAP_MIN_LINES and run[-1].chars <= WRAP_MAX_CHARS:
            words = sum(it.words for it in run)
            stop = sum(it.stop * it.words for it in run) / words if words else 0.0
            chars = sum(it.chars for it in run) + len(run) - 1
            for it in run:
                if it.kind is None:
                    it.stop, it.chars = stop, chars
        i = j + 1


def _text_class(it: Item) -> str:
    if it.chars < LENGTH_LOW:
        return "short"
    if it.stop >= STOP_HIGH:
        return "good" if it.chars > LENGTH_HIGH else "near"
    if it.stop >= STOP_LOW:
        return "near"
    return "bad"


# Cheap substring tests that must pass before the costlier patterns are tried.
# Every match of PHOTO_CREDIT's label and word parts, or of CREDIT_LINE, holds one of these (lowercased).
_CREDIT_HINTS = re.compile(r"/|photo|image|getty|picture|shutterstock|istock|caption|credit")
_LEGAL_HINTS = re.compile(r"©|\(c\)|copyright|rights reserved|privacy|terms|cookie|may not be")
_TIME_HINTS = re.compile(r":| ago|says|said|wrote|writes")
# Every DATE match holds a month's name, an ISO '-' or a US '/'.
_DATE_HINTS = re.compile(r"[-/]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")


# Literal words every CONTAINS_RULES phrase holds.
_CONTAINS_HINTS = re.compile(r"publish|required|notify|only a member|disqus|newsletter")


def _credit(t: str, low: str) -> bool:
    """PHOTO_CREDIT.search(t) or CREDIT_LINE.match(t), for a stripped block (low: t.lower()); the parts
    other than a closing '(Photo: ...)' are only tried when the block holds a credit hint."""
    if t[-1] == ")" and CREDIT_PAREN.search(t):
        return True
    return bool(
        _CREDIT_HINTS.search(low)
        and (CREDIT_LABEL.match(t) or CREDIT_WORDS.search(t) or CREDIT_LINE.match(t))
    )


def _may_match_line_rule(core_low: str) -> bool:
    """False when LINE_RULES cannot match a core (given lowercased): it starts with a run of letters no
    rule starts with."""
    if not core_low or not core_low[0].isalpha():
        return True
    word = core_low.split(None, 1)[0]
    if not word.isalpha():
        m = FIRST_LETTERS.match(core_low)
        word = m.group() if m else ""
    return word in LINE_RULE_FIRST_WORDS or word.startswith(LINE_RULE_FIRST_PREFIXES)


def _set(it: Item, kind: str, reason: str) -> None:
    it.kind, it.reason = kind, reason


_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
_NAME_WORD = re.compile(r"[\w'’\-]+")


def _person_name(name: str) -> bool:
    """'Daria Volkova', not 'World Desk' or 'AP staff': two or more words, none an outlet's or a desk's."""
    words = _NAME_WORD.findall(name)
    return len(words) >= 2 and not any(w.casefold() in ORG_WORDS for w in words)


def _add_names(authors: list[str], names: str) -> None:
    for name in _NAME_SPLIT.split(names):
        name = name.strip(" .,")
        if len(name.split()) >= 2 and name not in authors and _person_name(name):
            authors.append(name)


def _rules(items: list[Item], recurring: frozenset[str], authors: list[str], extracted: bool) -> None:
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
        m = None
        if it.words <= RULE_MAX_WORDS:
            if t[0] in _CORE_CHARS or t[-1] in _CORE_CHARS:
                core = RULE_CORE.sub("", t)
                core_low = core.lower()
            else:
                core, core_low = t, it.low
            if _may_match_line_rule(core_low):
                m = LINE_RULES.fullmatch(core)
            if m is None and _CONTAINS_HINTS.search(it.low):
                m = CONTAINS_RULES.search(core)
        if m:
            kind, name, _ = m.lastgroup.split("__")
            if it.words <= RULE_WORDS.get(kind, RULE_MAX_WORDS):
                _set(it, kind, f"phrase:{name}")
                it.rule = name
                in_highlights = kind == "highlights" and not extracted
                continue
        if it.words <= 25 and ("follow" in it.low or "join" in it.low) and PROMO_CTA.search(t):
            _set(it, "promo", "phrase:social_cta")
            it.rule = "follow"
            continue
        if it.words <= 20 and extracted and (t.startswith(("«", "‹", "←")) or t.endswith(("»", "›", "→"))):
            _set(it, "navigation", "phrase:arrow_link")
            continue
        if it.words <= 80 and ":" in t[:24] and LINK_PREFIX.match(t):
            _set(it, "navigation", "phrase:link_prefix")
            it.rule = "more_links"
            continue
        if it.words <= LEGAL_MAX_WORDS and _LEGAL_HINTS.search(it.low) and LEGAL.search(t):
            _set(it, "boilerplate", "phrase:legal")
            it.rule = "legal"
            continue
        if (
            it.words <= 20
            and t[-1].isdigit()
            and DURATION_END.search(t[-12:])
            and not (DATE.search(t) or TIMESTAMP_END.search(t))
        ):
            _set(it, "media", "media:duration")
            media_texts.add(normalise(DURATION_END.sub("", t)))
            continue
        if it.words <= 16 and ("by" in it.low[:24] or ":" in t[:24]):
            m = BYLINE.match(t) or BYLINE_LABEL.match(t)
            if m and not COMMENT_SAYS.search(t):
                _set(it, "byline", "byline:by")
                _add_names(authors, m.group("names"))
                continue
        if it.words <= 60 and (not it.sentence or t[-1] == ")") and t[-1] != ":" and _credit(t, it.low):
            _set(it, "caption", "caption:credit")
            continue
        if it.words <= 12 and _DIGITS.search(t) and _DATE_HINTS.search(it.low) and DATE.search(t):
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
    # a block can only normalise to an author's name if it holds the name's first word (for ASCII text,
    # where normalising is lowercasing; digits fold, so a name with one is always normalised)
    firsts = {n.split()[0] for n in full if n}
    check_all = any("0" in f for f in firsts)
    for it in items:
        if it.kind not in (None, "boilerplate") or it.words > 150:
            continue
        if (
            it.words <= 6
            and (check_all or not it.low.isascii() or any(f in it.low for f in firsts))
            and normalise(it.text) in full
        ):
            _set(it, "byline", "name:author")
            continue
        text = _about_author(it)
        for a in authors:
            if text.startswith(a) and (BIO_START.match(text) or BIO_CUES.search(text)):
                _set(it, "author_bio", "bio:author_name")
                break


def _about_author(it: Item) -> str:
    """The text without an 'About the author:' label."""
    return ABOUT_AUTHOR.sub("", it.text) if it.low.startswith("about the author") else it.text


def _comment_markers(items: list[Item]) -> tuple[list[bool], list[bool]]:
    """Per block: is it a comment-section start, and is it a comment item marker (header/action)."""
    start = [it.kind == "comments_meta" and it.rule in COMMENT_START_PHRASES for it in items]
    marker = [
        (it.kind == "comments_meta" and it.rule == "comment_action")
        or (
            (it.kind is None or it.reason == "date:line")
            and it.words <= 14
            and _TIME_HINTS.search(it.low) is not None
            and bool(TIME.search(it.text) or COMMENT_SAYS.search(it.text))
            and bool(COMMENT_HEADER.match(it.text))
        )
        for it in items
    ]
    return start, marker


def _commenter_line(it: Item) -> bool:
    """'DerKrieger', 'Anonymous', 'John Smith': a short name-like line with no sentence in it."""
    return (
        it.kind is None and it.words <= 4 and it.stop == 0 and not it.sentence and not it.text.endswith(":")
    )


def _is_prose(it: Item) -> bool:
    return it.kind is None and it.cls in ("good", "near")


def _comment_section(
    items: list[Item], starts: list[bool], markers: list[bool], extracted: bool = False
) -> tuple[int, int] | None:
    """[start, end) of the comment section: a comments header, or a cluster of comment headers and
    actions, once the article has begun; it runs to the last comment-like block before the footer."""
    words_before = 0
    for i, it in enumerate(items):
        if (
            words_before >= MIN_ARTICLE_WORDS_BEFORE_COMMENTS
            and (starts[i] or (markers[i] and sum(markers[i : i + MARKER_WINDOW]) >= MARKERS_IN_WINDOW))
            and not _stat_label(items, i)
        ):
            end = _comment_section_end(items, i, markers)
            if end and not ((extracted or _bylined(items, i, end)) and _dense_run(items, i, end)):
                return i, end
        if it.kind is None and it.cls == "good":
            words_before += it.words
    return None


_NUMBER_LINE = re.compile(r"[\d.,/ ]+")


def _stat_label(items: list[Item], i: int) -> bool:
    """'Comments:' over '1664': a page's statistics (comments, kudos, hits), not the comment section."""
    return i + 1 < len(items) and _NUMBER_LINE.fullmatch(items[i + 1].text) is not None


def _bylined(items: list[Item], begin: int, end: int) -> bool:
    """A 'by NAME' line right under the header: the next story of a multi-story page, not a comment."""
    return any(items[k].reason == "byline:by" for k in range(begin + 1, min(end, begin + 1 + BYLINE_REACH)))


def _dense_run(items: list[Item], begin: int, end: int) -> bool:
    """An article, not comments: DENSE_RUN_BLOCKS prose paragraphs in a row with no header, name, date
    or action between them (a thread breaks its comments up with those lines). Only for an extractor's
    output: in a raw dump, comments often come without header lines."""
    run = 0
    for j in range(begin + 1, end):
        run = run + 1 if _is_prose(items[j]) else 0
        if run >= DENSE_RUN_BLOCKS:
            return True
    return False


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
        elif (
            _commenter_line(it)
            and j + 1 < len(items)
            and items[j + 1].kind is None
            and (items[j + 1].cls != "short" or items[j + 1].stop > 0)
        ):
            last, gap = j, 0  # a commenter's name above the comment
            n_markers += 1
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
    """Comments with no header: prose after the article, up to 'Comments are closed' or a comment form."""
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
            return -it.words / (40 if it.stop >= 0.2 else 20)
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


def _inside(items: list[Item], a: int, b: int, extracted: bool) -> None:
    """Kinds for the blocks of the main-content run [a, b)."""
    for i in range(a, b):
        it = items[i]
        if it.kind:
            continue
        if extracted:
            heading = it.cls == "short" and not it.sentence and _ALPHA_START.match(it.text)
            _set(it, "heading" if heading else "body", "extractor:" + ("heading" if heading else "paragraph"))
        elif it.cls in ("good", "near") or (it.cls == "bad" and it.sentence and it.stop >= INSIDE_STOP_MIN):
            _set(it, "body", f"score:{it.score:.2f}")
        elif it.cls == "bad":
            _set(it, "boilerplate", "score:few_stopwords")
    # short blocks: by shape and context
    for i in range(a, b):
        it = items[i]
        if it.kind:
            continue
        prev_short = i > a and items[i - 1].kind is None and items[i - 1].cls == "short"
        next_short = i + 1 < b and items[i + 1].cls == "short" and items[i + 1].kind in (None, "navigation")
        if it.sentence and it.words >= 3 and it.stop > 0 and not _title_case(it):
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


def _title_case(it: Item) -> bool:
    """'A Russian Restart?': a question or exclamation in title case reads as a heading."""
    return (
        it.words <= 12
        and not it.text.rstrip(_CLOSERS).endswith((".", "…"))
        and len(_CAP_WORD.findall(it.text)) >= 0.6 * it.words
    )


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


def _drop_repeats(items: list[Item]) -> None:
    """A paragraph the page shows twice (a pull quote, a teaser) is kept once."""
    seen: set[str] = set()
    for it in items:
        if it.kind in ("body", "heading") and it.words >= 4:
            if it.low in seen:
                _set(it, "boilerplate", "repeat:in_document")
            seen.add(it.low)


def _is_author_bio(text: str, authors: list[str]) -> bool:
    """'Thomas Reed is World Desk’s Brussels correspondent': a block whose subject is a byline author."""
    return any(text.startswith(a) and AUTHOR_BIO_VERB.match(text, len(a)) for a in authors)


def _shape_bios(items: list[Item], a: int, b: int, authors: list[str]) -> None:
    """A bio at either end of the article: 'X is a senior fellow at ...'; after the article, any block
    whose subject is the byline author."""
    for i in range(b, len(items)):
        it = items[i]
        if it.kind == "boilerplate" and it.words <= 120 and _is_author_bio(it.text, authors):
            _set(it, "author_bio", "bio:author_after")
    for end, rng in ((False, range(a, min(b, a + 3))), (True, range(b - 1, max(a, b - 4) - 1, -1))):
        for i in rng:
            it = items[i]
            if it.kind != "body":
                continue
            text = _about_author(it)
            if end and it.words <= 120 and _is_author_bio(text, authors):
                _set(it, "author_bio", "bio:author_after")
                continue
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


def _title_repeats(items: list[Item], title: str | None, limit: int) -> list[int]:
    """The headline shown again above the article (the dump's first line is often '<headline> | Site')."""
    if not title:
        return []
    longest = max(_TITLE_SPLIT.split(title), key=len)  # 'Headline | Site name': the headline
    keys = {normalise(title)} | ({normalise(longest)} if len(longest.split()) >= 3 else set())
    sizes = {len(k.split()) for k in keys}
    sizes |= {n + 1 for n in sizes} | {n - 1 for n in sizes}  # word counts differ a little ('Trump’s')
    return [
        i
        for i in range(1, limit)
        if items[i].kind in (None, "navigation")
        and items[i].words in sizes
        and normalise(items[i].text) in keys
    ]


def _start_at_headline(items: list[Item], a: int, b: int, repeats: list[int]) -> int:
    """The article starts after its headline: blocks of the run above a headline repeat are sidebar."""
    total = sum(max(0.0, _weight(items[i])) for i in range(a, b))
    for t in repeats:
        if a <= t < b:
            before = sum(max(0.0, _weight(items[i])) for i in range(a, t))
            if before < total / 2:
                return t + 1
    return a


def _passthrough(items: list[Item], title: str | None, comments_at: int | None) -> Classified:
    """The extractor's choice as it is: its paragraphs are body, its comments are comments."""
    first_comment = len(items)
    for it in items:
        if it.kind:
            continue
        if comments_at is not None and it.start >= comments_at:
            first_comment = min(first_comment, it.index)
            _set(it, "comment", "comments:extractor")
        else:
            _set(it, "body", "extractor:paragraph")
    comments = (first_comment, len(items)) if first_comment < len(items) else None
    return Classified(items, title, [], comments)


def classify(
    raw: str,
    recurring: frozenset[str] = frozenset(),
    *,
    extracted: bool = False,
    comments_at: int | None = None,
    rules: bool = True,
) -> Classified:
    """Kinds for every block of `raw`. `extracted`: raw is an extractor's output (title line, then the
    article), so the whole text is the main run; `comments_at`: raw offset where extracted comments begin;
    `rules=False` (extracted text only): keep every paragraph the extractor gave, judge nothing."""
    items = _features(raw)
    authors: list[str] = []
    title = _title(items)
    if extracted and not rules:
        return _passthrough(items, title, comments_at)
    _rules(items, recurring, authors, extracted)
    _bios(items, authors)
    foreign = _foreign(items)
    if not extracted:
        _unwrap(items)
    for it in items:
        if it.kind is None:
            if foreign and it.chars >= LENGTH_LOW:
                it.stop = max(it.stop, STOP_HIGH)  # judged by length alone
            it.cls = _text_class(it)
            stop, chars = it.stop, it.chars
            it.score = round(
                (stop / STOP_HIGH if stop < STOP_HIGH else 1.0)
                * (chars / LENGTH_HIGH if chars < LENGTH_HIGH else 1.0),
                2,
            )

    starts, markers = _comment_markers(items)
    comments = _comment_section(items, starts, markers, extracted)
    extractor_comments = None
    if comments_at is not None:
        first = next((it.index for it in items if it.start >= comments_at), len(items))
        extractor_comments = (first, len(items)) if first < len(items) else None
        if extractor_comments and not (comments and comments[0] < first):
            comments = None
    limit = (
        min(r[0] for r in (comments, extractor_comments) if r)
        if comments or extractor_comments
        else len(items)
    )
    if extracted:
        a, b = (1 if title else 0), limit
    else:
        run = _best_run(items, 0, limit)
        a, b = run if run else (limit, limit)
        if not comments:
            comments = _trailing_comments(items, b, markers)
    for rng, reason in ((comments, "comments:section"), (extractor_comments, "comments:extractor")):
        for i in range(*rng) if rng else ():
            it = items[i]
            if it.kind is None or it.kind == "byline":
                _set(it, "comment", reason)
    if extractor_comments:
        comments = (comments or extractor_comments)[0], len(items)
    if comments:
        # names from commenters' 'by X' lines are not the article's authors
        outside = " ".join(it.text for it in items if it.kind in ("byline", "highlights", "author_bio"))
        authors = [name for name in authors if name in outside]
    repeats = _title_repeats(items, title, limit)
    if not extracted:
        a = _start_at_headline(items, a, b, repeats)
    headline = [t for t in repeats if a - HEADLINE_REACH <= t < a + HEADLINE_REACH]
    if headline:
        _set(items[headline[-1]], "heading", "title:repeat")
    _inside(items, a, b, extracted)
    for it in items:
        if it.kind is None:
            _outside(it)
    if not extracted:
        _trim_edges(items, a, b)
    _shape_bios(items, a, b, authors)
    _drop_repeats(items)
    return Classified(items, title, authors, comments)
