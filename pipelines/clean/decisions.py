"""Every decision the block classifier can make, defined once: the kind it gives a block, the rule that
gives it, and the reason stored with the block (blocks.reason, which analysts read): '<stage>:<rule>'.

The code sets and tests these objects, never strings, so a reason cannot drift from its rule or kind.
`DECISIONS` is the closed registry; `decision_of` reads a stored reason back. One decision carries a part
of its own per block: `SCORE`, whose reason is the block's body-likeness score ('score:0.82').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .records import BLOCK_KINDS


@dataclass(frozen=True, slots=True)
class Decision:
    kind: str  # one of records.BLOCK_KINDS
    rule: str  # the rule within its stage; for the phrase tables, the table's name in lexicon.py
    stage: str  # the pass that decides: phrase, byline, short, outside_main ...
    scored: bool = False  # the reason carries the block's score instead of the rule's name
    reason: str = field(init=False)  # what blocks.reason holds ('<stage>:<rule>'; SCORED: '<stage>:0.82')

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        object.__setattr__(self, "reason", f"{self.stage}:{'<score>' if self.scored else self.rule}")

    def reason_for(self, score: float | None) -> str:
        """The reason stored for one block: the fixed reason, or for a scored decision the score."""
        return f"{self.stage}:{score:.2f}" if self.scored else self.reason


# Phrase tables (lexicon.LINE_RULES and CONTAINS_RULES name these) and the phrase rules written as code.
COMMENTS_CLOSED = Decision("comments_meta", "comments_closed", "phrase")
COMMENT_COUNT = Decision("comments_meta", "comment_count", "phrase")
COMMENT_FORM = Decision("comments_meta", "comment_form", "phrase")
COMMENT_HEADER = Decision("comments_meta", "comment_header", "phrase")
COMMENT_ACTION = Decision("comments_meta", "comment_action", "phrase")
MEDIA_LABEL = Decision("media", "media_label", "phrase")
HIGHLIGHTS_HEADER = Decision("highlights", "highlights_header", "phrase")
FOLLOW = Decision("promo", "follow", "phrase")
NAV_PHRASE = Decision("navigation", "nav_phrase", "phrase")
MORE_LINKS = Decision("navigation", "more_links", "phrase")
ADVERTISING = Decision("boilerplate", "advertising", "phrase")
SOCIAL_CTA = Decision("promo", "social_cta", "phrase")  # lexicon.PROMO_CTA
ARROW_LINK = Decision("navigation", "arrow_link", "phrase")  # '« Older post' (extractor output only)
LINK_PREFIX = Decision("navigation", "link_prefix", "phrase")  # lexicon.LINK_PREFIX: 'Related: ...'
LEGAL = Decision("boilerplate", "legal", "phrase")  # lexicon.LEGAL: copyright, terms, privacy

# Other rules of the first pass.
HIGHLIGHTS_BULLET = Decision("highlights", "bullet", "highlights")  # a bullet under a highlights header
MEDIA_DURATION = Decision("media", "duration", "media")  # a video title ending in its duration
MEDIA_REPEAT = Decision("media", "repeat", "media")  # that title again, without the duration
BYLINE_BY = Decision("byline", "by", "byline")  # 'By NAME', 'Author: NAME'
CAPTION_CREDIT = Decision("caption", "credit", "caption")  # a photo caption with its credit
DATE_LINE = Decision("byline", "line", "date")  # a line that is a date (and time)
RECURRING = Decision("boilerplate", "source", "recurring")  # a block the source repeats on many pages
AUTHOR_NAME = Decision("byline", "author", "name")  # a line that is only a byline author's name
BIO_AUTHOR_NAME = Decision("author_bio", "author_name", "bio")  # 'NAME is a ...' after a byline of NAME
BIO_AUTHOR_AFTER = Decision("author_bio", "author_after", "bio")  # a block about NAME after the article
BIO_SHAPE = Decision("author_bio", "shape", "bio")  # 'X is a senior fellow at ...' at an end of the article

# The comment section, the title and the main-content run.
COMMENTS_SECTION = Decision("comment", "section", "comments")  # in the section the classifier found
COMMENTS_EXTRACTOR = Decision("comment", "extractor", "comments")  # in the comments trafilatura gave
TITLE_LINE = Decision("title", "first_line", "position")  # the dump's first line
TITLE_REPEAT = Decision("heading", "repeat", "title")  # the headline repeated above the article
EXTRACTOR_HEADING = Decision("heading", "heading", "extractor")  # a short non-sentence in extracted text
EXTRACTOR_PARAGRAPH = Decision("body", "paragraph", "extractor")  # any other extracted paragraph
SCORE = Decision("body", "score", "score", scored=True)  # prose in the run: its reason is its score
FEW_STOPWORDS = Decision("boilerplate", "few_stopwords", "score")  # a long block in the run, not prose
SHORT_SENTENCE = Decision("body", "sentence", "short")  # a short sentence in the run
SHORT_LINK_LIST = Decision("navigation", "link_list", "short")  # one of several short lines in a row
# a line of a paragraph broken into lines (code, verse, an address) with body text above and below it
SHORT_LINE_BLOCK = Decision("body", "line_block", "short")
SHORT_HEADING = Decision("heading", "heading", "short")  # a short line above body text
SHORT_NO_BODY_AFTER = Decision("navigation", "no_body_after", "short")  # ... with no body text after it
SHORT_NO_SENTENCE = Decision("navigation", "no_sentence", "short")  # any other short line in the run
OUTSIDE_PROMO = Decision("promo", "promo_words", "outside_main")  # prose outside the run, selling
OUTSIDE_PROSE = Decision("boilerplate", "prose", "outside_main")  # other prose outside the run
OUTSIDE_SHORT = Decision("navigation", "short", "outside_main")  # a short block outside the run
OUTSIDE_BAD = Decision("navigation", "bad", "outside_main")  # a long block without stopwords outside it
EDGE_PROMO = Decision("promo", "promo_words", "edge")  # self-promotion at an end of the run
REPEAT_IN_DOCUMENT = Decision("boilerplate", "in_document", "repeat")  # a paragraph shown twice

DECISIONS: tuple[Decision, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Decision))

# Decision sets the passes branch on.
COMMENT_STARTS = frozenset({COMMENT_COUNT, COMMENT_HEADER, COMMENT_FORM})  # may open a comment section
COMMENT_ENDS = frozenset({COMMENT_FORM, COMMENTS_CLOSED})  # close one (after comments)
OUTSIDE_BY_CLASS = {"short": OUTSIDE_SHORT, "bad": OUTSIDE_BAD}  # a block outside the run, by text class

_BY_REASON = {d.reason: d for d in DECISIONS if not d.scored}
_SCORED = re.compile(r"(?P<stage>\w+):\d+\.\d\d")
_SCORED_BY_STAGE = {d.stage: d for d in DECISIONS if d.scored}


def decision_of(reason: str) -> Decision | None:
    """The decision a stored reason comes from; None when no decision of the registry writes it."""
    found = _BY_REASON.get(reason)
    if found is None and (m := _SCORED.fullmatch(reason)):
        found = _SCORED_BY_STAGE.get(m.group("stage"))
    return found
