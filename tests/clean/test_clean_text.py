"""The block classifier on small made-up dumps."""

from __future__ import annotations

from datetime import date

from pipelines.clean import block_fingerprint, clean_text, recurring_fingerprints, split_blocks

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
    assert doc.comments[0].text.startswith("About time!")
    assert "roads" in doc.comments[1].text
    kinds = {b.kind for b in doc.blocks if b.index >= doc.comments[0].block_index}
    assert "body" not in kinds


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


def test_recurring_blocks_are_boilerplate_even_when_they_read_like_prose() -> None:
    footer = "Our newsroom is funded by readers like you, and we are grateful for every one of them."
    topics = ["the bakery on Mill Street", "the new cycle lane", "the school choir"]
    pages = [
        f"A story about {t}\n\n"
        f"This is the first paragraph, and it talks about {t} and the people behind it.\n\n"
        f"The second paragraph goes on with more details about {t} and what happened next.\n\n{footer}\n"
        for t in topics
    ]
    recurring = recurring_fingerprints([[t for _, _, t in split_blocks(p)] for p in pages])
    assert block_fingerprint(footer) in recurring
    doc = clean_text(pages[0], recurring=recurring)
    footer_block = next(b for b in doc.blocks if b.text == footer)
    assert footer_block.kind == "boilerplate"
    assert footer_block.reason == "recurring:source"
    assert footer not in doc.body_text
    assert "talks about the bakery on Mill Street" in doc.body_text


def test_empty_and_blank_input() -> None:
    for raw in ("", "\n\n  \n"):
        doc = clean_text(raw)
        assert doc.body_text == "" and doc.blocks == [] and doc.title is None
