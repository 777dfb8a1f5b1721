"""Rule-based sentence splitting: offsets exact, abbreviations and initials kept whole."""

from __future__ import annotations

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
