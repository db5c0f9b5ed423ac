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

Every number the passes decide by is a field of `settings.CleanerSettings` (classify takes one, SETTINGS by
default); every kind and reason they give is a `decisions.Decision`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import decisions as dec
from .blocks import block_fingerprint, normalise
from .decisions import Decision
from .lexicon import (
    AUTHOR_BIO_VERB,
    BIO_CUES,
    BIO_START,
    BULLET,
    BYLINE,
    BYLINE_LABEL,
    COMMENT_HEADER,
    COMMENT_SAYS,
    CONTAINS_RULES,
    CREDIT_LABEL,
    CREDIT_LINE,
    CREDIT_PAREN,
    CREDIT_WORDS,
    DATE,
    DURATION_END,
    FIRST_LETTERS,
    LEGAL,
    LINE_RULE_FIRST_PREFIXES,
    LINE_RULE_FIRST_WORDS,
    LINE_RULES,
    LINK_PREFIX,
    NUMBERED,
    ORG_WORDS,
    PHOTO_CREDIT,
    PHRASE_DECISIONS,
    PROMO_CTA,
    PROMO_WORDS,
    RULE_CORE,
    STOPWORDS,
    TIME,
    TIMESTAMP_END,
    WRITES_NAME,
)
from .settings import SETTINGS, CleanerSettings

_WORD = re.compile(r"\w++(?:['’]\w++)*+")  # possessive: the same words as \w+(?:['’]\w+)*, faster
_CAP_WORD = re.compile(r"(?<![\w'’])[A-Z]")
_CORE_CHARS = frozenset(" {}[]()<>«»‹›|•·*→←↑↓-–—:")
_DIGITS = re.compile(r"\d\d")
_SENTENCE_CHARS = ".!?…"
_CLOSERS = "\"'”’)]"
_ALPHA_START = re.compile(r"^[\"“‘'(\[]?[A-Z0-9]")
ABOUT_AUTHOR = re.compile(r"^about the author\s*[:\-–—]?\s*", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:»·]+\s+|\s*::\s*")

BARRIER = float("-inf")  # the weight of an author bio: the main-content run never spans one


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
    kind: str | None = None  # decision.kind, kept apart for speed (set together by _set)
    decision: Decision | None = None  # what decided the kind (decisions.py)
    score: float | None = None
    # a legal line (decisions.LEGAL): it ends a comment section even when the bio pass re-decides it
    legal: bool = False

    @property
    def reason(self) -> str:
        """What blocks.reason stores for this block."""
        return self.decision.reason_for(self.score) if self.decision else ""


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


def _foreign(items: list[Item], s: CleanerSettings) -> bool:
    """The long blocks hold almost none of the (English) stopwords: another language, or placeholder text;
    then stopword density says nothing and blocks are judged by length alone."""
    words = stops = 0.0
    for it in items:
        if it.kind is None and it.chars >= s.length_high:
            words += it.words
            stops += it.stop * it.words
    return words >= s.foreign_min_words and stops / words < s.foreign_stop_max


def _wraps(it: Item, s: CleanerSettings) -> bool:
    """A line that a fixed width broke: wide enough, and not the end of a sentence."""
    return s.wrap_min_chars <= it.chars <= s.wrap_max_chars and not it.sentence


def _unwrap(items: list[Item], s: CleanerSettings) -> None:
    """A hard-wrapped paragraph (a <pre> text, a plain-text e-mail: lines of one paragraph broken at a
    fixed width) is judged as one block: each of its lines gets the paragraph's length and stopword
    density, so that a short line of a long paragraph is not taken for a menu item."""
    i = 0
    n = len(items)
    while i < n:
        j = i
        while j + 1 < n and items[j + 1].para == items[i].para and _wraps(items[j], s):
            j += 1
        run = items[i : j + 1]
        if len(run) >= s.wrap_min_lines and run[-1].chars <= s.wrap_max_chars:
            words = sum(it.words for it in run)
            stop = sum(it.stop * it.words for it in run) / words if words else 0.0
            chars = sum(it.chars for it in run) + len(run) - 1
            for it in run:
                if it.kind is None:
                    it.stop, it.chars = stop, chars
        i = j + 1


