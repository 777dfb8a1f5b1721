"""Alias matching shared by the actor knowledge base and the gazetteer.

Names are compared as sequences of folded word tokens: case, diacritics, hyphens, apostrophes and
possessive "'s" do not matter ("Kim Jong-un" = "Kim Jong Un", "Pyongyang's" = "Pyongyang",
"Tillabéri" = "Tillaberi"). Case matters only where an alias says so by how it is written: an
alias written with a capital must be capitalised in the text (so "turkey" is not Turkey) and an
acronym must be written in capitals (so "us" is not the US). Matching a sentence is a greedy
longest-match scan over its tokens, with the candidate lengths for each first token known in
advance, so a scan costs a few dictionary look-ups per token whatever the number of aliases.
"""

from __future__ import annotations

import gc
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import yaml

from claimledger.errors import ClaimledgerError

T = TypeVar("T")

_WORD_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’ʼ`´"
# Letters that NFKD does not decompose into a base letter plus a mark.
_SPECIAL_LETTERS = MappingProxyType(str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
        "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
        "ʻ": "", "ʿ": "", "ʾ": "", "ʼ": "",
    }
))  # fmt: skip


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, as word lists read best."""
    return frozenset(words.split())


# Leading words whose case says nothing about the name ("al-Fashir", "the Kremlin").
PARTICLES = word_set(
    "the al el ad ar as ash at az an ad ed es et ez de da do dos du la le les los las del "
    "della di van von der den ibn bin ben bint abu umm ould wadi jebel jabal"
)
# Gaps allowed between two tokens of one name: spaces, a hyphen, an apostrophe, a possessive.
_GAP_RE = re.compile(
    r"[ \t\u00a0]*|[ \t\u00a0]*[-‐‑–][ \t\u00a0]*|[" + _APOSTROPHES + r"]s?[ \t\u00a0]*"
)
_DOT_GAP_RE = re.compile(r"\.[ \t\u00a0]*")
_DOT_ABBREVIATIONS = frozenset({"st", "mt", "ft", "dr", "gen", "lt", "col", "maj", "sgt", "capt"})


class DataFileError(ClaimledgerError):
    """A knowledge-base or gazetteer data file is missing or malformed."""


def fold(text: str) -> str:
    """Lower-case and strip diacritics: the form in which names are compared."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Token(NamedTuple):
    """A word of a text: its offsets, its text as written and its folded key."""

    start: int
    end: int
    text: str
    key: str


def tokenize(text: str) -> list[Token]:
    """Split into word tokens, dropping the "s" of a possessive so "Kyiv's" reads as "Kyiv"."""
    tokens: list[Token] = []
    ascii_text = text.isascii()
    for match in _WORD_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        if (word == "s" or word == "S") and tokens and _is_possessive_s(text, start):
            continue
        tokens.append(Token(start, end, word, word.lower() if ascii_text else fold(word)))
    return tokens


def _is_possessive_s(text: str, start: int) -> bool:
    return start >= 2 and text[start - 1] in _APOSTROPHES and not text[start - 2].isspace()


def normalize(text: str) -> str:
    """The comparison form of a whole name: folded tokens joined by single spaces."""
    return " ".join(token.key for token in tokenize(text))


def strip_leading_article(keys: tuple[str, ...]) -> tuple[str, ...]:
    return keys[1:] if len(keys) > 1 and keys[0] == "the" else keys


class _Alias(NamedTuple, Generic[T]):
    """One way of writing a name, with the case the text must respect to match it."""

    value: T
    priority: float
    seq: int
    capital_at: int  # index of the token that must start with a capital, or -1
    exact: tuple[tuple[int, str], ...]  # (index, text) of tokens that must match case exactly


def _words_case_rules(
    words: Sequence[str], keys: Sequence[str]
) -> tuple[int, tuple[tuple[int, str], ...]]:
    """_case_rules for an alias of plain ASCII words."""
    capital_at = -1
    for i, key in enumerate(keys):
        if key in PARTICLES and i + 1 < len(keys):
            continue
        if words[i][0].isupper():
            capital_at = i
        break
    exact = tuple((i, word) for i, word in enumerate(words) if word[1:] != word[1:].lower())
    return capital_at, exact


def _case_rules(tokens: Sequence[Token]) -> tuple[int, tuple[tuple[int, str], ...]]:
    capital_at = -1
    for i, token in enumerate(tokens):
        # Particles and PrefixedIndex's qualifier marker say nothing about case.
        if (token.key in PARTICLES or token.key.startswith("\x00")) and i + 1 < len(tokens):
            continue
        if token.text[0].isupper():
            capital_at = i
        break
    # An acronym or a name like "McCurry" has capitals after its first letter.
    exact = tuple(
        (i, token.text)
        for i, token in enumerate(tokens)
        if token.text[1:] != token.text[1:].lower()
    )
    return capital_at, exact


class Match(NamedTuple, Generic[T]):
    """A name found in a text: its offsets, how many tokens it covers and how sure the match is."""

    start: int
    end: int
    value: T
    length: int = 1
    priority: float = 0.0
    seq: int = 0


class Matcher(Protocol[T]):
    def match_at(self, text: str, tokens: Sequence[Token], i: int) -> Match[T] | None:
        """The best name starting at token i, if any."""
        ...


def scan(
    text: str,
    matchers: Sequence[Matcher[T]],
    skip: Iterable[tuple[int, int]] = (),
    tokens: Sequence[Token] | None = None,
) -> list[Match[T]]:
    """Longest non-overlapping matches of any matcher, left to right; at equal length the
    higher priority wins. Spans in `skip` are left alone. `tokens`: tokenize(text), if known."""
    if tokens is None:
        tokens = tokenize(text)
    blocked = sorted(skip)
    matches: list[Match[T]] = []
    i = 0
    while i < len(tokens):
        best: Match[T] | None = None
        for matcher in matchers:
            found = matcher.match_at(text, tokens, i)
            if found is not None and (
                best is None
                or (found.length, found.priority, found.seq)
                > (best.length, best.priority, best.seq)
            ):
                best = found
        if best is None or _overlaps(best, blocked):
            i += 1
            continue
        matches.append(best)
        i += best.length
    return matches


class AliasIndex(Generic[T]):
    """Aliases of many names, for exact look-up and for longest-match scanning of a text."""

    def __init__(self) -> None:
        self._aliases: dict[tuple[str, ...], list[_Alias[T]]] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._seq = 0

    def __len__(self) -> int:
        return len(self._aliases)

    def add(self, alias: str, value: T, priority: float = 0.0) -> tuple[str, ...] | None:
        """Index one alias; returns its key, or None when the alias has no word in it."""
        if alias.isascii():
            words = alias.split(" ")
            if all(word.isalpha() for word in words):
                # Plain words, most of the gazetteer: skip the tokenizer.
                key = tuple(word.lower() for word in words)
                return self._add_key(key, value, priority, *_words_case_rules(words, key))
        return self.add_tokens(tokenize(alias), value, priority)

    def add_tokens(
        self, tokens: Sequence[Token], value: T, priority: float = 0.0
    ) -> tuple[str, ...] | None:
        """Index an alias already split into tokens."""
        if not tokens:
            return None
        key = tuple(token.key for token in tokens)
        return self._add_key(key, value, priority, *_case_rules(tokens))

    def _add_key(
        self,
        key: tuple[str, ...],
        value: T,
        priority: float,
        capital_at: int,
        exact: tuple[tuple[int, str], ...],
    ) -> tuple[str, ...]:
        self._seq += 1
        self._aliases.setdefault(key, []).append(
            _Alias(value, priority, self._seq, capital_at, exact)
        )
        lengths = self._lengths.get(key[0], ())
        if len(key) not in lengths:
            self._lengths[key[0]] = tuple(sorted({*lengths, len(key)}, reverse=True))
        return key

    def keys(self) -> Iterable[tuple[str, ...]]:
        return self._aliases.keys()

    def best_values(self) -> Iterator[tuple[tuple[str, ...], T]]:
        """Each alias key with the value it names best."""
        for key, aliases in self._aliases.items():
            yield key, max(aliases, key=lambda a: (a.priority, a.seq)).value

    def values_for(self, key: tuple[str, ...]) -> list[T]:
        """Every value an alias key names, best first (highest priority, then latest added)."""
        aliases = sorted(
            self._aliases.get(key, ()), key=lambda a: (a.priority, a.seq), reverse=True
        )
        return [alias.value for alias in aliases]

    def lookup(self, text: str) -> list[T]:
        """Values whose alias equals the whole text, best first; a leading "the" is optional.

        Aliases whose case the text respects come first. Failing those, case is ignored, except
        for short acronyms: "nato" is NATO, but "us" is not the US nor "who" the WHO."""
        tokens = tokenize(text)
        if tokens and tokens[0].key == "the" and len(tokens) > 1:
            windows = [tokens, tokens[1:]]
        else:
            windows = [tokens] if tokens else []
        for window in windows:
            aliases = self._aliases.get(tuple(token.key for token in window), [])
            cased = [alias for alias in aliases if _case_ok(alias, window)]
            loose = [alias for alias in aliases if not _short_acronym(alias)]
            for found in (cased, loose):
                if found:
                    found.sort(key=lambda a: (a.priority, a.seq), reverse=True)
                    return [alias.value for alias in found]
        return []

    def scan(self, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Match[T]]:
        """Longest non-overlapping alias matches in the text, left to right."""
        return scan(text, [self], skip)

    def match_at(self, text: str, tokens: Sequence[Token], i: int) -> Match[T] | None:
        for length in self._lengths.get(tokens[i].key, ()):
            if i + length > len(tokens):
                continue
            window = tokens[i : i + length]
            # the look-up first: most windows name nothing, and then their gaps need no check
            aliases = self._aliases.get(tuple([token.key for token in window]))
            if not aliases or not _contiguous(text, window):
                continue
            best = _best_cased(aliases, window)
            if best is not None:
                return Match(
                    window[0].start, window[-1].end, best.value, length, best.priority, best.seq
                )
        return None


class PrefixedIndex(Generic[T]):
    """Names made of a qualifier and a phrase: "Russian" + "defence ministry", "US" + "officials".

    Qualifiers ("Russian", "Russia", "Russia's") map to a key (a country code); each key has its
    own phrases. Storing the two halves apart keeps thousands of combinations out of memory."""

    def __init__(self) -> None:
        self._qualifiers: AliasIndex[str] = AliasIndex()
        self._phrases: AliasIndex[T] = AliasIndex()
        self._tokens: dict[str, list[Token]] = {}

    def add_qualifier(self, qualifier: str, key: str, priority: float = 0.0) -> None:
        self._qualifiers.add(qualifier, key, priority)

    def add_phrase(self, key: str, phrase: str, value: T, priority: float = 0.0) -> None:
        """A phrase that names `value` after any qualifier of `key`."""
        tokens = self._tokens.get(phrase)
        if tokens is None:
            tokens = self._tokens[phrase] = tokenize(phrase)
        if tokens:
            # The qualifier key is a pseudo-token in front, so one index serves every key.
            self._phrases.add_tokens([Token(0, 0, key, "\x00" + key), *tokens], value, priority)

    def match_at(self, text: str, tokens: Sequence[Token], i: int) -> Match[T] | None:
        qualifier = self._qualifiers.match_at(text, tokens, i)
        if qualifier is None or i + qualifier.length >= len(tokens):
            return None
        j = i + qualifier.length
        if not _contiguous(text, [tokens[j - 1], tokens[j]]):
            return None
        marker = Token(tokens[j].start, tokens[j].start, qualifier.value, "\x00" + qualifier.value)
        found = self._phrases.match_at(text, [marker, *tokens[j:]], 0)
        if found is None:
            return None
        return Match(
            tokens[i].start,
            found.end,
            found.value,
            qualifier.length + found.length - 1,
            found.priority,
            found.seq,
        )

    def lookup(self, text: str) -> list[T]:
        """The value of a text that is exactly one qualified phrase, if it is one."""
        tokens = tokenize(text)
        found = self.match_at(text, tokens, 0) if tokens else None
        return [found.value] if found is not None and found.length == len(tokens) else []


def _overlaps(match: Match[Any], blocked: list[tuple[int, int]]) -> bool:
    return any(start < match.end and match.start < end for start, end in blocked)


def _contiguous(text: str, window: Sequence[Token]) -> bool:
    for left, right in itertools.pairwise(window):
        gap = text[left.end : right.start]
        if _GAP_RE.fullmatch(gap):
            continue
        # "U.S. officials", "St. Petersburg": a dot is part of a name only after an abbreviation.
        if _DOT_GAP_RE.fullmatch(gap) and (len(left.key) == 1 or left.key in _DOT_ABBREVIATIONS):
            continue
        return False
    return True


def dot_joins(word: str) -> bool:
    """Whether a full stop after `word` may fall inside a name ("U.S. officials", "St. Petersburg")."""
    key = fold(word)
    return len(key) == 1 or key in _DOT_ABBREVIATIONS


def _best_cased(aliases: list[_Alias[T]], window: Sequence[Token]) -> _Alias[T] | None:
    best: _Alias[T] | None = None
    for alias in aliases:
        if _case_ok(alias, window) and (
            best is None or (alias.priority, alias.seq) > (best.priority, best.seq)
        ):
            best = alias
    return best


def _case_ok(alias: _Alias[Any], window: Sequence[Token]) -> bool:
    if alias.capital_at >= 0 and not window[alias.capital_at].text[0].isupper():
        return False
    return all(window[i].text == written for i, written in alias.exact)


def _short_acronym(alias: _Alias[Any]) -> bool:
    return any(len(written) <= 3 for _, written in alias.exact)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large indexes.

    Building allocates tens of thousands of small objects and no cycles; the collector would
    scan them over and over, which doubles load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_yaml(path: Path) -> Mapping[str, Any]:
    """Read one data file as a mapping, with a typed error that names the file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=loader)
    except OSError as err:
        raise DataFileError(f"cannot read {path}: {err}") from err
    except yaml.YAMLError as err:
        raise DataFileError(f"{path} is not valid YAML: {err}") from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping at the top level")
    return data


def as_str_list(value: object, where: str) -> list[str]:
    """A YAML field that must be a string or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise DataFileError(f"{where}: expected a string or a list of strings, got {value!r}")


def iter_records(data: Mapping[str, Any], section: str, where: str) -> Iterator[Mapping[str, Any]]:
    """The mappings listed under one top-level key of a data file."""
    records = data.get(section) or []
    if not isinstance(records, list):
        raise DataFileError(f"{where}: '{section}' must be a list")
    for record in records:
        if not isinstance(record, dict):
            raise DataFileError(f"{where}: every entry of '{section}' must be a mapping")
        yield record
