"""The block classifier on small made-up dumps."""

from __future__ import annotations

import pickle
import re
from dataclasses import fields
from datetime import date

import pytest

from pipelines.clean import (
    block_fingerprint,
    clean_text,
    distinct_fingerprints,
    line_fingerprints,
    recurring_among,
    recurring_fingerprints,
    split_blocks,
)
from pipelines.clean.records import Block

NEWS_DUMP = """Harbour council approves new ferry terminal | Coastal Times

Home
News
Sport
Business
Weather
Subscribe

Harbour council approves new ferry terminal

By Maria Lopez and Tom Baker

March 4, 2023

The new terminal will replace the 1960s building. (Photo: Coastal Times)

PORTVILLE (Coastal Times) — The harbour council voted on Tuesday to build a new ferry terminal on \
the north quay, ending a debate that has divided the town for almost a decade.

The plan, which will cost an estimated 40 million euros, was approved by seven votes to two after a \
meeting that lasted more than four hours and drew a crowd of residents.

Supporters said the old building was no longer safe and that the town could not afford to lose the \
summer routes that bring thousands of visitors to the islands every year.

What happens next

Construction is expected to begin in the autumn, and the council said the existing terminal would \
stay open until the new one is ready for passengers.

Opponents said they would keep campaigning against the project, which they argue is too large for a \
town of this size and will bring more traffic to the narrow streets of the old port.

Follow us on Twitter

Related stories
Ferry fares to rise in spring
Island bridge plan shelved
Harbour dredging finished early

3 Comments

Anna K. says:
March 4, 2023 at 9:12 am
About time! The old terminal has been falling apart for years and the queues in summer are terrible.
Reply

Peter says:
March 4, 2023 at 10:40 am
I still think the money would be better spent on the roads, but I hope it works out for the town.
Reply

Leave a Reply

© 2023 Coastal Times. All rights reserved. Privacy Policy
"""


def test_news_dump_keeps_the_article_and_nothing_else() -> None:
    doc = clean_text(NEWS_DUMP)
    paragraphs = doc.body_text.split("\n\n")
    assert paragraphs[0] == "Harbour council approves new ferry terminal"  # the headline above the article
    assert paragraphs[1].startswith("The harbour council voted on Tuesday")  # dateline stripped
    assert "What happens next" in paragraphs
    assert paragraphs[-1].startswith("Opponents said they would keep campaigning")
    for junk in ("Subscribe", "Follow us", "Related stories", "Island bridge", "Comments", "About time", "©"):
        assert junk not in doc.body_text


def test_news_dump_metadata() -> None:
    doc = clean_text(NEWS_DUMP)
    assert doc.title == "Harbour council approves new ferry terminal | Coastal Times"
    assert doc.authors == ["Maria Lopez", "Tom Baker"]
    assert doc.dateline == "PORTVILLE (Coastal Times)"
    assert doc.published_date == date(2023, 3, 4)


def test_news_dump_block_kinds_and_reasons() -> None:
    doc = clean_text(NEWS_DUMP)
    kind = {b.text: b.kind for b in doc.blocks}
    assert kind["Home"] == "navigation"
    assert kind["By Maria Lopez and Tom Baker"] == "byline"
    assert kind["The new terminal will replace the 1960s building. (Photo: Coastal Times)"] == "caption"
    assert kind["What happens next"] == "heading"
    assert kind["Follow us on Twitter"] == "promo"
    assert kind["3 Comments"] == "comments_meta"
    assert kind["© 2023 Coastal Times. All rights reserved. Privacy Policy"] == "boilerplate"
    assert all(b.reason for b in doc.blocks)
    follow = next(b for b in doc.blocks if b.text == "Follow us on Twitter")
    assert follow.reason == "phrase:follow"


def test_news_dump_comments_with_their_authors() -> None:
    doc = clean_text(NEWS_DUMP)
    assert [c.author for c in doc.comments] == ["Anna K.", "Peter"]
    # the header's date stays with the comment, ahead of what the reader wrote
    assert doc.comments[0].text.splitlines()[1:] == [
        "March 4, 2023 at 9:12 am",
        "About time! The old terminal has been falling apart for years and the queues in summer are "
        "terrible.",
    ]
    assert "roads" in doc.comments[1].text
    kinds = {b.kind for b in doc.blocks if b.index >= doc.comments[0].block_index}
    assert "body" not in kinds


