"""Structural rules of the plain-text dump path (issue 13): the headline as an anchor, one long block
against a run of paragraphs, lines of one paragraph, 'bad' blocks inside the article, promotion at the
ends. Synthetic texts only."""

from __future__ import annotations

import dataclasses

from pipelines.clean import clean_text
from pipelines.clean.classify import classify
from pipelines.clean.settings import SETTINGS

STORY = [
    f"Part {n} of the report explains how the river ferry kept the valley towns connected for decades, and "
    "why the council now wants to replace it with a bridge that would be open to traffic all year round."
    for n in range(10)
]

MENU = "\n\n".join(["Home", "World", "Sport", "Weather", "Travel", "Contact"])


def _kinds(raw: str, **changes: object) -> dict[str, str]:
    settings = dataclasses.replace(SETTINGS, **changes) if changes else SETTINGS
    return {it.text: it.kind for it in classify(raw, settings=settings).items}


def test_the_headline_above_the_article_is_its_start_a_later_repeat_in_a_list_is_not() -> None:
    headline = "Ferry service ends after ninety years on the river"
    most_read = "\n\n".join(["Most read", "Storm closes the coast road", headline, "Market hall reopens"])
    raw = (
        f"{headline} | Valley News\n\n{MENU}\n\n{headline}\n\n"
        + "\n\n".join(STORY[:4])
        + f"\n\n{most_read}\n\n"
        + "\n\n".join(STORY[4:])
        + "\n\nContact\n"
    )
    doc = clean_text(raw)
    for p in STORY:
        assert p in doc.body_text  # the paragraphs above the 'most read' list stay
    assert "Storm closes the coast road" not in doc.body_text


def test_one_long_footer_block_does_not_outweigh_the_article() -> None:
    footer = (
        "All market data on this site is delayed by at least fifteen minutes and is provided for "
        "information only, and neither the publisher nor its data suppliers accept any responsibility for "
        "errors or for any decision that is made on the basis of it. " * 5
    )
    article = STORY[:5]
    links = "\n\n".join(f"Section {n}" for n in range(60))
    raw = "A report | Site\n\n" + "\n\n".join(article) + f"\n\n{links}\n\n{footer}\n"
    assert len(footer.split()) > 10 * SETTINGS.good_weight_max
    doc = clean_text(raw)
    for p in article:
        assert p in doc.body_text
    assert "market data" not in doc.body_text
    # without the cap the footer alone is the heaviest run
    uncapped = clean_text(raw, settings=dataclasses.replace(SETTINGS, good_weight_max=1000.0))
    assert STORY[0] not in uncapped.body_text


def test_a_comments_link_right_above_the_headline_does_not_start_the_comment_section() -> None:
    headline = "How the town saved its ferry for one more summer"
    welcome = (
        "Welcome to the valley blog, where we write about the river, the towns along it and the people "
        "who keep them going; if you are new here, start with the archive, read the stories that our "
        "readers liked best over the last year, and then tell us what you think of all of it in a comment "
        "or by e-mail."
    )
    raw = (
        f"{headline} | Valley Blog\n\nHome\n\nArchive\n\n{welcome}\n\nComments\n\n{headline}\n\n"
        + "\n\n".join(STORY[:6])
        + "\n\n2 Comments\n\nAnna K. says:\nJune 2, 2024 at 8:05 am\n"
        "I took that ferry every day for years, and I will miss the crossing in the morning a lot.\nReply\n\n"
        "Ben says:\nJune 2, 2024 at 9:30 am\n"
        "The bridge is long overdue, and the ferry was always late in the winter anyway.\nReply\n\n"
        "Leave a Reply\n"
    )
    doc = clean_text(raw)
    for p in STORY[:6]:
        assert p in doc.body_text
    assert any("every day for years" in c.text for c in doc.comments)
    assert not any(p in c.text for c in doc.comments for p in STORY)
    # without the rule the menu's link opens a 'comment section' that swallows the article
    before = clean_text(raw, settings=dataclasses.replace(SETTINGS, headline_after_header=0))
    assert STORY[0] not in before.body_text


