"""Rule-based sentence splitting: offsets exact, abbreviations and initials kept whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.extract.lexicon import PhraseMatcher
from claimledger.extract.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_on_full_stops_and_keeps_paragraphs_apart() -> None:
    text = "Troops arrived. They dug in!\nA new paragraph? Yes.\n\nLast one"
    assert _texts(text) == ["Troops arrived.", "They dug in!", "A new paragraph?", "Yes.", "Last one"]
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1, 1, 2]


def test_abbreviations_initials_and_numbers_do_not_end_sentences() -> None:
    text = "Gen. Smith met U.S. officials on Jan. 5 in St. Petersburg. J. R. Roe said 2.5 million fled."
    assert _texts(text) == [
        "Gen. Smith met U.S. officials on Jan. 5 in St. Petersburg.",
        "J. R. Roe said 2.5 million fled.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = "He said, “We lost 40 men.” The army denied it."
    assert _texts(text) == ["He said, “We lost 40 men.”", "The army denied it."]


def test_sentence_may_start_with_a_number() -> None:
    assert _texts("Shelling went on. 300 homes burned.") == ["Shelling went on.", "300 homes burned."]


RUN_ON = [
    # (text, sentences): a stop glued between a lower-case word and a capitalised one ends a
    # sentence (a transcript that lost its spaces); initials, abbreviations and domains do not
    pytest.param("Dozens were hurt in the clashes.Our reporter has more.", ["Dozens were hurt in the clashes.", "Our reporter has more."], id="run-on-transcript"),
    pytest.param("Both towns were shelled?Nobody could say.", ["Both towns were shelled?", "Nobody could say."], id="run-on-question"),
    pytest.param("Advisers of the U.S.Army arrived.", ["Advisers of the U.S.Army arrived."], id="initials-glued-to-a-name"),
    pytest.param("The list is on example.org and Gen.Roe saw it.", ["The list is on example.org and Gen.Roe saw it."], id="domain-and-abbreviation"),
    pytest.param("It rose to 2.5 million.Then it fell.", ["It rose to 2.5 million.", "Then it fell."], id="run-on-after-a-figure"),
]


@pytest.mark.parametrize(("text", "expected"), RUN_ON)
def test_run_on_sentences_are_split(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@given(st.text(max_size=300))
def test_offsets_are_in_bounds_ordered_and_trimmed(text: str) -> None:
    last = 0
    for s in split_sentences(text):
        assert last <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        last = s.end


def test_phrase_matcher_prefers_longer_phrases_and_whole_words() -> None:
    matcher = PhraseMatcher({"killed": "killed", "killed or wounded": "both", "dead": "killed"})
    hits = list(matcher.finditer("4,000 killed  or wounded; deadline passed; 10 dead"))
    assert [(h.phrase, h.label) for h in hits] == [("killed or wounded", "both"), ("dead", "killed")]