def _text_class(it: Item, s: CleanerSettings) -> str:
    if it.chars < s.length_low:
        return "short"
    if it.stop >= s.stop_high:
        return "good" if it.chars > s.length_high else "near"
    if it.stop >= s.stop_low:
        return "near"
    return "bad"


# Cheap substring tests that must pass before the costlier patterns are tried (settings.prefilters).
# Every match of PHOTO_CREDIT's label and word parts, or of CREDIT_LINE, holds one of these (lowercased).
_CREDIT_HINTS = re.compile(r"/|photo|image|getty|picture|shutterstock|istock|caption|credit")
_LEGAL_HINTS = re.compile(r"©|\(c\)|copyright|rights reserved|privacy|terms|cookie|may not be")
_TIME_HINTS = re.compile(r":| ago|says|said|wrote|writes")
# Every DATE match holds a month's name, an ISO '-' or a US '/'.
_DATE_HINTS = re.compile(r"[-/]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")


# Literal words every CONTAINS_RULES phrase holds.
_CONTAINS_HINTS = re.compile(r"publish|required|notify|only a member|disqus|newsletter")


def _credit(t: str, low: str, prefilters: bool = True) -> bool:
    """PHOTO_CREDIT.search(t) or CREDIT_LINE.match(t), for a stripped block (low: t.lower()); the parts
    other than a closing '(Photo: ...)' are only tried when the block holds a credit hint."""
    if not prefilters:
        return bool(PHOTO_CREDIT.search(t) or CREDIT_LINE.match(t))
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


def _set(it: Item, decision: Decision) -> None:
    it.kind, it.decision = decision.kind, decision


_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
_NAME_WORD = re.compile(r"[\w'’\-]+")


def _person_name(name: str, s: CleanerSettings = SETTINGS) -> bool:
    """'Daria Volkova', not 'World Desk' or 'AP staff': two or more words, none an outlet's or a desk's."""
    words = _NAME_WORD.findall(name)
    return len(words) >= s.person_name_min_words and not any(w.casefold() in ORG_WORDS for w in words)


def _add_names(authors: list[str], names: str, s: CleanerSettings) -> None:
    for name in _NAME_SPLIT.split(names):
        name = name.strip(" .,")
        if len(name.split()) >= s.person_name_min_words and name not in authors and _person_name(name, s):
            authors.append(name)