def test_short_lines_of_one_paragraph_inside_the_article_are_kept() -> None:
    code = "for ferry in fleet:\n    ferry.retire()\nprint(len(fleet))"
    raw = (
        "Retiring a fleet | Dev Blog\n\n"
        + MENU
        + "\n\n"
        + "\n\n".join(STORY[:3])
        + f"\n\n{code}\n\n"
        + "\n\n".join(STORY[3:6])
        + "\n\nPrivacy\n\nTerms\n"
    )
    kinds = _kinds(raw)
    assert [kinds[line.strip()] for line in code.split("\n")] == ["body"] * 3
    assert kinds["Sport"] == "navigation"
    assert kinds["Privacy"] != "body"
    # each line a block of its own (a list of links): not kept by this rule
    as_list = raw.replace(code, code.replace("\n", "\n\n"))
    assert _kinds(as_list)["ferry.retire()"] != "body"
    # the lines under a label that a rule decided ('Related posts:') are a list of links
    related = raw.replace(code, "Related posts:\n" + code)
    assert _kinds(related)["ferry.retire()"] != "body"


def test_a_bad_block_inside_the_article_is_body_when_it_holds_a_stopword() -> None:
    listing = (
        "Timetable for the summer of 2024: Monday 07:10 08:40 10:15 12:30 14:45 16:20 18:05 19:50 21:30 "
        "Tuesday 07:10 08:40 10:15 12:30 14:45 16:20 18:05 19:50 21:30 and Sunday 09:00 13:00 17:00"
    )
    raw = "The last timetable | News\n\n" + "\n\n".join(STORY[:3]) + f"\n\n{listing}\n\n" + STORY[3] + "\n"
    kinds = _kinds(raw)
    item = next(it for it in classify(raw).items if it.text == listing)
    assert item.cls == "bad" and not item.sentence and item.stop >= SETTINGS.inside_stop_min
    assert kinds[listing] == "body"
    assert _kinds(raw, inside_stop_min=0.5)[listing] == "boilerplate"


def test_a_long_paragraph_naming_a_network_at_the_end_of_the_article_is_kept() -> None:
    last = (
        "The ferry company said it would post the final timetable on its Facebook page, and that the old "
        "boats would be sold to a museum that has promised to keep at least one of them running on the lake "
        "for visitors during the summer months, as a reminder of how the valley used to travel."
    )
    promo = "Follow us on Twitter and subscribe to our newsletter."
    raw = "Ferry news | Site\n\n" + "\n\n".join(STORY[:5]) + f"\n\n{last}\n\n{promo}\n"
    kinds = _kinds(raw)
    assert SETTINGS.edge_promo_first_max_words <= len(last.split()) < SETTINGS.edge_promo_max_words
    assert kinds[last] == "body"
    assert kinds[promo] != "body"
    # once a short promotion at the end is trimmed, a longer one above it goes too
    plug = (
        "I have written a book about the ferries of the valley, and you can buy it here or in any of the "
        "shops along the river, where it is on sale together with the old postcards and maps from the "
        "years when the boats were still the only way across."
    )
    book = "My new book about the river is out now, and you can order a signed copy from the shop."
    raw = "Ferry news | Site\n\n" + "\n\n".join(STORY[:5]) + f"\n\n{plug}\n\n{book}\n"
    kinds = _kinds(raw)
    assert kinds[book] == kinds[plug] == "promo"
    assert kinds[STORY[4]] == "body"


def test_an_article_under_its_headline_after_a_list_of_stories_with_comment_counts() -> None:
    headline = "Cargo boat sinks in the river delta after a storm"
    teaser = (
        "A cargo boat carrying grain sank in the river delta on Tuesday night after a storm that also "
        "closed the coast road, and the crew of six were picked up by a fishing boat that was sheltering "
        "in the harbour, the port authority said in a short statement on its website on Wednesday morning, "
        "adding that the channel would stay closed to other boats until divers had looked at the wreck."
    )
    blurb = "The council says the work will take most of the year, and that the shops will stay open."
    listing = "\n\n".join(
        f"{story}\n\n{blurb}\n\n{n} Comments\n\nValley News"
        for n, story in enumerate(["Market hall reopens", "New school opens in the spring", "Road works"], 3)
    )
    raw = (
        f"{headline} | Valley News\n\n{MENU}\n\n{headline}\n\n{teaser}\n\n{listing}\n\n"
        + "\n\n".join(["Share", "Print", "Close", "Menu", "Search", "Sign in", "More"])
        + f"\n\n{headline}\n\n"
        + "\n\n".join(STORY[:6])
        + "\n\nPrivacy\n\nTerms\n"
    )
    doc = clean_text(raw)
    for p in STORY[:6]:
        assert p in doc.body_text
    assert "Market hall reopens" not in doc.body_text
    assert not any(p in c.text for c in doc.comments for p in STORY)
    # without the rule the first comment count cuts the page there: the article is lost
    before = clean_text(raw, settings=dataclasses.replace(SETTINGS, headline_run_factor=1000.0))
    assert STORY[0] not in before.body_text
