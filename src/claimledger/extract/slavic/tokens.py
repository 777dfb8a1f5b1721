"""Sentences and words of a Russian or Ukrainian text, with the lemmas the rules match.

razdel segments (paragraph by paragraph, so a heading never runs into the next line) and
tokenises with character offsets; pymorphy3 gives every reading's normal form. A word matches a
lexicon word when any of its lemmas, or the word as written, equals it: "прибыли" is both a verb
("прибыть") and a noun ("прибыль"), and the rules should not depend on which reading wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import razdel

from claimledger.extract.slavic.lexicon import Phrase

_PARAGRAPH = re.compile(r"\n\s*\n")
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ів|їв)а$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # offsets into the article text
    end: int
    lemmas: frozenset[str]  # the word lower-cased and every reading's normal form
    pos: str | None  # the first reading's part of speech (pymorphy3's OpenCorpora tags)
    case: str | None
    proper: bool  # a name, surname, patronymic or place in the first reading

    def is_(self, word: str) -> bool:
        return word in self.lemmas

    @property
    def word(self) -> bool:
        return any(c.isalpha() for c in self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int
    tokens: tuple[Token, ...]


@functools.cache
def analyzer(language: str) -> Any:
    """The pymorphy3 analyser of a language, loaded once per process."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


class Tokenizer:
    def __init__(self, language: str) -> None:
        self.morph = analyzer(language)

    def sentences(self, text: str) -> Iterator[Sentence]:
        offset = 0
        for paragraph, block in enumerate(_PARAGRAPH.split(text)):
            start = text.index(block, offset) if block else offset
            offset = start + len(block)
            for piece in razdel.sentenize(block):
                s, e = start + piece.start, start + piece.stop
                yield Sentence(text[s:e], s, e, paragraph, tuple(self.tokens(text[s:e], s)))

    def tokens(self, text: str, offset: int = 0) -> Iterator[Token]:
        pieces = list(razdel.tokenize(text))
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            start, stop = piece.start, piece.stop
            # razdel splits "Куп'янськ" at the apostrophe: the word is one token
            while (i + 2 < len(pieces) and pieces[i + 1].text in "'’ʼ" and pieces[i + 1].start == stop
                   and pieces[i + 2].start == pieces[i + 1].stop and pieces[i + 2].text[:1].isalpha()):
                stop = pieces[i + 2].stop
                i += 2
            yield self.token(text[start:stop], offset + start, offset + stop)
            i += 1

    def token(self, text: str, start: int, end: int) -> Token:
        lower = text.lower().translate(_APOSTROPHES)
        if not any(c.isalpha() for c in text):
            return Token(text, start, end, frozenset({lower}), None, None, False)
        parses = self.morph.parse(lower)
        lemmas = {lower, lower.replace("ё", "е")}
        lemmas.update(p.normal_form.translate(_APOSTROPHES) for p in parses)
        lemmas.update(lemma.replace("ё", "е") for lemma in list(lemmas))
        first = parses[0].tag if parses else None
        proper = first is not None and bool({"Name", "Surn", "Patr", "Geox", "Orgn"} & set(first.grammemes))
        return Token(text, start, end, frozenset(lemmas), first.POS if first else None,
                     first.case if first else None, proper)


def match(tokens: Sequence[Token], i: int, phrase: Phrase) -> int:
    """The number of tokens `phrase` spans from `tokens[i]`, or 0 when it does not match there."""
    if i + len(phrase) > len(tokens):
        return 0
    return len(phrase) if all(tokens[i + k].is_(w) for k, w in enumerate(phrase)) else 0


def match_any(tokens: Sequence[Token], i: int, phrases: Sequence[Phrase]) -> tuple[int, Phrase | None]:
    """The first (longest) of `phrases` matching at `tokens[i]`, and its length."""
    for phrase in phrases:
        n = match(tokens, i, phrase)
        if n:
            return n, phrase
    return 0, None


def ending_at(tokens: Sequence[Token], end: int, phrases: Sequence[Phrase]) -> int:
    """The length of the longest of `phrases` that ends just before `tokens[end]`, or 0."""
    for phrase in phrases:
        start = end - len(phrase)
        if start >= 0 and match(tokens, start, phrase):
            return len(phrase)
    return 0


def nominative(tokens: Sequence[Token], language: str, case: str) -> str:
    """A source named in `case` ("по данным Министерства обороны России": genitive) in the
    nominative ("Министерство обороны России"): the head (its adjectives and first noun) and a
    closing name ("... Александра Савчука") are inflected, the words they govern kept."""
    words = [t.text for t in tokens]
    head = 0
    while head < len(tokens) and tokens[head].pos in ("ADJF", "PRTF"):
        head += 1
    for i in range(min(head + 1, len(tokens))):
        words[i] = _nominative(tokens[i], language, case)
    k = len(tokens)
    while k > head + 1 and tokens[k - 1].text[:1].isupper() and tokens[k - 1].word:
        k -= 1
    if any(_reading(t, language, case, True) for t in tokens[k:]):
        for i in range(k, len(tokens)):
            words[i] = _name_nominative(tokens[i], language, case)
    return _joined(tokens, words)


def _name_nominative(token: Token, language: str, case: str) -> str:
    """A closing name in the nominative: a surname the dictionary lacks keeps the regular
    masculine ending ("Сомова" -> "Сомов", "Ігнатова" -> "Ігнатов")."""
    if _reading(token, language, case, False) is not None and _reading(token, language, case, True) is not None:
        return _nominative(token, language, case)
    if case in ("gent", "accs") and _SURNAME.search(token.text):
        return token.text[:-1]
    return _nominative(token, language, case)


def _reading(token: Token, language: str, case: str, named: bool) -> Any:
    for parse in analyzer(language).parse(token.text):
        if parse.tag.case == case and (not named or {"Name", "Surn", "Patr"} & set(parse.tag.grammemes)):
            return parse
    return None


def _nominative(token: Token, language: str, case: str) -> str:
    parse = _reading(token, language, case, False)
    form = parse.inflect({"nomn"}) if parse is not None else None
    if form is None:
        return token.text
    word: str = form.word
    if token.text.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if token.text[:1].isupper() else word


def _joined(tokens: Sequence[Token], words: Sequence[str]) -> str:
    out = ""
    for i, (token, word) in enumerate(zip(tokens, words, strict=True)):
        gap = token.start - tokens[i - 1].end if i else 0
        out += (" " if gap > 0 else "") + word
    return out


def text_of(tokens: Sequence[Token]) -> str:
    return _joined(tokens, [t.text for t in tokens])
