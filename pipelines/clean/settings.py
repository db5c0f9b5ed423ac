"""Every number the cleaner decides by, in one table: `CleanerSettings`, and `SETTINGS`, the values in use.

Lengths are in characters ('chars'), word counts in words as the classifier counts them (\\w+ runs joined by
an apostrophe), densities are the share of a block's words in lexicon.STOPWORDS, reaches and windows are
counted in blocks. The phrases themselves are in lexicon.py; what each decision writes into blocks.reason
is in decisions.py. A test may pass another instance (`dataclasses.replace(SETTINGS, ...)`) to
classify / clean_text / clean_html.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CleanerSettings:
    # --- jusText-like text class (good / near / short / bad) of the blocks no rule decided. The densities
    # sit below jusText's 0.30/0.32 because this stoplist is shorter than jusText's.
    length_low: int = 70  # chars: shorter is 'short'; from this on a foreign text's block is stopword-dense
    length_high: int = 130  # chars: longer and stopword-dense is 'good' (else 'near'); the score's length cap
    stop_low: float = 0.25  # stopword density: below this a block of length_low or more is 'bad'
    stop_high: float = 0.28  # stopword density: from this on 'good'/'near' by length; the score's density cap

    # --- another language (or placeholder text): stopword density says nothing, judge by length alone
    foreign_stop_max: float = 0.1  # the long blocks (length_high+) average fewer stopwords than this ...
    foreign_min_words: int = 100  # ... and hold at least this many words (English prose runs at 0.4-0.6)

    # --- hard-wrapped paragraphs (_unwrap): judged as one block; fixed-width text wraps at 60-80 columns
    wrap_min_lines: int = 2  # at least this many lines of one paragraph ...
    wrap_min_chars: int = 50  # ... all but the last at least this wide ...
    wrap_max_chars: int = 100  # ... and at most this wide (the last one too), none ending a sentence

    # --- phrase rules (lexicon.LINE_RULES, CONTAINS_RULES): a long paragraph naming 'newsletter' is prose
    rule_max_words: int = 14  # words: the phrase tables only judge blocks up to this long ...
    highlights_phrase_max_words: int = 4  # ... a 'highlights' phrase only blocks up to this long
    promo_phrase_max_words: int = 10  # ... a 'promo' phrase (follow / share / subscribe) up to this long
    navigation_phrase_max_words: int = 10  # ... a 'navigation' phrase (menus, related links) up to this long
    media_phrase_max_words: int = 10  # ... a 'media' phrase (video / gallery labels) up to this long
    social_cta_max_words: int = 25  # words: 'Follow X on Twitter @x' (lexicon.PROMO_CTA) up to this long
    arrow_link_max_words: int = 20  # words: '« Older post' in an extractor's output up to this long
    link_prefix_max_words: int = 80  # words: 'Related: ...' link lists (lexicon.LINK_PREFIX) up to this long
    legal_max_words: int = 45  # words: copyright and legal lines (lexicon.LEGAL) up to this long
    duration_max_words: int = 20  # words: a video title ending in its duration ('... 2:45') up to this long
    byline_max_words: int = 16  # words: 'By NAME ...' / 'Author: NAME' bylines up to this long
    credit_max_words: int = 60  # words: photo captions with a credit up to this long
    date_line_max_words: int = 12  # words: a line holding a date ...
    date_line_max_other_words: int = 3  # ... and at most this many words besides the date and time

    # --- pre-filters: cheap tests that skip a costly pattern which cannot match (hint substrings, a
    # line's first word or last character). False: every pattern is tried on every block it could judge
    # (tests/clean/test_decisions.py checks that the decisions do not change).
    prefilters: bool = True
    cue_reach: int = 24  # chars: a byline's 'by' / label colon, a link list's colon lie within this prefix
    duration_tail: int = 12  # chars: a duration ('(12:34:56)' with its space) lies within this suffix
    title_repeat_word_slack: int = 1  # words: a headline repeat's word count is the title's, give or take

    # --- authors and bios
    person_name_min_words: int = 2  # words: an author's name has at least this many ('Daria Volkova')
    author_name_max_words: int = 6  # words: a line that is only a byline author's name is at most this long
    author_bio_max_words: int = 150  # words: 'NAME is a ...' after a byline names NAME up to this long
    shape_bio_max_words: int = 120  # words: a bio by shape ('X is a senior fellow at ...') up to this long
    shape_bio_head_blocks: int = 3  # blocks: such a bio is looked for among the run's first this many ...
    shape_bio_tail_blocks: int = 4  # ... and last this many blocks

    # --- the comment section
    min_article_words_before_comments: int = 60  # words of 'good' prose before a comment section may start
    marker_window: int = 15  # blocks: comment headers/actions, markers_in_window of them within this many ...
    markers_in_window: int = 3  # ... start a comment section
    comment_marker_max_words: int = 14  # words: a comment header ('NAME says:', 'NAME | DATE') up to this
    commenter_max_words: int = 4  # words: a commenter's name line ('John Smith') up to this long
    footer_gap: int = 7  # blocks: this many non-prose blocks in a row end a comment section
    min_markers: int = 2  # a bare 'Comments' header needs this many markers (or one per prose block if fewer)
    # in an extractor's output, a 'comment section' holding this many prose paragraphs in a row is an
    # article (a second story after a 'Comments (5)' link): real threads put a header, name or date between
    dense_run_blocks: int = 8
    # ... and in a raw dump too when a 'by NAME' byline comes within this many blocks of the header (a second
    # story of a multi-story page); a dump's comments often come without header lines
    byline_reach: int = 3
    # a 'header' whose next blocks, this many, hold the page's headline is a link to the comments in the
    # page's top menu: the article starts under it
    headline_after_header: int = 2
    # a 'comment section' with the page's headline after it, followed by a run of prose this many times
    # heavier than the run above the section, was a list of stories (each with its comment count): the
    # article is the run after the headline
    headline_run_factor: float = 2.0

    # --- block weights of the main-content run (_weight; maximum-sum segment). A bio weighs -inf: a barrier.
    good_weight_words: int = 10  # a 'good' block weighs +1 per this many words
    near_weight_words: int = 20  # a 'near' block weighs +1 per this many words
    good_weight_max: float = 10.0  # ... and at most this: one long block (a legal footer) is no article
    bad_weight_words: int = 20  # a 'bad' block weighs -1 per this many words ...
    bad_weight_words_stopwords: int = 40  # ... per this many when its stopword density is ...
    bad_weight_stop_min: float = 0.2  # ... at least this
    short_sentence_weight: float = 0.3  # a short block that is a sentence (of short_sentence_min_words+)
    short_no_stopword_weight: float = -0.4  # a short block without a stopword ('Home', 'Sport')
    short_weight: float = -0.1  # any other short block
    minor_kind_weight: float = -0.2  # a caption, highlights line or byline (the article goes on around them)
    comments_meta_weight: float = -3.0  # a comments header, form or action
    other_kind_weight: float = -1.0  # any other block a rule decided (navigation, promo, boilerplate ...)

    # --- inside the main-content run
    short_sentence_min_words: int = 3  # words: a short block ending like a sentence is prose from this on
    inside_stop_min: float = 0.05  # stopword density: a 'bad' block inside the run from this on is body
    # lines: a paragraph of this many lines (no blank line between them: <pre> text, lines broken by <br>)
    # with body text above and below it is body, line by line; a menu puts each link in a block of its own
    line_block_min_lines: int = 2
    heading_max_words: int = 15  # words: a short block above body text is a heading up to this long
    title_case_max_words: int = 12  # words: 'A Russian Restart?' reads as a heading up to this long ...
    title_case_share: float = 0.6  # ... when at least this share of its words are capitalised
    edge_promo_max_words: int = 80  # words: self-promotion trimmed from the run's ends is shorter than this
    edge_promo_first_max_words: int = 40  # ... and the first block trimmed at an end shorter than this
    repeat_min_words: int = 4  # words: a paragraph shown twice is dropped once from this long on

    # --- the title line and the headline repeated above the article
    title_max_words: int = 40  # words: the dump's first line is the page title up to this long
    title_part_min_words: int = 3  # words: 'Headline | Site': the longest part is the headline from this
    headline_reach: int = 8  # blocks: the headline repeat kept as a heading lies this near the run's start
    headline_sidebar_share: float = 0.5  # blocks above a headline repeat holding less than this share of the
    # run's positive weight are sidebar: the article starts after the headline

    # --- building the document (cleaner.py)
    dateline_reach: int = 3  # paragraphs: a strong 'CITY (Agency) —' dateline is cut from any of the first
    dateline_min_rest: int = 20  # chars: a dateline is cut only when more than this is left of the paragraph
    comment_header_max_words: int = 14  # words: a comment's header line ('NAME says:') up to this long

    # --- blocks repeated across a source (blocks.py)
    recurring_min_documents: int = 3  # documents: a block in at least this many of a source's is boilerplate

    # --- HTML (html.py): trafilatura's output
    headline_min_words: int = 3  # words: a shorter <h1> ('News', 'Blog') is a section name, not the headline
    # the headline is looked for in <h1>, then in <h2> ... <h{levels}> (a blog post's title under its blog's)
    headline_levels: int = 3
    # trafilatura renders a table as '| cell |' rows; one without a '|---|' header row is layout (menus,
    # a page laid out in cells). When such rows hold at least this share of the words extracted ...
    layout_share: float = 0.5
    # ... and the extraction without tables finds this many times more text, trafilatura was caught in a
    # layout cell (a sidebar) and missed the article: the extraction without tables is kept
    layout_recovery: float = 2.0
    # ... or when the largest layout row (the cell holding the article) holds less than this share of the
    # words: the other cells are the page's menus and sidebars, which the extraction without tables leaves
    # out (a page wrapped in one cell keeps its tables) ...
    layout_main_cell_share: float = 0.9
    # ... provided that extraction finds at least this share of that cell's words again
    layout_cell_recovery: float = 0.5
    # a line of at most this many words of which at least link_line_min_share are link text (<a> texts of
    # the page) is a link line: a story title in a list, a menu entry, a sidebar link
    link_line_max_words: int = 15
    link_line_min_share: float = 0.7
    # when link lines hold at least this share of the words of trafilatura's article, it took a list of
    # stories or a sidebar for the article; the dump path's article is kept instead when its own share is
    # below link_list_alt_share times trafilatura's (it found prose where trafilatura found links)
    link_list_share: float = 0.3
    link_list_alt_share: float = 0.5
    # list items at the very end of the article of which at least dated_list_share end in a date (within
    # dated_list_reach chars of their end) are a list of other stories ('Title - Nov 9, 2012'): related or
    # recent posts, an archive. From dated_list_min_items such items on, the list is left out
    dated_list_min_items: int = 3
    dated_list_share: float = 0.5
    dated_list_reach: int = 40
    # an activity feed ('X liked this', 'Y reblogged this from Z'): at least feed_min_lines lines of at most
    # feed_max_words words that share one pair of words, making up at least feed_share of the lines from the
    # first to the last of them. The run is left out (a table's rows are not counted)
    feed_min_lines: int = 10
    feed_max_words: int = 8
    feed_share: float = 0.4
    # a slideshow's captions: lines that open with a slide counter ('3/50 ...', '3 of 50 ...'), at least
    # gallery_min_slides different slides of one count (fractions in a recipe repeat and have few numerators)
    gallery_min_slides: int = 5
    # favor_recall's article is cut after its last line that favor_precision's also holds (at least
    # core_line_share of the line's 4-word windows), unless precision found under core_min_share of the words
    # (it missed the article) or the cut drops more than core_max_drop of them (the tail is the article's)
    core_line_share: float = 0.5
    core_min_share: float = 0.2
    core_max_drop: float = 0.3
    # ... asked only when the article ends in a line of at most this many words (a full paragraph: no tail)
    core_tail_max_words: int = 15
    # the extractor already left the page's furniture out: in its output a line that is only a date is the
    # article's own (the date-line limit is 0 there: kept; the date also comes from the page's metadata),
    # and a paragraph shown twice is dropped once only from this long on (a pull quote), not a short line
    # (a running header, a command's output line in a tutorial)
    html_date_line_max_words: int = 0
    html_repeat_min_words: int = 20

    def phrase_max_words(self) -> dict[str, int]:
        """The word limit of a phrase-table match, by the kind it gives (others: rule_max_words)."""
        return {
            "highlights": self.highlights_phrase_max_words,
            "promo": self.promo_phrase_max_words,
            "navigation": self.navigation_phrase_max_words,
            "media": self.media_phrase_max_words,
        }


SETTINGS = CleanerSettings()