def _rules(
    items: list[Item],
    recurring: frozenset[str],
    authors: list[str],
    extracted: bool,
    s: CleanerSettings,
    fingerprints: Sequence[str] | None = None,
) -> None:
    media_texts: set[str] = set()
    in_highlights = False
    every = not s.prefilters  # True: no pre-filter skips a pattern
    rule_max = s.rule_max_words
    phrase_max = s.phrase_max_words()
    cue = s.cue_reach
    for it in items:
        if it.kind:
            continue
        t = it.text
        if in_highlights:
            if BULLET.match(t):
                _set(it, dec.HIGHLIGHTS_BULLET)
                m = WRITES_NAME.search(t)
                if m:
                    _add_names(authors, m.group("name"), s)
                continue
            in_highlights = False
        m = None
        if it.words <= rule_max:
            if every or t[0] in _CORE_CHARS or t[-1] in _CORE_CHARS:
                core = RULE_CORE.sub("", t)
                core_low = core.lower()
            else:
                core, core_low = t, it.low
            if every or _may_match_line_rule(core_low):
                m = LINE_RULES.fullmatch(core)
            if m is None and (every or _CONTAINS_HINTS.search(it.low)):
                m = CONTAINS_RULES.search(core)
        if m:
            decision = PHRASE_DECISIONS[m.lastgroup]
            if it.words <= phrase_max.get(decision.kind, rule_max):
                _set(it, decision)
                in_highlights = decision is dec.HIGHLIGHTS_HEADER and not extracted
                continue
        # 'follow'/'join' is a condition of this rule, not a pre-filter: PROMO_CTA alone also takes 'Like us
        # on Facebook', 'Find me on Facebook' (14 more blocks on the dev sets' dumps, some of them body)
        if (
            it.words <= s.social_cta_max_words
            and ("follow" in it.low or "join" in it.low)
            and PROMO_CTA.search(t)
        ):
            _set(it, dec.SOCIAL_CTA)
            continue
        if (
            it.words <= s.arrow_link_max_words
            and extracted
            and (t.startswith(("«", "‹", "←")) or t.endswith(("»", "›", "→")))
        ):
            _set(it, dec.ARROW_LINK)
            continue
        if it.words <= s.link_prefix_max_words and (every or ":" in t[:cue]) and LINK_PREFIX.match(t):
            _set(it, dec.LINK_PREFIX)
            continue
        if it.words <= s.legal_max_words and (every or _LEGAL_HINTS.search(it.low)) and LEGAL.search(t):
            _set(it, dec.LEGAL)
            it.legal = True
            continue
        if (
            it.words <= s.duration_max_words
            and (
                DURATION_END.search(t)
                if every
                else t[-1].isdigit() and DURATION_END.search(t[-s.duration_tail :])
            )
            and not (DATE.search(t) or TIMESTAMP_END.search(t))
        ):
            _set(it, dec.MEDIA_DURATION)
            media_texts.add(normalise(DURATION_END.sub("", t)))
            continue
        if it.words <= s.byline_max_words and (every or "by" in it.low[:cue] or ":" in t[:cue]):
            m = BYLINE.match(t) or BYLINE_LABEL.match(t)
            if m and not COMMENT_SAYS.search(t):
                _set(it, dec.BYLINE_BY)
                _add_names(authors, m.group("names"), s)
                continue
        if (
            it.words <= s.credit_max_words
            and (not it.sentence or t[-1] == ")")
            and t[-1] != ":"
            and _credit(t, it.low, not every)
        ):
            _set(it, dec.CAPTION_CREDIT)
            continue
        if (
            it.words <= s.date_line_max_words
            and (every or (_DIGITS.search(t) and _DATE_HINTS.search(it.low)))
            and DATE.search(t)
        ):
            rest = TIME.sub("", DATE.sub("", t))
            if len(_WORD.findall(rest)) <= s.date_line_max_other_words:
                _set(it, dec.DATE_LINE)
                continue
        if (
            recurring
            and (block_fingerprint(t) if fingerprints is None else fingerprints[it.index]) in recurring
        ):
            _set(it, dec.RECURRING)
    if media_texts:
        for it in items:
            if it.kind is None and normalise(it.text) in media_texts:
                _set(it, dec.MEDIA_REPEAT)


def _bios(items: list[Item], authors: list[str], s: CleanerSettings) -> None:
    if not authors:
        return
    full = {normalise(a) for a in authors}
    # a block can only normalise to an author's name if it holds the name's first word (for ASCII text,
    # where normalising is lowercasing; digits fold, so a name with one is always normalised)
    firsts = {n.split()[0] for n in full if n}
    check_all = any("0" in f for f in firsts)
    every = not s.prefilters
    for it in items:
        if it.kind not in (None, "boilerplate") or it.words > s.author_bio_max_words:
            continue
        if (
            it.words <= s.author_name_max_words
            and (every or check_all or not it.low.isascii() or any(f in it.low for f in firsts))
            and normalise(it.text) in full
        ):
            _set(it, dec.AUTHOR_NAME)
            continue
        text = _about_author(it, every)
        for a in authors:
            if text.startswith(a) and (BIO_START.match(text) or BIO_CUES.search(text)):
                _set(it, dec.BIO_AUTHOR_NAME)
                break


