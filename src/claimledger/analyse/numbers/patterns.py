"""Regex pieces shared by the number finder: digits, spaces, and word lists as tries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Spaces that may stand inside a number ("11 000" with a no-break or thin space) or between words.
_SP = "[ \\t\u00a0\u2009\u202f]"
_HYPHEN = "[-\u2010\u2011]"
_SEP = rf"(?:{_SP}*{_HYPHEN}{_SP}*|{_SP}+)"
_DIGITS = (
    "(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\\.[0-9]+)?"
    "|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9])"  # South Asian grouping: 1,00,000
    "|[0-9]{1,3}(?:[\u00a0\u2009\u202f][0-9]{3})+(?![0-9])(?:\\.[0-9]+)?"
    "|[0-9]{1,3}(?: [0-9]{3})+(?![0-9])"
    "|[0-9]+(?:\\.[0-9]+)?)"
)
# Vulgar fractions written straight after digits: "3½ million".
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_VULGAR_CLASS = "[" + "".join(_VULGAR) + "]"
_DIGIT_STRIP = str.maketrans("", "", ", \u00a0\u2009\u202f")


# Markers a trie entry may end with: the spaces that must (or may) follow it.
_SPACE_AFTER = "\x00"
_MAYBE_SPACE_AFTER = "\x01"
_TRIE_SPECIAL = {" ": r"\s+", _SPACE_AFTER: r"\s+", _MAYBE_SPACE_AFTER: r"\s*"}


def _alt(entries: Iterable[str]) -> str:
    """One pattern matching any entry, any run of spaces between its words.

    Built as a trie: the regex engine then tries each first character once instead of every
    entry in turn, which matters for patterns tried at every position of a text or window. A
    trie also prefers the longest entry ("no more than" over "more than")."""
    root: dict[str, Any] = {}
    for entry in entries:
        node = root
        for char in " ".join(entry.split()):
            node = node.setdefault(char, {})
        if node is not root:
            node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [
            _TRIE_SPECIAL.get(char, re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root) or "(?!)"


def _spaced(entries: Iterable[str]) -> list[str]:
    """Entries marked with what must follow them: a space after a word ("about 300"), nothing
    after a symbol ("~300", "$300")."""
    return [e + (_SPACE_AFTER if e[-1:].isalnum() else _MAYBE_SPACE_AFTER) for e in entries if e]


def _starting_with_word(entries: Iterable[str], word: bool) -> list[str]:
    return [e for e in entries if e and e[0].isalnum() == word]


def _before(entries: Iterable[str], group: str, *, spaced: bool = True) -> str:
    """Entries that end where the number starts, with a word boundary in front of the words."""
    items = _spaced(entries) if spaced else [e for e in entries if e]
    words = _alt(_starting_with_word(items, True))
    symbols = _alt(_starting_with_word(items, False))
    return rf"(?P<{group}>(?<![\w]){words}|{symbols})"


def _after(entries: Iterable[str]) -> str:
    """Entries after a number: words follow a space ("or more"), symbols are glued ("-odd", "+")."""
    words = _alt(_starting_with_word(entries, True))
    symbols = _alt(_starting_with_word(entries, False))
    return rf"(?:[ \u00a0]+{words}(?![\w])|{symbols}(?![\w]))"