# the news article, then a comment section mixing header styles: name line with a date line, a
# date-only header, a one-line "NAME - DATE" header and a "Posted by: NAME | DATE" line
COMMENTS_DUMP = (
    NEWS_DUMP[: NEWS_DUMP.index("3 Comments")]
    + """4 Comments

Rosa M. says:
June 2, 2024 at 8:05 am
Finally the ferry is getting sorted, and I hope they keep the old cafe on the quay as it is now.
Reply

June 2, 2024 at 9:30 am
I think the new terminal will be good for the town, but the queues in the summer will still be long.
Reply

Olek - June 3, 2024
We have waited for this for years and I am glad that the council has finally made up its mind.

Posted by: Tom | June 3, 2024 at 10:12 PM
It is a lot of money for a small town, and I would like to know who is going to pay for it all.
Reply

Leave a Reply
"""
)


def test_every_comment_block_lands_in_a_comment() -> None:
    doc = clean_text(COMMENTS_DUMP)
    words = re.compile(r"\w+")
    stored = " ".join(f"{c.author or ''} {c.text}" for c in doc.comments)
    for block in (b for b in doc.blocks if b.kind == "comment"):
        text = re.sub(r"^\d{1,3}[.)]\s+", "", block.text)  # a list number is not comment text
        assert " ".join(words.findall(text)) in " ".join(words.findall(stored)), block.text
    assert [c.author for c in doc.comments][:1] == ["Rosa M."]
    assert all(c.text or c.author for c in doc.comments)
    assert "June 2" not in [c.author for c in doc.comments]  # a date-only header names nobody


BLOG_DUMP = """Why I stopped using a to-do app

I used to keep every task in an app on my phone. It had colours, tags and reminders, and for a \
while I was sure it made me more productive than I had ever been.

After a year I noticed that I spent more time sorting the list than doing the things on it, and \
that the reminders had become noise that I swiped away without reading.

Now I write three things on a card each morning. If they are done by lunch, I write three more. It \
is not clever, but it is the first system that has lasted.

Jamie Ortega is a freelance writer who covers work and technology. She has written for several \
magazines about productivity.

You can follow me on Twitter or sign up for my newsletter here.

Comments are closed.
"""


def test_bio_promo_and_closing_line() -> None:
    doc = clean_text(BLOG_DUMP)
    kind = {b.text[:20]: b.kind for b in doc.blocks}
    assert kind["Jamie Ortega is a fr"] == "author_bio"
    assert kind["You can follow me on"] == "promo"
    assert kind["Comments are closed."] == "comments_meta"
    assert doc.authors == ["Jamie Ortega"]
    assert doc.body_text.count("\n\n") == 2
    assert doc.comments == []


VIDEO_DUMP = """Mayor opens new library

Mayor opens new library
Mayor opens new library 02:41

Story highlights

  • The library has room for 80,000 books, writes Sam Reed
  • It opens on Saturdays too

(CNN)The mayor opened the new central library on Monday, three years after the old one was damaged \
in a flood that destroyed most of its collection.

Staff spent months moving books from storage, and volunteers catalogued thousands of donated \
volumes that arrived from all over the region.
"""


def test_media_highlights_and_cnn_dateline() -> None:
    doc = clean_text(VIDEO_DUMP)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["title", "media", "media", "highlights", "highlights", "highlights", "body", "body"]
    assert doc.dateline == "(CNN)"
    assert doc.body_text.startswith("The mayor opened the new central library")
    assert doc.authors == ["Sam Reed"]


FOOTER = "Our newsroom is funded by readers like you, and we are grateful for every one of them."


def pages_with_a_footer(footer: str = FOOTER) -> list[str]:
    """Three stories of one source, each ending with the same footer."""
    topics = ["the bakery on Mill Street", "the new cycle lane", "the school choir"]
    return [
        f"A story about {t}\n\n"
        f"This is the first paragraph, and it talks about {t} and the people behind it.\n\n* * *\n\n"
        f"The second paragraph goes on with more details about {t} and what happened next.\n\n{footer}\n"
        for t in topics
    ]


