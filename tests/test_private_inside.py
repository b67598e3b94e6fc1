"""Which private texts are looked for inside longer ones, and where one is found: at word
boundaries, with its own punctuation, as the texts are compared (folded), among many."""

from __future__ import annotations

import pytest

from letters.load.private_copies import comparable
from letters.load.private_inside import InsideIndex, distinctive, occurs

# (private text, distinctive?)
DISTINCTIVE = [
    ("Almaty", False),  # a town: every public text may name it
    ("court", False),
    ("O\u2019Brien", False),  # one word, its apostrophe within it
    ("Akhmet-Bota", False),
    ("Zhanna Bota", True),  # a name and a surname
    ("Zhanna\u00a0 Bota", True),  # over a no-break space and a space: still two words
    ("+380441234567", True),  # a phone number
    ("AB123456", True),  # a passport number
    ("12 Abai Avenue", True),
    ("Kyiv \u2014", False),  # a dash is no word
]


@pytest.mark.parametrize(("private", "expected"), DISTINCTIVE)
def test_a_private_text_is_distinctive_with_two_words_or_a_digit(
    private: str, expected: bool
) -> None:
    assert distinctive(comparable(private)) is expected


# (private text, public text, found inside?)
INSIDE = [
    ("Zhanna Bota", "We fear for ZHANNA BOTA.", True),
    ("Zhanna Bota", "Zhanna Bota\u2019s son", True),  # a possessive is her name still
    ("Zhanna Bota", "Zhanna\u00a0Bo\u00adta lives here", True),  # no-break space, soft hyphen
    ("Zhanna Bota", "Zhanna Botakoz, a neighbour", False),  # another word begins so
    ("Zhanna Bota", "Aizhanna Bota", False),
    ("12 Abai Avenue", "at 112 Abai Avenue", False),
    ("12 Abai Avenue", "at 12 Abai Avenue, Almaty", True),
    ("Apartment 12", "apartment 125", False),
    ("+380441234567", "call +380441234567 now", True),
    ("she was detained.", "she was detained in Kyiv.", False),  # its full stop is its own
    ("she was detained.", "In May she was detained. Then", True),
    # its final stop may be a comma, a semicolon or the end of the public text
    ("she was detained.", "In May she was detained, then freed.", True),
    ("she was detained.", "In May she was detained; then freed.", True),
    ("she was detained.", "In May she was detained", True),
    ("she was detained.", "she was detained again.", False),
    ("a sign (of it).", "a sign (of it) again", True),
    # an event's words around its {date}, as a text with the date written out tells them
    ("{date} the court upheld that order.", "On 17 May the court upheld that order.", True),
    # an event keeps its own stop: another event of the same words is no copy of it
    ("{date} the court upheld that order.", "{date} the court upheld that order, too.", False),
    ("{date} she was detained.", "{date} she was detained, then released.", False),
    ("{date} she was detained.", "In 2019 she was detained. Then", True),
    ("{date} the court upheld that order.", "{date} the court upheld that order in part.", False),
    ("{date} she fled.", "On 1 May she fled to Kyiv.", False),
    # a {date} within the sentence: its words before it are no private text on their own
    ("the court ruled {date} that she may stay.", "The court ruled that the law applies.", False),
    (
        "the court ruled {date} that she may stay.",
        "So the court ruled on 5 May 2019 that she may stay.",
        True,
    ),
    ("the court ruled {date} that she may stay.", "The court ruled that she may stay.", True),
    ("she was detained {date}.", "She was detained in Kyiv, where she lived.", False),
    ("she was detained {date}.", "She was detained on 5 May 2019.", True),
    ("she was detained {date}.", "She was detained on 5 May 2019, and released.", False),
    # numbers: a private one is not in a longer number
    ("Apartment 12", "apartment 12/3", False),
    ("Apartment 12", "apartment 12-4, Almaty", False),
    ("Apartment 12", "apartment 12, Almaty", True),
    ("3 Abai Avenue", "at 12/3 Abai Avenue", False),
    ("16/12", "on 16/12/2017", False),
    ("16/12", "the channel '16/12'.", True),
    # a sign the fold writes as letters (№ as "no") keeps its word apart from a number
    ("12 Shevchenko Street", "she lived at №12 Shevchenko Street", True),
    ("12/3", "flat №12/3, Almaty", True),
    ("cell No 12", "in cell №12 she was beaten", True),
    ("Apartment 12", "apartment №12/3", False),
    ("Apartment 12", "apartment №125", False),
    ("0441234567", "call ℡0441234567 now", True),
    ("Bota Media", "she wrote for Bota Media™ until 2019", True),
    # the ordinal indicator of "Nº" (a letter the fold writes as "o") is no part of its number
    ("12 Shevchenko Street", "she lived at N\u00ba12 Shevchenko Street", True),
    ("Apartment 12", "apartment N\u00ba125", False),
    # a number's sign is left out wherever the number stands
    ("Shevchenko Street 12, Flat 5", "at Shevchenko Street №12, Flat №5, she", True),
    ("Cell No. 12", "held in cell №12, she", True),
    ("cell 12", "in cell No. 12 she", True),
    ("Apartment 12, Abai Avenue", "at apartment #12, Abai Avenue", True),
    ("12 Shevchenko Street", "at N\u00b012 Shevchenko Street", True),
    # a fraction is a number's part: its fraction slash joins as a slash does
    ("2 Shevchenko Street", "at 12½ Shevchenko Street", False),
    ("Apartment 12", "apartment 12½", False),
    ("Apartment 12 1/2", "apartment 12 ½, Almaty", True),
    # 12½ is read as 12 1/2 (twelve and a half), not as 121/2
    ("12 1/2 Shevchenko Street", "at 12½ Shevchenko Street", True),
    ("Apartment 12½", "apartment 12 1/2, Almaty", True),
    ("Flat 121/2", "from flat 12½, she", False),
    ("1/2 Shevchenko Street", "at 12½ Shevchenko Street", False),
    ("1/2 Shevchenko Street", "at 12 1/2 Shevchenko Street", False),
    ("Apartment 12", "apartment 12 1/2, Almaty", False),
    ("cell 12", "cell 12 16/12/2017", True),  # a date after it is no fraction of its number
    # a building's number after it (16/3, as in 12/3) is no fraction of a mixed number
    ("Apartment 12", "apartment 12 16/3 Abai Avenue", True),
    ("16/3 Abai Avenue", "apartment 12 16/3 Abai Avenue", True),
    # a small digit after a number (a footnote's mark, a power) is no part of it
    ("12 Shevchenko Street", "she lived at 12\u00b9 Shevchenko Street", True),
    ("12 Shevchenko Street", "she lived at 12\u2082 Shevchenko Street", True),
    ("Apartment 12", "apartment 12\u00b2\u00b3, Almaty", True),
    ("Apartment 12", "apartment 12\u2460 of the list", True),
    ("Apartment 121", "apartment 12\u00b9", False),
    ("12 3/4 Shevchenko Street", "at 12\u00b3\u2044\u2084 Shevchenko Street", True),
    # typed with a plain slash, it is the same fraction: no building number 12/4 is made
    ("12 1/4 Shevchenko Street", "at 12\u00b9/\u2084 Shevchenko Street", True),
    ("12/4 Shevchenko Street", "at 12\u00b9/\u2084 Shevchenko Street", False),
]