def _about_author(it: Item, every: bool = False) -> str:
    """The text without an 'About the author:' label (every: no pre-filter)."""
    return ABOUT_AUTHOR.sub("", it.text) if every or it.low.startswith("about the author") else it.text


def _comment_markers(items: list[Item], s: CleanerSettings) -> tuple[list[bool], list[bool]]:
    """Per block: is it a comment-section start, and is it a comment item marker (header/action)."""
    every = not s.prefilters
    start = [it.decision in dec.COMMENT_STARTS for it in items]
    marker = [
        it.decision is dec.COMMENT_ACTION
        or (
            (it.kind is None or it.decision is dec.DATE_LINE)
            and it.words <= s.comment_marker_max_words
            and (every or _TIME_HINTS.search(it.low) is not None)
            and bool(TIME.search(it.text) or COMMENT_SAYS.search(it.text))
            and bool(COMMENT_HEADER.match(it.text))
        )
        for it in items
    ]
    return start, marker


def _commenter_line(it: Item, s: CleanerSettings) -> bool:
    """'DerKrieger', 'Anonymous', 'John Smith': a short name-like line with no sentence in it."""
    return (
        it.kind is None
        and it.words <= s.commenter_max_words
        and it.stop == 0
        and not it.sentence
        and not it.text.endswith(":")
    )


def _is_prose(it: Item) -> bool:
    return it.kind is None and it.cls in ("good", "near")


def _comment_section(
    items: list[Item],
    starts: list[bool],
    markers: list[bool],
    s: CleanerSettings,
    extracted: bool = False,
    headlines: frozenset[int] = frozenset(),
    begin: int = 0,
) -> tuple[int, int] | None:
    """[start, end) of the comment section: a comments header, or a cluster of comment headers and
    actions, once the article has begun (looked for from block `begin` on); it runs to the last
    comment-like block before the footer. A header right above the page's headline (`headlines`: the
    indices of its repeats) is a menu link."""
    words_before = 0
    for i in range(begin, len(items)):
        it = items[i]
        if (
            words_before >= s.min_article_words_before_comments
            and (starts[i] or (markers[i] and sum(markers[i : i + s.marker_window]) >= s.markers_in_window))
            and not _stat_label(items, i)
            and not any(i < t <= i + s.headline_after_header for t in headlines)
        ):
            end = _comment_section_end(items, i, markers, s)
            if end and not ((extracted or _bylined(items, i, end, s)) and _dense_run(items, i, end, s)):
                return i, end
        if it.kind is None and it.cls == "good":
            words_before += it.words
    return None


def _run_weight(items: list[Item], run: tuple[int, int] | None, s: CleanerSettings) -> float:
    return sum(_weight(items[i], s) for i in range(*run)) if run else 0.0


def _headline_after_listing(
    items: list[Item], comments: tuple[int, int], headlines: frozenset[int], s: CleanerSettings
) -> int:
    """The block after the page's headline when a 'comment section' came before it and the run of prose
    under the headline is far heavier than the one above the section (a list of stories, each with its
    comment count, above the article); 0 when not."""
    later = [t for t in headlines if t >= comments[1]]
    if not later:
        return 0
    t = min(later)
    before = _run_weight(items, _best_run(items, 0, comments[0], s), s)
    after = _run_weight(items, _best_run(items, t + 1, len(items), s), s)
    return t + 1 if after > s.headline_run_factor * max(before, 0.0) else 0


_NUMBER_LINE = re.compile(r"[\d.,/ ]+")


def _stat_label(items: list[Item], i: int) -> bool:
    """'Comments:' over '1664': a page's statistics (comments, kudos, hits), not the comment section."""
    return i + 1 < len(items) and _NUMBER_LINE.fullmatch(items[i + 1].text) is not None


def _bylined(items: list[Item], begin: int, end: int, s: CleanerSettings) -> bool:
    """A 'by NAME' line right under the header: the next story of a multi-story page, not a comment."""
    reach = range(begin + 1, min(end, begin + 1 + s.byline_reach))
    return any(items[k].decision is dec.BYLINE_BY for k in reach)