def test_recurring_blocks_are_boilerplate_even_when_they_read_like_prose() -> None:
    footer = FOOTER
    pages = pages_with_a_footer()
    recurring = recurring_fingerprints([[t for _, _, t in split_blocks(p)] for p in pages])
    assert block_fingerprint(footer) in recurring
    doc = clean_text(pages[0], recurring=recurring)
    footer_block = next(b for b in doc.blocks if b.text == footer)
    assert footer_block.kind == "boilerplate"
    assert footer_block.reason == "recurring:source"
    assert footer not in doc.body_text
    assert "talks about the bakery on Mill Street" in doc.body_text


def test_line_fingerprints_taken_once_clean_as_the_classifier_would() -> None:
    """The stage fingerprints each line once, to find what recurs, and hands the same fingerprints to the
    classifier: the documents are those it makes fingerprinting the lines itself. A line without words
    ('* * *') has none, and fingerprints that do not fit the text are refused."""
    pages = pages_with_a_footer()
    lines = [line_fingerprints(t for _, _, t in split_blocks(page)) for page in pages]
    assert "" in lines[0]
    recurring = recurring_among(distinct_fingerprints(found) for found in lines)
    assert block_fingerprint(FOOTER) in recurring
    for page, found in zip(pages, lines, strict=True):
        given = clean_text(page, recurring=recurring, fingerprints=found)
        assert given == clean_text(page, recurring=recurring)
        assert FOOTER not in given.body_text
    with pytest.raises(ValueError, match="4 fingerprints given for a text of 5 blocks"):
        clean_text(pages[0], recurring=recurring, fingerprints=lines[0][1:])


def test_empty_and_blank_input() -> None:
    for raw in ("", "\n\n  \n"):
        doc = clean_text(raw)
        assert doc.body_text == "" and doc.blocks == [] and doc.title is None


SYNDICATED_DUMP = """Ferry strike ends after two weeks | The Long Read

By Jane Roe, Metro Desk

Readers asked us for a plain account of how the strike ended, so we are republishing the agency report \
below with permission.

PORTVILLE (Reuters) — Ferry workers in Portville voted on Friday to end a two-week strike that had \
stranded thousands of island residents and cut off deliveries to shops.

The union said the new contract raised wages by six percent and limited night shifts, and the company \
said services would return to the normal timetable by Monday morning.

Follow Metro Desk on Twitter @MetroDeskNews for live updates from the harbour.

Jane Roe is Metro Desk’s harbour correspondent. She previously covered the city council for the paper.
"""


def test_strong_dateline_in_a_later_paragraph_staff_byline_social_promo_and_bio() -> None:
    doc = clean_text(SYNDICATED_DUMP)
    kind = {b.text[:24]: b.kind for b in doc.blocks}
    assert doc.authors == ["Jane Roe"]  # not the desk
    assert doc.dateline == "PORTVILLE (Reuters)"
    paragraphs = doc.body_text.split("\n\n")
    assert paragraphs[0].startswith("Readers asked us")
    assert paragraphs[1].startswith("Ferry workers in Portville voted")
    assert kind["Follow Metro Desk on Twi"] == "promo"
    assert kind["Jane Roe is Metro Desk’s"] == "author_bio"
    assert len(paragraphs) == 3


def test_byline_parts_naming_a_desk_or_a_job_are_not_authors() -> None:
    from pipelines.clean.classify import _person_name

    assert _person_name("Daria Volkova") and _person_name("Kim Jong-un")
    assert not _person_name("World Desk")
    assert not _person_name("AP staff")
    assert not _person_name("Product Manager")
    assert not _person_name("Volkova")


