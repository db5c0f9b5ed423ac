"""Within one document, every mention gets the name of the person or thing it stands for."""

from __future__ import annotations

from pipelines.resolve import name_mentions
from pipelines.resolve.names import name_key, strip_titles


def test_titles_are_stripped() -> None:
    assert strip_titles("President Donald Trump") == "Donald Trump"
    assert strip_titles("Prime Minister Benjamin Netanyahu") == "Benjamin Netanyahu"
    assert strip_titles("Gen. James Mattis") == "James Mattis"
    assert strip_titles("Mr. Putin") == "Putin"
    assert strip_titles("Russian President Vladimir Putin") == "Vladimir Putin"
    assert strip_titles("President") == "President"  # a lone word is never emptied


def test_short_forms_join_the_full_name_in_the_document() -> None:
    mentions = [
        ("President Donald Trump", "PERSON"),
        ("Trump", "ORG"),  # the small model's usual mistake
        ("Kim Jong Un", "PERSON"),
        ("Kim", "PERSON"),
        ("Putin’s", "PERSON"),
        ("Mr. Trump", "PERSON"),
    ]
    assert name_mentions(mentions) == [
        "Donald Trump",
        "Donald Trump",
        "Kim Jong Un",
        "Kim Jong Un",
        "Putin",
        "Donald Trump",
    ]


def test_a_surname_shared_by_two_people_is_left_as_written() -> None:
    mentions = [
        ("Michelle Obama", "PERSON"),
        ("Barack Obama", "PERSON"),
        ("Obama", "PERSON"),
        ("Michelle", "PERSON"),
    ]
    assert name_mentions(mentions) == ["Michelle Obama", "Barack Obama", "Obama", "Michelle Obama"]


def test_places_are_not_joined_to_people() -> None:
    assert name_mentions([("George Washington", "PERSON"), ("Washington", "GPE")]) == [
        "George Washington",
        "Washington",
    ]


def test_acronym_joins_the_spelled_out_organisation() -> None:
    names = name_mentions([("National Security Council", "ORG"), ("NSC", "ORG")])
    assert names == ["National Security Council", "National Security Council"]


def test_name_key_is_blind_to_spelling_and_case() -> None:
    assert name_key("Kim Jong-un") == name_key("Kim Jong Un") == name_key("KIM JONG UN")
    assert name_key("Kim IL-sung") == name_key("Kim Il-Sung") == name_key("Kim Il-sung")
    assert name_key("George H.W. Bush") != name_key("George W. Bush")
    assert name_key("Trump’s") == name_key("Trump")


def test_an_abbreviation_is_never_taken_for_a_surname() -> None:
    # 'U.N.' must not become 'Kim Jong Un' because his name ends in 'Un'; nor 'US' a person called 'Us'.
    names = name_mentions([("Kim Jong Un", "PERSON"), ("U.N.", "ORG"), ("Un", "PERSON")])
    assert names == ["Kim Jong Un", "U.N.", "Kim Jong Un"]