def _dense_run(items: list[Item], begin: int, end: int, s: CleanerSettings) -> bool:
    """An article, not comments: dense_run_blocks prose paragraphs in a row with no header, name, date
    or action between them (a thread breaks its comments up with those lines). Only for an extractor's
    output: in a raw dump, comments often come without header lines."""
    run = 0
    for j in range(begin + 1, end):
        run = run + 1 if _is_prose(items[j]) else 0
        if run >= s.dense_run_blocks:
            return True
    return False


def _comment_section_end(
    items: list[Item], begin: int, markers: list[bool], s: CleanerSettings
) -> int | None:
    """The section ends after the last comment-like block before a long run of other blocks, a legal
    line, or a comment form that follows at least one comment; None when it holds no prose."""
    last = begin
    gap = 0
    prose = n_markers = 0
    closed = False
    for j in range(begin + 1, len(items)):
        it = items[j]
        if it.legal:
            break
        if it.decision in dec.COMMENT_ENDS and prose:
            closed = True
            break
        if _is_prose(it) or markers[j] or NUMBERED.match(it.text):
            last, gap = j, 0
            prose += _is_prose(it)
            n_markers += markers[j] or bool(NUMBERED.match(it.text))
        elif (
            _commenter_line(it, s)
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
            if gap >= s.footer_gap:
                break
    # a counted header ('12 Comments') starts comments for sure; a bare 'Comments' needs comment headers,
    # actions or numbers between the comments, or a form or closing line after them
    strong = items[begin].decision is dec.COMMENT_COUNT
    if not prose or not (strong or closed or n_markers >= min(s.min_markers, prose)):
        return None
    return last + 1


def _trailing_comments(items: list[Item], region_end: int, markers: list[bool]) -> tuple[int, int] | None:
    """Comments with no header: prose after the article, up to 'Comments are closed' or a comment form."""
    for e in range(region_end, len(items)):
        it = items[e]
        if it.decision in dec.COMMENT_ENDS:
            break
    else:
        return None
    j = e - 1
    structured = it.decision is dec.COMMENTS_CLOSED
    while j >= region_end:
        b = items[j]
        if b.kind is not None and not markers[j]:
            break
        structured = structured or markers[j] or bool(NUMBERED.match(b.text))
        j -= 1
    if j + 1 >= e or not structured or not any(_is_prose(items[k]) for k in range(j + 1, e)):
        return None
    return j + 1, e


def _weight(it: Item, s: CleanerSettings) -> float:
    if it.kind is None:
        if it.cls == "good":
            return min(it.words / s.good_weight_words, s.good_weight_max)
        if it.cls == "near":
            return it.words / s.near_weight_words
        if it.cls == "bad":
            return -it.words / (
                s.bad_weight_words_stopwords if it.stop >= s.bad_weight_stop_min else s.bad_weight_words
            )
        # short
        if it.sentence and it.words >= s.short_sentence_min_words:
            return s.short_sentence_weight
        return s.short_no_stopword_weight if it.stop == 0 else s.short_weight
    if it.kind == "author_bio":
        return BARRIER
    if it.kind in ("caption", "highlights", "byline"):
        return s.minor_kind_weight
    if it.kind == "comments_meta":
        return s.comments_meta_weight
    return s.other_kind_weight


def _best_run(items: list[Item], lo: int, hi: int, s: CleanerSettings) -> tuple[int, int] | None:
    """Maximum-sum segment [a, b) of block weights within [lo, hi)."""
    best, best_a, best_b = 0.0, None, None
    cur, cur_a = 0.0, lo
    for i in range(lo, hi):
        w = _weight(items[i], s)
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


def _inside(items: list[Item], a: int, b: int, extracted: bool, s: CleanerSettings) -> None:
    """Kinds for the blocks of the main-content run [a, b)."""
    for i in range(a, b):
        it = items[i]
        if it.kind:
            continue
        if extracted:
            heading = it.cls == "short" and not it.sentence and _ALPHA_START.match(it.text)
            _set(it, dec.EXTRACTOR_HEADING if heading else dec.EXTRACTOR_PARAGRAPH)
        elif it.cls in ("good", "near") or (it.cls == "bad" and it.stop >= s.inside_stop_min):
            _set(it, dec.SCORE)
        elif it.cls == "bad":
            _set(it, dec.FEW_STOPWORDS)
    # short blocks: by shape and context
    line_blocks = _line_blocks(items, a, b, s)
    for i in range(a, b):
        it = items[i]
        if it.kind:
            continue
        if it.para in line_blocks:
            _set(it, dec.SHORT_LINE_BLOCK)
            continue
        prev_short = i > a and items[i - 1].kind is None and items[i - 1].cls == "short"
        next_short = i + 1 < b and items[i + 1].cls == "short" and items[i + 1].kind in (None, "navigation")
        if it.sentence and it.words >= s.short_sentence_min_words and it.stop > 0 and not _title_case(it, s):
            _set(it, dec.SHORT_SENTENCE)
        elif prev_short or next_short:
            _set(it, dec.SHORT_LINK_LIST)
        elif (
            it.words <= s.heading_max_words
            and _ALPHA_START.match(it.text)
            and not it.text.endswith((":", ","))
        ):
            nxt = next((items[j] for j in range(i + 1, b) if items[j].kind not in ("caption", "media")), None)
            if nxt is not None and nxt.kind == "body":
                _set(it, dec.SHORT_HEADING)
            else:
                _set(it, dec.SHORT_NO_BODY_AFTER)
        else:
            _set(it, dec.SHORT_NO_SENTENCE)


_TEXT_KINDS = (None, "body", "heading")  # no rule decided it, or it is article text


def _line_blocks(items: list[Item], a: int, b: int, s: CleanerSettings) -> set[int]:
    """The paragraphs of the run [a, b) broken into line_block_min_lines lines or more (no blank line
    between them), between the run's first and last body blocks: a text laid out in lines (code, verse,
    an address), not a menu, which puts each link in a block of its own. Not when a rule decided the
    paragraph's first line ('Related posts:' over its links) or the block right above or below it."""
    out: set[int] = set()
    body = [k for k in range(a, b) if items[k].kind == "body"]
    if len(body) < 2:
        return out
    i = body[0] + 1
    while i < body[-1]:
        j = i
        while j + 1 < body[-1] and items[j + 1].para == items[i].para:
            j += 1
        if (
            j - i + 1 >= s.line_block_min_lines
            and items[i].para != items[i - 1].para
            and items[i].kind is None
            and items[i - 1].kind in _TEXT_KINDS
            and items[j + 1].kind in _TEXT_KINDS
        ):
            out.add(items[i].para)
        i = j + 1
    return out


def _title_case(it: Item, s: CleanerSettings) -> bool:
    """'A Russian Restart?': a question or exclamation in title case reads as a heading."""
    return (
        it.words <= s.title_case_max_words
        and not it.text.rstrip(_CLOSERS).endswith((".", "…"))
        and len(_CAP_WORD.findall(it.text)) >= s.title_case_share * it.words
    )


def _outside(it: Item) -> None:
    if it.cls in ("good", "near"):
        _set(it, dec.OUTSIDE_PROMO if PROMO_WORDS.search(it.text) else dec.OUTSIDE_PROSE)
    else:
        _set(it, dec.OUTSIDE_BY_CLASS[it.cls])  # short or bad


def _trim_edges(items: list[Item], a: int, b: int, s: CleanerSettings) -> None:
    """Self-promotion at the ends of the run ('follow me on Twitter', 'buy my book here'). The block at
    the very end is trimmed only when short (edge_promo_first_max_words): a long paragraph there naming a
    network or a purchase is the article's; once trimming has begun, longer promotion goes too."""
    for rng in (range(a, b), range(b - 1, a - 1, -1)):
        longest = s.edge_promo_first_max_words
        for i in rng:
            it = items[i]
            if it.kind not in ("body", "heading", "navigation", None):
                continue
            if it.kind in ("body", "heading") and not (it.words < longest and PROMO_WORDS.search(it.text)):
                break
            if it.kind in ("body", "heading"):
                _set(it, dec.EDGE_PROMO)
                longest = s.edge_promo_max_words


def _drop_repeats(items: list[Item], s: CleanerSettings) -> None:
    """A paragraph the page shows twice (a pull quote, a teaser) is kept once."""
    seen: set[str] = set()
    for it in items:
        if it.kind in ("body", "heading") and it.words >= s.repeat_min_words:
            if it.low in seen:
                _set(it, dec.REPEAT_IN_DOCUMENT)
            seen.add(it.low)


def _is_author_bio(text: str, authors: list[str]) -> bool:
    """'Thomas Reed is World Desk’s Brussels correspondent': a block whose subject is a byline author."""
    return any(text.startswith(a) and AUTHOR_BIO_VERB.match(text, len(a)) for a in authors)


def _shape_bios(items: list[Item], a: int, b: int, authors: list[str], s: CleanerSettings) -> None:
    """A bio at either end of the article: 'X is a senior fellow at ...'; after the article, any block
    whose subject is the byline author."""
    every = not s.prefilters
    longest = s.shape_bio_max_words
    for i in range(b, len(items)):
        it = items[i]
        if it.kind == "boilerplate" and it.words <= longest and _is_author_bio(it.text, authors):
            _set(it, dec.BIO_AUTHOR_AFTER)
    head = range(a, min(b, a + s.shape_bio_head_blocks))
    tail = range(b - 1, max(a, b - s.shape_bio_tail_blocks) - 1, -1)
    for end, rng in ((False, head), (True, tail)):
        for i in rng:
            it = items[i]
            if it.kind != "body":
                continue
            text = _about_author(it, every)
            if end and it.words <= longest and _is_author_bio(text, authors):
                _set(it, dec.BIO_AUTHOR_AFTER)
                continue
            m = BIO_START.match(text)
            if m and (BIO_CUES.search(text) or text != it.text) and it.words <= longest:
                _set(it, dec.BIO_SHAPE)
                if not authors:
                    _add_names(authors, m.group("name"), s)


def _title(items: list[Item], s: CleanerSettings) -> str | None:
    if not items:
        return None
    first = items[0]
    if first.words <= s.title_max_words and not first.kind:
        _set(first, dec.TITLE_LINE)
        return first.text
    return None


def _title_repeats(items: list[Item], title: str | None, limit: int, s: CleanerSettings) -> list[int]:
    """The headline shown again above the article (the dump's first line is often '<headline> | Site')."""
    if not title:
        return []
    longest = max(_TITLE_SPLIT.split(title), key=len)  # 'Headline | Site name': the headline
    headline = len(longest.split()) >= s.title_part_min_words
    keys = {normalise(title)} | ({normalise(longest)} if headline else set())
    # a pre-filter: word counts differ a little ('Trump’s' is one word here, two normalised)
    slack = range(-s.title_repeat_word_slack, s.title_repeat_word_slack + 1)
    sizes = {len(k.split()) + d for k in keys for d in slack}
    every = not s.prefilters
    return [
        i
        for i in range(1, limit)
        if items[i].kind in (None, "navigation")
        and (every or items[i].words in sizes)
        and normalise(items[i].text) in keys
    ]


def _start_at_headline(items: list[Item], a: int, b: int, repeats: list[int], s: CleanerSettings) -> int:
    """The article starts after its headline: blocks of the run above a headline repeat are sidebar.
    When the headline already stands just above the run, the run starts at the article: a later repeat
    is the headline again in a list of links ('most read') inside or below the article."""
    if any(a - s.headline_reach <= t < a for t in repeats):
        return a
    total = sum(max(0.0, _weight(items[i], s)) for i in range(a, b))
    for t in repeats:
        if a <= t < b:
            before = sum(max(0.0, _weight(items[i], s)) for i in range(a, t))
            if before < total * s.headline_sidebar_share:
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
            _set(it, dec.COMMENTS_EXTRACTOR)
        else:
            _set(it, dec.EXTRACTOR_PARAGRAPH)
    comments = (first_comment, len(items)) if first_comment < len(items) else None
    return Classified(items, title, [], comments)


def classify(
    raw: str,
    recurring: frozenset[str] = frozenset(),
    *,
    extracted: bool = False,
    comments_at: int | None = None,
    rules: bool = True,
    settings: CleanerSettings = SETTINGS,
    fingerprints: Sequence[str] | None = None,
) -> Classified:
    """Kinds for every block of `raw`. `extracted`: raw is an extractor's output (title line, then the
    article), so the whole text is the main run; `comments_at`: raw offset where extracted comments begin;
    `rules=False` (extracted text only): keep every paragraph the extractor gave, judge nothing;
    `settings`: the numbers to decide by; `fingerprints`: line_fingerprints of raw's blocks, if at hand."""
    s = settings
    items = _features(raw)
    if fingerprints is not None and len(fingerprints) != len(items):
        raise ValueError(f"{len(fingerprints)} fingerprints given for a text of {len(items)} blocks")
    authors: list[str] = []
    title = _title(items, s)
    if extracted and not rules:
        return _passthrough(items, title, comments_at)
    _rules(items, recurring, authors, extracted, s, fingerprints)
    _bios(items, authors, s)
    foreign = _foreign(items, s)
    if not extracted:
        _unwrap(items, s)
    length_low, length_high, stop_high = s.length_low, s.length_high, s.stop_high
    for it in items:
        if it.kind is None:
            if foreign and it.chars >= length_low:
                it.stop = max(it.stop, stop_high)  # judged by length alone
            it.cls = _text_class(it, s)
            stop, chars = it.stop, it.chars
            it.score = round(
                (stop / stop_high if stop < stop_high else 1.0)
                * (chars / length_high if chars < length_high else 1.0),
                2,
            )

    starts, markers = _comment_markers(items, s)
    headlines = frozenset(_title_repeats(items, title, len(items), s)) if not extracted else frozenset()
    comments = _comment_section(items, starts, markers, s, extracted, headlines)
    lo = 0  # the main-content run starts here or later
    if comments and not extracted:
        lo = _headline_after_listing(items, comments, headlines, s)
        if lo:
            comments = _comment_section(items, starts, markers, s, False, headlines, lo)
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
        run = _best_run(items, lo, limit, s)
        a, b = run if run else (limit, limit)
        if not comments:
            comments = _trailing_comments(items, b, markers)
    for rng, decision in ((comments, dec.COMMENTS_SECTION), (extractor_comments, dec.COMMENTS_EXTRACTOR)):
        for i in range(*rng) if rng else ():
            it = items[i]
            if it.kind is None or it.kind == "byline":
                _set(it, decision)
    if extractor_comments:
        comments = (comments or extractor_comments)[0], len(items)
    if comments:
        # names from commenters' 'by X' lines are not the article's authors
        outside = " ".join(it.text for it in items if it.kind in ("byline", "highlights", "author_bio"))
        authors = [name for name in authors if name in outside]
    repeats = _title_repeats(items, title, limit, s)
    if not extracted:
        a = _start_at_headline(items, a, b, repeats, s)
    headline = [t for t in repeats if a - s.headline_reach <= t < a + s.headline_reach]
    if headline:
        _set(items[headline[-1]], dec.TITLE_REPEAT)
    _inside(items, a, b, extracted, s)
    for it in items:
        if it.kind is None:
            _outside(it)
    if not extracted:
        _trim_edges(items, a, b, s)
    _shape_bios(items, a, b, authors, s)
    _drop_repeats(items, s)
    return Classified(items, title, authors, comments)