def test_line_rule_prefilter_lets_every_rule_phrase_through() -> None:
    """The first-word pre-filter must never hide a line LINE_RULES matches."""
    from pipelines.clean.classify import _may_match_line_rule
    from pipelines.clean.lexicon import LINE_RULES

    phrases = """
    Comments are closed. | Commenting is now closed | Discussion closed
    comments for this post are closed | 12 Comments | No comments | One response | nocomments
    Reader comments (4) | Responses: 3 | Replies [2] | Leave a comment | Post your reply
    Add comment | Cancel reply | Comment form | Your email address | Name (required) | Website *
    E-mail * | URL * | You must be logged in to post a comment. | Log in to reply
    Sign in to comment | To post a comment you need to log in | Comments policy | Comments
    Discussion | Conversation | Feedback | Discuss this article | Comment on this story
    Join the discussion | What do you think? | View all 12 comments | Show more replies
    Load more comments | Sorted by: newest | Order by oldest | Newest first | Best comments
    Trackbacks | Pingbacks | Subscribe to comments | Comments RSS | RSS feed for comments
    Jump to comments | Reply | Replies | ReplyDelete | Delete | Edit | Report abuse
    Flag as inappropriate | Permalink | Quote | Like | Recommend | Reply to this comment
    Watch: the moment the bridge fell | Video | Videos | Photos | Gallery | Slideshow | Listen
    Audio | Play video | Now playing | View the full gallery | Story highlights | Highlights
    Key points | Key takeaways | In brief | At a glance | Follow us on Twitter | Join us on Facebook
    Like us on Facebook | Find us on Instagram | Connect with us | Sign up for our newsletter
    Subscribe | Register now | Get our daily briefing | Receive free updates | Email updates | RSS
    Download our app | Share this | Share on Facebook | Tweet | Email this story | Print | Facebook
    Twitter | Google+ | LinkedIn | Pinterest | Reddit | StumbleUpon | Digg | Tumblr | WhatsApp
    Share | Print | Share / Save | Skip to main content | Home | Menu | Search | Log in | Login
    Logout | Sign in | Signout | Next | Previous | Prev | Older | Newer | Back to top | Top | More
    Page 2 of 5 | Next post | Tags: ferry, harbour | Filed under: News | Category: Sport
    Categories: A | Topics: B | Posted in: News | Labels: x | Keywords: y | Related topics: z
    Explore related topics: w | Read more | Read full story | Continue reading | Scroll left
    Archives | About | About us | Contact | Contact us | Related stories | Similar articles
    More stories | Other news | Top headlines | Latest news | Recent posts | Popular articles
    Featured content | Trending stories | Recommended reading | Further reading | Related | Related:
    Recommended | See also | Also on the site | Also read this | Elsewhere | Elsewhere on the web
    From around the web | Around the web | Editor's picks | Editors pick | What's hot | Whats hot
    You may also like | You might be interested in | Most popular | Most read today | Trending now
    More from the desk | Advertisement | Advertising | Advertise with us | AdChoices
    Sponsored content | Sitemap | Site map | Privacy policy | Terms of use | Terms and service
    """
    for phrase in filter(None, (p.strip() for line in phrases.splitlines() for p in line.split("|"))):
        assert LINE_RULES.fullmatch(phrase), phrase
        assert _may_match_line_rule(phrase.lower()), phrase


def test_staff_credits_in_a_byline() -> None:
    body = (
        "The ferry company said on Friday that services to the islands would return to the normal timetable "
        "by Monday, after two weeks in which thousands of residents were stranded on the mainland.\n\n"
        "The union said its members had voted by a large majority to accept the new contract, which raises "
        "wages by six percent and limits the number of night shifts each crew can be asked to work.\n"
    )
    for byline in ("By Jane Roe and Metro Desk staff", "By Jane Roe and AP staff", "By Jane Roe, Metro Desk"):
        doc = clean_text(f"Ferry services resume\n\n{byline}\n\n{body}")
        assert doc.authors == ["Jane Roe"], byline
        assert doc.blocks[1].kind == "byline", byline


def test_a_block_comes_back_from_a_worker_with_every_field() -> None:
    """Blocks cross to and from the worker processes pickled (Block.__reduce__): no field may be lost,
    including one added later (every field gets a value of its own here, none its default)."""
    values = {"text": "A kept paragraph.", "kind": "body", "reason": "score:0.82", "score": 0.82}
    block = Block(**{f.name: values.get(f.name, 10 + n) for n, f in enumerate(fields(Block))})
    assert pickle.loads(pickle.dumps(block)) == block