# (text, as it is compared)
FOLDED = [
    ("№12", "12"),  # a number's sign is left out: №12 is 12, as No. 12 is
    ("№ 12", "12"),
    ("No. 12", "12"),
    ("N\u00b012", "12"),
    ("apt. #12", "apt. 12"),
    ("casino 12", "casino 12"),  # a word that ends in "no" is no sign
    ("no man", "no man"),
    ("N\u00ba12", "12"),  # the ordinal indicator º: its number stands apart too
    ("1\u00ba andar", "1o andar"),  # as an ordinal it stays with its number
    ("Acme™.", "acme tm."),  # no space where none was, before a stop
    ("20℃ today", "20°c today"),  # its fold begins with no letter: as it was
    ("12½", "12 1/2"),  # a mixed number, as it is read
    ("1½-room", "1 1/2-room"),
    ("12\u20442", "12/2"),  # a fraction slash typed between digits joins them as "/"
    ("½", "1/2"),
    # a small digit after a number is a mark of its own (a footnote's, a power), left out
    ("12\u00b9 Shevchenko Street", "12 shevchenko street"),
    ("flat 12\u00b9\u00b2", "flat 12"),  # a run of them
    ("12\u2083, Almaty", "12, almaty"),  # a subscript
    ("12\u2460 and 7\u2474", "12 and 7"),  # an enclosed digit: circled, in brackets
    ("1\u00b23", "1 3"),  # the digits after it are a number of their own
    ("12\u00b9st", "12 st"),
    ("\uff11\uff12\u00b9", "12"),  # after a full-width number too
    ("12\u00b3\u2044\u2084", "12 3/4"),  # a fraction of small digits: a mixed number's part
    ("12\u00b9/\u2084 inch", "12 1/4 inch"),  # its slash a plain one
    ("12\u00b9/4", "12 1/4"),
    # a small digit after no number folds as it did
    ("km\u00b2", "km2"),
    ("H\u2082O", "h2o"),
    ("x\u00b2 + y\u00b2", "x2 + y2"),
    ("note\u00b9 here", "note1 here"),
    ("\u00b212", "212"),
    ("\u2460 first", "1 first"),
]


@pytest.mark.parametrize(("text", "expected"), FOLDED)
def test_a_sign_folded_into_letters_keeps_its_words_apart(text: str, expected: str) -> None:
    assert comparable(text) == expected


@pytest.mark.parametrize(("private", "public", "expected"), INSIDE)
def test_a_distinctive_private_text_is_found_inside_at_word_boundaries(
    private: str, public: str, expected: bool
) -> None:
    index: InsideIndex[str] = InsideIndex()
    index.add(comparable(private), "it")

    assert (index.find(comparable(public)) == "it") is expected
    assert occurs(comparable(private), comparable(public)) is expected


def test_among_many_private_texts_each_is_found_where_it_stands() -> None:
    """Thousands of private texts, many beginning with the same word, in one index."""
    index: InsideIndex[int] = InsideIndex()
    for n in range(5000):
        index.add(comparable(f"In court {n} said"), n)

    assert list(index.found(comparable("In court 4999 said so; in court 17 said no."))) == [
        4999,
        17,
    ]
    assert index.find(comparable("In court 49999 said")) is None


def test_many_private_events_under_one_word_are_told_apart_in_a_long_text() -> None:
    """Every event begins with its {date}: many of them, under one word each, are told
    apart in a long text that repeats their shape but none of them. (How long it takes is
    for a benchmark to say, never a test: these machines are shared.)"""
    index: InsideIndex[int] = InsideIndex()
    for n in range(5000):
        index.add(comparable(f"{{date}} she was questioned by officer {n}."), n)
    public = comparable(" ".join(["{date} she was questioned by officer x."] * 5000))
    assert index.find(public) is None
    assert index.find(public + " {date} she was questioned by officer 4321.") == 4321
