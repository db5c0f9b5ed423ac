"""What trafilatura lets in below or inside an article: lists of dated stories, activity feeds, slideshow
captions, the furniture after the article; and a blog post's headline in an <h2>."""

from __future__ import annotations

from pipelines.clean import clean_html
from pipelines.clean.html import without_dated_list, without_feed, without_gallery, without_tail_beyond
from pipelines.clean.lexicon import COMMENT_HEADER

ARTICLE = (
    "The harbour authority approved the new ferry timetable on Tuesday after months of talks with the "
    "operators.\n"
    "Boats will leave every twenty minutes during the morning rush and every hour late in the evening.\n"
    "Passengers' groups welcomed the change but asked for more space for bicycles on the older boats."
)


def test_a_list_of_dated_stories_at_the_end_is_left_out() -> None:
    stories = "\n".join(
        f"- {title} - Mar {day}, 2021"
        for title, day in (("Tram line extended", 3), ("Bridge repairs finished", 9), ("New bus depot", 14))
    )
    assert without_dated_list(f"{ARTICLE}\n{stories}") == ARTICLE


def test_an_articles_own_closing_list_is_kept() -> None:
    steps = "- Buy a ticket at the pier\n- Show it when boarding\n- Keep it until you leave the boat"
    text = f"{ARTICLE}\n{steps}"
    assert without_dated_list(text) == text


def test_an_activity_feed_is_left_out() -> None:
    people = ["ann", "bob", "cleo", "dev", "eve", "finn", "gus", "hal", "ida", "jo", "kai", "lou"]
    feed = "\n".join(
        f"{p} shared this from harbourblog" if k % 2 else f"{p} liked this" for k, p in enumerate(people)
    )
    feed += "\n" + "\n".join(f"{p} liked this" for p in people)
    assert without_feed(f"{ARTICLE}\n{feed}").strip() == ARTICLE


def test_prose_is_not_a_feed() -> None:
    assert without_feed(ARTICLE) == ARTICLE


def test_slideshow_captions_are_left_out_but_not_fractions() -> None:
    slides = "\n".join(f"- {k}/40 Caption of picture number {k} of the gallery" for k in range(1, 8))
    assert without_gallery(f"{ARTICLE}\n{slides}") == ARTICLE
    recipe = (
        "1/2 cup of flour\n1/4 cup of sugar\n3/4 cup of milk\n1/2 teaspoon of salt\n1/8 teaspoon of nutmeg"
    )
    assert without_gallery(recipe) == recipe


def test_the_tail_beyond_the_precision_core_is_cut() -> None:
    tail = "Follow us on the socials for more\nMore from the harbour desk"
    assert without_tail_beyond(f"{ARTICLE}\n{tail}", ARTICLE) == ARTICLE


def test_the_tail_is_kept_when_the_core_missed_the_article_or_the_cut_is_large() -> None:
    first = ARTICLE.split("\n")[0]
    text = f"{ARTICLE}\nA closing note."
    assert without_tail_beyond(text, "Some other words entirely") == text  # the core missed it
    assert without_tail_beyond(text, first) == text  # most of the article would go


PARAGRAPHS = [
    "The harbour authority approved the new ferry timetable on Tuesday after months of talks with the "
    "operators, who had asked for longer breaks between the crossings in winter.",
    "Boats will leave every twenty minutes during the morning rush and every hour late in the evening, and a "
    "night boat will run on Fridays and Saturdays from the spring.",
    "Passengers' groups welcomed the change but asked for more space for bicycles on the older boats, which "
    "are due to be replaced over the next three years.",
]


def test_a_blog_posts_h2_headline_is_kept() -> None:
    """The <h1> is the blog's name; the post's title is an <h2> that the page's title names."""
    title = "Harbour Notes: New ferry timetable approved"
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="{title}"><title>{title}</title></head><body>
<header><h1>Harbour Notes</h1></header>
<div class="post"><div class="post-header">
<h2 class="post-title"><a href="/p/1">New ferry timetable approved</a></h2></div>
<div class="post-body entry-content">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>
</div></body></html>"""
    assert clean_html(page).body_text.count("New ferry timetable approved") == 1


def test_a_sentence_ending_in_writes_is_not_a_comment_header() -> None:
    assert COMMENT_HEADER.match("Jane Doe says:")
    assert COMMENT_HEADER.match("harbourfan wrote:")
    assert not COMMENT_HEADER.match("As the harbour master put it, the captain writes:")
