"""Scanning: the one pattern that walks a text, and the reading of number words and digits into
numbers ("four-thousand-100", "two hundred and fifty", "1.5m")."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence

from claimledger.analyse.numbers.lexicon import NumberLexicon
from claimledger.analyse.numbers.parts import _Core, _Token
from claimledger.analyse.numbers.patterns import (
    _DIGIT_STRIP,
    _DIGITS,
    _HYPHEN,
    _SEP,
    _SP,
    _VULGAR,
    _VULGAR_CLASS,
    _alt,
)

_LETTERS = re.compile(r"[A-Za-z]+")
_COUNTING = frozenset({"num", "unit", "tens", "a"})
_SCALES = frozenset({"hundred", "mult"})


class _Scanner:
    """Finds the numbers of a text, before ranges, qualifiers and exclusions."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        self.lexicon = lexicon
        self._kinds = self._word_kinds(lexicon)
        self._compile_scan(lexicon)
        # "twenty-fifth": a number word before an ordinal is part of the ordinal
        self._ordinal_after = re.compile(
            rf"{_HYPHEN}(?:{_alt(lexicon.ordinal_units)})\b", re.IGNORECASE
        )

    @staticmethod
    def _word_kinds(lex: NumberLexicon) -> dict[str, tuple[str, float]]:
        kinds: dict[str, tuple[str, float]] = {}
        for name, table in (("unit", lex.units), ("tens", lex.tens), ("group", lex.groups)):
            kinds.update({w: (name, float(v)) for w, v in table.items()})
        for word, value in lex.multipliers.items():
            kinds[word] = ("hundred" if value == 100 else "mult", float(value))
        for word, value in lex.fractions.items():
            kinds[word] = ("half" if value == 2 and word == "half" else "denom", float(value))
        kinds.update({"and": ("and", 0.0), "a": ("a", 1.0), "an": ("a", 1.0)})
        return kinds

    def _compile_scan(self, lex: NumberLexicon) -> None:
        """The one pattern that walks the text: skipped shapes, vague quantities, number phrases."""
        attached = _alt(lex.suffix_multipliers)
        spaced = _alt(lex.spaced_suffix_multipliers)
        suffix = rf"(?:(?:{attached})(?![A-Za-z0-9])|[ \u00a0](?:{spaced})(?![A-Za-z0-9]))"
        digit_token = rf"(?<![0-9])(?P<d>{_DIGITS})(?P<vf>{_VULGAR_CLASS})?(?P<sfx>{suffix})?"
        word_list = [w for w in self._kinds if w not in ("and", "a", "an")]
        number_word = rf"\b(?:{_alt(word_list)})\b"
        # A date or version string is never the middle of a phrase ("2025 and 14-02-2025").
        not_date = r"(?![0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}(?![0-9])|[0-9]+(?:\.[0-9]+){2})"
        atom = rf"(?:(?<![0-9]){not_date}{_DIGITS}{_VULGAR_CLASS}?(?:{suffix})?|{number_word})"
        joiner = rf"(?:(?:and|an?){_SEP}){{0,2}}"
        phrase = rf"(?:\ban?{_SEP})?{atom}(?:{_SEP}{joiner}{atom})*"

        scales = _alt([*lex.multipliers, *lex.groups])
        plurals = _alt(lex.vague_plurals)
        vague = (
            rf"\b(?:(?:{_alt(lex.vague_of_prefixes)}){_SP}+of{_SP}+(?:{plurals})"
            rf"|(?:{_alt(lex.vague_determiners)}){_SP}+(?:{scales})s?(?:{_SP}+(?:{scales})s?)*"
            rf"|(?:{plurals})|(?:{_alt(lex.vague_needs_of)})(?={_SP}+(?:of|more)\b))\b"
        )
        skip = (
            r"(?i:https?://|www\.)[^\s<>\"]*"  # links
            r"|(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}(?![0-9])"  # versions, addresses
            r"|(?<![0-9])[0-9]{1,4}(?P<dsep>[-/.])[0-9]{1,2}(?P=dsep)[0-9]{1,4}(?![0-9])"  # dates
            r"|(?<=\+)[0-9]{1,3}(?:[ .\-]\(?[0-9]{1,4}\)?){2,6}"  # phone numbers
            r"|(?<=\()[0-9]{2,4}\)[ ]?[0-9]{3,4}[ .\-][0-9]{3,4}"
            r"|(?<![0-9])[0-9]{3}[.\-][0-9]{3}[.\-][0-9]{4}(?![0-9])"
        )
        # Everything the scan looks for starts a word: testing that first lets the engine pass
        # over the inside and the ends of words quickly.
        self._scan = re.compile(
            rf"\b(?=\w)(?:(?P<skip>{skip})|(?P<vague>{vague})|(?P<num>{phrase}))", re.IGNORECASE
        )
        self._token = re.compile(rf"{digit_token}|(?P<w>[A-Za-z]+)", re.IGNORECASE)

    # -- scanning --------------------------------------------------------------------------------

    def _cores(self, text: str) -> Iterator[_Core]:
        for match in self._scan.finditer(text):
            if match.group("num") is not None:
                yield from self._parse_phrase(text, match.start(), match.end())
            elif match.group("vague") is not None:
                yield _Core(match.start(), match.end(), None, vague=True)

    def _tokens(self, text: str, start: int, end: int) -> list[_Token]:
        tokens: list[_Token] = []
        for m in self._token.finditer(text, start, end):
            if m.group("w") is not None:
                word = m.group("w").lower()
                kind, value = self._kinds.get(word, ("other", 0.0))
                tokens.append(_Token(kind, value, m.start(), m.end(), word=word))
                continue
            raw = m.group("d")
            sfx = m.group("sfx")
            scale = 1.0
            if sfx:
                scale = float(self.lexicon.suffix_multipliers.get(sfx.strip().lower(), 1))
            value = float(raw.translate(_DIGIT_STRIP)) + _VULGAR.get(m.group("vf") or "", 0.0)
            value *= scale
            tokens.append(_Token("num", value, m.start(), m.end(), scale, raw))
        return tokens

    def _parse_phrase(self, text: str, start: int, end: int) -> Iterator[_Core]:
        """Split a run of number words and digits into numbers ("300 and 500" is two)."""
        tokens = self._tokens(text, start, end)
        i = 0
        while i < len(tokens):
            parsed = self._parse_at(tokens, i)
            if parsed is None:
                i += 1
                continue
            core, i = parsed
            yield core

    def _parse_at(self, tokens: Sequence[_Token], i: int) -> tuple[_Core, int] | None:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "a":
            if nxt is None:
                return None
            if nxt.kind in _SCALES:
                return self._parse_count(tokens, i)
            if nxt.kind == "group":
                return _Core(tok.start, nxt.end, nxt.value, scale=nxt.value), i + 2
            if nxt.kind in ("denom", "half"):
                core = _Core(tok.start, nxt.end, 1 / nxt.value, fraction=True, needs_of=True)
                return core, i + 2
            return None
        if tok.kind == "half":
            return self._parse_half(tokens, i)
        if tok.kind in ("num", "unit", "tens"):
            return self._parse_count(tokens, i)
        return None

    @staticmethod
    def _parse_half(tokens: Sequence[_Token], i: int) -> tuple[_Core, int]:
        """ "half a million" is 500000; a bare "half" is a fraction, kept only in context."""
        tok = tokens[i]
        if i + 2 < len(tokens) and tokens[i + 1].kind == "a":
            scale = tokens[i + 2]
            if scale.kind in ("hundred", "mult", "group"):
                return _Core(tok.start, scale.end, 0.5 * scale.value, scale=scale.value), i + 3
        return _Core(tok.start, tok.end, 0.5, fraction=True, word=tok.word), i + 1

    def _parse_count(self, tokens: Sequence[_Token], i: int) -> tuple[_Core, int]:
        """Read words and digits as one number: "four-thousand-100", "two hundred and fifty"."""
        first = tokens[i]
        n = len(tokens)
        total, current = 0.0, first.value
        last_mult, has_hundred = math.inf, False
        scale = first.scale
        prev = first.kind
        j = i + 1
        while first.scale == 1.0 and j < n:
            t = tokens[j]
            if prev == "tens" and t.kind == "unit" and 1 <= t.value <= 9:
                current += t.value
            elif (
                t.kind == "hundred" and prev in _COUNTING and not has_hundred and 0 < current < 100
            ):
                current *= 100
                has_hundred = True
                scale = max(scale, 100.0)
            elif (
                t.kind == "mult"
                and (prev in _COUNTING or prev in ("hundred", "half"))
                and (current > 0 and t.value < last_mult)
            ):
                total += current * t.value
                current, last_mult, has_hundred = 0.0, t.value, False
                scale = max(scale, t.value)
            elif t.kind == "group" and prev in _COUNTING and total == 0 and not has_hundred:
                return self._core(tokens, i, j, current * t.value, max(scale, t.value)), j + 1
            elif t.kind == "denom" and prev == "unit" and j == i + 1 and first.kind == "unit":
                return _Core(first.start, t.end, current / t.value, fraction=True), j + 1
            elif t.kind == "and" and _and_a_half(tokens, j) and prev in _COUNTING and total == 0:
                current += 0.5
                prev, j = "half", j + 3
                continue
            elif prev in _SCALES and (k := _continuation(tokens, j, prev, last_mult)) is not None:
                current += tokens[k].value
                prev, j = tokens[k].kind, k + 1
                continue
            else:
                break
            prev = t.kind
            j += 1
        return self._core(tokens, i, j - 1, total + current, scale), j

    @staticmethod
    def _core(tokens: Sequence[_Token], i: int, last: int, value: float, scale: float) -> _Core:
        first, end = tokens[i], tokens[last]
        single = i == last
        return _Core(
            first.start,
            end.end,
            value,
            scale=scale,
            digit_led=first.kind == "num",
            digit_end=end.kind == "num",
            raw=first.raw if single and first.scale == 1.0 else "",
            word=first.word if single else "",
        )

    # -- checks on one number --------------------------------------------------------------------

    def _core_ok(self, text: str, core: _Core) -> bool:
        """Reject designations, ordinals, ratios and identifiers glued to the number."""
        if core.vague:
            return True
        if core.word and self._ordinal_after.match(text, core.end):
            return False  # "twenty-fifth"
        if core.digit_led and not self._digits_start_ok(text, core.start):
            return False
        return not core.digit_end or self._digits_end_ok(text, core)

    @staticmethod
    def _digits_start_ok(text: str, start: int) -> bool:
        if start == 0:
            return True
        before = text[start - 1]
        before2 = text[start - 2] if start >= 2 else " "
        if before.isalnum() or before in "_#@№":
            return False  # "M142", "G7", "#5"
        if before in "-\u2010\u2011" and before2.isalpha():
            return False  # "T-72", "Su-25", "Covid-19"
        return not (before in "./:" and before2.isalnum())  # "v.2", "24/7", "2:1"

    def _digits_end_ok(self, text: str, core: _Core) -> bool:
        end = core.end
        if end >= len(text):
            return True
        after = text[end]
        after2 = text[end + 1] if end + 1 < len(text) else " "
        if after.isalpha():
            letters = _LETTERS.match(text, end)
            if letters is None or letters.group(0).lower() not in self.lexicon.attached_units:
                return False  # "155mm", "2nd", "1990s", "9K720"
            return letters.end() >= len(text) or not text[letters.end()].isalnum()
        if after in "°_" or (after in "/:." and after2.isdigit()):
            return False  # "48.5°", "24/7", "10:30", "1.2.3"
        if after in "'’" and after2 in "sS" and self._year_like(core):
            return False  # "1990's"
        metres = (
            core.scale > 1.0 and text[end - 1] in "mM" and not text[end - 2 : end - 1].isalpha()
        )
        return not (after == "-" and after2.isalpha() and metres)  # "a 5m-high wall"

    def _year_like(self, core: _Core) -> bool:
        return (
            len(core.raw) == 4
            and core.raw.isdigit()
            and self.lexicon.year_first <= int(core.raw) <= self.lexicon.year_last
        )


def _and_a_half(tokens: Sequence[_Token], j: int) -> bool:
    return j + 2 < len(tokens) and tokens[j + 1].kind == "a" and tokens[j + 2].kind == "half"


def _continuation(tokens: Sequence[_Token], j: int, prev: str, last_mult: float) -> int | None:
    """After "thousand" or "hundred", the index of a smaller number that adds to it, if any:
    "four-thousand-100", "two hundred and fifty". "two hundred and three hundred" is two."""
    k = j + 1 if tokens[j].kind == "and" else j
    if k >= len(tokens) or tokens[k].kind not in ("num", "unit", "tens") or tokens[k].scale != 1.0:
        return None
    limit = 100.0 if prev == "hundred" else last_mult
    if not tokens[k].value < limit:
        return None
    if k != j and k + 1 < len(tokens) and tokens[k + 1].kind in _SCALES:
        # "two hundred and three hundred" is two numbers; "a hundred and twenty thousand" is
        # one (120 thousand): only a second "hundred" ends the first number.
        after = tokens[k + 1]
        if after.kind == "hundred" or prev != "hundred" or not after.value < last_mult:
            return None
    return k
