"""HTML pages where trafilatura takes links or a sidebar for the article. Hand-written pages only."""

from __future__ import annotations

from dataclasses import replace

from pipelines.clean import clean_html
from pipelines.clean.html import (
    DEFAULT_OPTIONS,
    anchor_texts,
    layout_share,
    layout_words,
    link_line_share,
)
from pipelines.clean.settings import SETTINGS

PARAGRAPHS = [
    "The village library reopened on Saturday after a year of repairs to its roof and walls, and the "
    "first visitors were waiting at the door well before the opening hour.",
    "Volunteers moved more than ten thousand books back onto the shelves during the last week, sorting "
    "them by hand because the old catalogue cards had been damaged by water.",
    "The reading room now has new lamps and a ramp at the side entrance, so that every visitor can come "
    "in without help, the librarian said while she showed the new rooms.",
]

STORIES = [
    "Harbour Cleanup Draws Record Crowd",
    "New Bakery Opens On Mill Street",
    "School Choir Wins Regional Prize",
    "Ferry Timetable Changes In Spring",
    "Castle Garden Gets New Benches",
    "Market Square Parking Rules",
    "Canal Towpath Closed For Repairs",
    "Forest Walk Map Updated",
    "Theatre Season Tickets On Sale",
    "Lighthouse Tours Return In May",
    "Orchard Harvest Festival Photos",
    "Stadium Roof Plans Approved",
    "Museum Night Opening Hours",
    "Station Cafe Changes Owners",
    "Fountain Restored To Working Order",
    "Village Fair Results Announced",
    "Cycle Lane Survey Begins",
    "Bus Stop Moved Near Clinic",
    "Winter Grit Bins Refilled",
    "Pond Wildlife Count Totals",
]

# a blog post whose body runs on, after a few <br>, into the blog's list of earlier posts: trafilatura
# takes the list with the post, and the list is most of the words it returns
_POST = (
    "<br />\n".join(PARAGRAPHS)
    + "<br />\n<br />\n<b>More from this blog:</b><br />\n"
    + "<br />\n".join(f'<a href="/2020/{i:02d}/post-{i}.html">{t}</a>' for i, t in enumerate(STORIES))
)
STORY_LIST_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Library reopens after repairs - Village Notes</title></head>
<body><div class="header"><a href="/">Village Notes</a></div>
<div class="post"><h1 class="post-title">Library reopens after repairs</h1>
<div class="post-body">{_POST}</div></div>
<div class="footer">Powered by a blog engine</div></body></html>
"""

# a page laid out in a one-column table: the site name, the article's cell, then a cell per sidebar box
_SIDEBAR = [
    '<b>Sections</b><br><a href="/news">News</a> <a href="/events">Events</a> <a href="/m">Archive</a>',
    "<b>About this site</b><br>A weekly letter about the village, its people and its plans, by volunteers.",
    '<b>Follow</b><br><a href="/feed">Full feed</a> <a href="/mail">Letters by mail</a>',
    '<b>Elsewhere</b><br><a href="/a">Parish council minutes</a> <a href="/b">School newsletter</a>',
]
LAYOUT_PAGE = f"""<html><head><title>Library reopens - Village Notes</title></head><body>
<table width="100%"><tr><td><h1>Village Notes</h1></td></tr>
<tr><td><h2>Library reopens</h2>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</td></tr>
{"".join(f"<tr><td>{cell}</td></tr>" for cell in _SIDEBAR)}
<tr><td>Written and printed in the village hall</td></tr></table></body></html>
"""


def test_a_list_of_stories_taken_with_the_article_is_left_out() -> None:
    doc = clean_html(STORY_LIST_PAGE)
    for p in PARAGRAPHS:
        assert p in doc.body_text
    assert doc.body_text.startswith("Library reopens after repairs\n\n")  # the headline stays
    for story in STORIES:
        assert story not in doc.body_text
    assert doc.extraction == "naive_dump"  # documents.extraction tells the analyst which text this is
    # what trafilatura's text gives without the rule: the whole list as the article's end
    plain = clean_html(STORY_LIST_PAGE, options=replace(DEFAULT_OPTIONS, link_lists=False))
    assert all(story in plain.body_text for story in STORIES)
    assert plain.extraction == "trafilatura"


def test_an_article_with_a_few_links_keeps_trafilatura_text() -> None:
    page = STORY_LIST_PAGE.replace(
        "<br />\n<br />\n<b>More from this blog:</b>", '<br />See <a href="/hours">the opening hours</a>.'
    )
    page = page[: page.index("<br />\n<a href=")] + "</div></div></body></html>"
    doc = clean_html(page)
    assert doc.body_text == clean_html(page, options=replace(DEFAULT_OPTIONS, link_lists=False)).body_text
    for p in PARAGRAPHS:
        assert p in doc.body_text
    assert doc.extraction == "trafilatura"


def test_a_layout_table_with_sidebar_cells_gives_the_article_as_paragraphs() -> None:
    doc = clean_html(LAYOUT_PAGE)
    paragraphs = doc.body_text.split("\n\n")
    for p in PARAGRAPHS:
        assert p in paragraphs  # each paragraph on its own, not run together in one table cell
    assert "|" not in doc.body_text
    assert "Village Notes" not in doc.body_text
    assert doc.extraction == "trafilatura_without_tables"
    # with the table kept (the old rule: only when leaving tables out finds twice the text), the article
    # is one line of a table row, with the sidebar rows around it
    kept = clean_html(LAYOUT_PAGE, settings=replace(SETTINGS, layout_main_cell_share=0.0))
    assert not any(p in kept.body_text.split("\n\n") for p in PARAGRAPHS)
    assert kept.extraction == "trafilatura"


def test_link_lines_and_layout_rows_are_measured_in_words() -> None:
    html = '<p><a href="/x">Harbour <b>Cleanup</b> Draws Crowd</a> and <a href="/y">Fish &amp; Chips</a></p>'
    anchors = anchor_texts(html)
    assert anchors == frozenset({"harbour cleanup draws crowd", "fish chips"})
    text = "Harbour Cleanup Draws Crowd (12)\nA sentence of nine words that holds no links."
    assert link_line_share(text, anchors) == 5 / 14  # 4 of the first line's 5 words are link text
    assert link_line_share(text, None) == 1.0  # upper bound: every line is short
    assert link_line_share(text, frozenset()) == 0.0
    assert link_line_share(text, anchors, replace(SETTINGS, link_line_min_share=0.9)) == 0.0
    rows = "| Menu | Home |\n| one two three four five six |\nA line."
    assert layout_share(rows) == 8 / 10
    assert layout_words(rows) == (10, 8, 6)  # words, in layout rows, in the largest row (the article's cell)
