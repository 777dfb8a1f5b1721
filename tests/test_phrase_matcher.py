"""PhraseMatcher's regex, grouped by first letter, finds what the plain alternation finds."""

from __future__ import annotations

import re

import pytest

from claimledger.extract.lexicon import PhraseMatcher, _phrase_pattern

PHRASES = ["killed", "killed or wounded", "kill", "wounded", "went missing", "2 dead", "k"]


def _plain(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted((p.lower() for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(_phrase_pattern(p) for p in ordered)})(?![\w-])", re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "Ten were killed or wounded, and two went  missing.",
        "KILLED OR WOUNDED: 40; killed-in-action not counted; skilled workers",
        "He will kill; 2 dead; k; the \u212a sign (Kelvin) reads as k",
        "nothing here",
        "",
    ],
)
def test_grouped_pattern_finds_the_same_spans(text: str) -> None:
    matcher = PhraseMatcher({p: "x" for p in PHRASES})
    assert "k(?:" in matcher.regex.pattern  # grouped
    assert [m.span() for m in matcher.regex.finditer(text)] == [m.span() for m in _plain(PHRASES).finditer(text)]


def test_phrases_not_starting_with_an_ascii_letter_keep_the_plain_alternation() -> None:
    phrases = ["убиты", "killed", "'s dead"]
    for extra in ("убиты", "'s dead"):
        matcher = PhraseMatcher({p: "x" for p in ["killed", extra]})
        assert matcher.regex.pattern == _plain(["killed", extra]).pattern
    hits = [h.phrase for h in PhraseMatcher({p: "x" for p in phrases}).finditer("Двое убиты, killed")]
    assert hits == ["убиты", "killed"]
