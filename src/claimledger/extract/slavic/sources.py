"""Who a Russian or Ukrainian sentence credits with its figures.

The patterns, each a phrase of the lexicon followed or preceded by the source:
  "По данным X, ...", "За словами X, ..."        (according_to; X in the genitive)
  "Как сообщил X, ...", "Як повідомило X, ..."    (as_said + a speech verb)
  "..., заявил X." / "..., додав він."            (a speech verb after a comma, the source last)
  "X заявил [в понедельник], что ..."             (the speaker before the verb and its "что"/"що")
"со ссылкой на Y" / "з посиланням на Y" inside X makes Y the origin and X its conduit. A source
that is a pronoun ("по его словам", "додав він") points back to the last one named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.extract.slavic.lexicon import SlavicLexicon
from claimledger.extract.slavic.tokens import Token, match_any, nominative
from claimledger.model import Attribution

_STOPS = frozenset({",", ";", ".", "!", "?", "(", ")", "—", "–"})
_THAT = frozenset({"что", "що", "якобы", "нібито"})
_QUOTES = frozenset({"«", "»", '"', "„", "“", "”"})
_IN = frozenset({"в", "во", "у"})  # "в Минобороны заявили", "сообщили в ведомстве"


@dataclass(frozen=True, slots=True)
class Source:
    attribution: Attribution | None  # None for a pronoun: the caller resolves it
    pronoun: bool
    first: int  # tokens[first:last]: the cue and the source
    last: int


class SourceReader:
    def __init__(self, lexicon: SlavicLexicon) -> None:
        self.lex = lexicon

    def find(self, tokens: Sequence[Token]) -> Source | None:
        for i in range(len(tokens)):
            found = self._according_to(tokens, i) or self._as_said(tokens, i)
            if found is not None:
                return found
        return self._trailing(tokens) or self._speaker(tokens)

    # -- the patterns ----------------------------------------------------------------------------

    def _according_to(self, tokens: Sequence[Token], i: int) -> Source | None:
        n, phrase = match_any(tokens, i, self.lex.according_to)
        if n and phrase is not None:
            return self._source(tokens, i, i + n, "gent", " ".join(t.text for t in tokens[i:i + n]))
        # "по его словам", "за їхніми даними": a pronoun inside the phrase
        if i + 1 < len(tokens) and self._is_pronoun(tokens[i + 1]):
            for phrase in self.lex.according_to:
                if len(phrase) == 2 and tokens[i].is_(phrase[0]) and i + 2 < len(tokens) and tokens[i + 2].is_(phrase[1]):
                    return Source(None, True, i, i + 3)
        return None

    def _as_said(self, tokens: Sequence[Token], i: int) -> Source | None:
        n, _ = match_any(tokens, i, self.lex.as_said)
        if not n or i + n >= len(tokens) or not self._is_speech(tokens[i + n]):
            return None
        return self._source(tokens, i, i + n + 1, "nomn", " ".join(t.text for t in tokens[i:i + n + 1]))

    def _trailing(self, tokens: Sequence[Token]) -> Source | None:
        """"..., повідомив Генеральний штаб." / "..., додав він.": the source ends the sentence."""
        end = len(tokens)
        while end and tokens[end - 1].text in _STOPS | _QUOTES:
            end -= 1
        for v in range(end - 1, 0, -1):
            if tokens[v].text in _STOPS:
                break
            if self._is_speech(tokens[v]) and tokens[v - 1].text in (",", "—", "–"):
                words = list(tokens[v + 1:end])
                if not words:
                    return None
                return self._named(words, "nomn", tokens[v].text, v, end)
        return None

    def _speaker(self, tokens: Sequence[Token]) -> Source | None:
        """"X заявил [в понедельник], что ...": the words before the verb name the speaker."""
        for v, token in enumerate(tokens):
            if not self._is_speech(token):
                continue
            after = [t.text.lower() for t in tokens[v + 1:v + 6]]
            if not any(w in _THAT for w in after) and ":" not in after[:1]:
                continue
            first = v
            while first > 0 and self._in_name(tokens[first - 1]):
                first -= 1
            if first > 0 and tokens[first - 1].text.lower() in _IN:
                first -= 1  # "у Генштабі ЗСУ заявили, що": the institution speaks
            words = list(tokens[first:v])
            if not any(t.pos == "NOUN" or t.proper or t.text[:1].isupper() for t in words):
                continue
            return self._named(words, "nomn", token.text, first, v + 1)
        return None

    # -- helpers ---------------------------------------------------------------------------------

    def _source(self, tokens: Sequence[Token], first: int, start: int, case: str, cue: str) -> Source | None:
        end = start
        while end < len(tokens) and tokens[end].text not in _STOPS:
            end += 1
        words = list(tokens[start:end])
        if not words:
            return None
        if all(self._is_pronoun(t) for t in words):
            return Source(None, True, first, end)
        return self._named(words, case, cue, first, end)

    def _named(self, words: Sequence[Token], case: str, cue: str, first: int, last: int) -> Source | None:
        """The source the words name; "в Минобороны" (an institution speaking) names the
        ministry; a pronoun or a word that only points back ("в ведомстве") names none."""
        if len(words) > 1 and words[0].text.lower() in _IN:
            words, case = words[1:], "loct"
        if not words:
            return None
        if len(words) == 1 and (self._is_pronoun(words[0]) or any(words[0].is_(r) for r in self.lex.references)):
            return Source(None, True, first, last)
        return Source(self._attribution(words, case, cue), False, first, last)

    def _attribution(self, words: Sequence[Token], case: str, cue: str) -> Attribution:
        """The source's words as an Attribution; "X со ссылкой на Y": Y the origin, X the conduit."""
        for i in range(1, len(words)):
            n, _ = match_any(words, i, self.lex.via)
            if n and i + n < len(words):
                conduit = nominative(words[:i], self.lex.language, case)
                origin = nominative(words[i + n:], self.lex.language, "accs")
                return Attribution(origin=origin, conduits=(conduit,), cue=cue)
        return Attribution(origin=nominative(words, self.lex.language, case), cue=cue)

    def _is_speech(self, token: Token) -> bool:
        return token.pos in ("VERB", "INFN", "PRTS") and any(token.is_(v) for v in self.lex.speech_verbs)

    def _is_pronoun(self, token: Token) -> bool:
        return token.text.lower() in self.lex.pronouns

    def _in_name(self, token: Token) -> bool:
        """Whether a word before a speech verb can belong to its speaker's name."""
        if token.text in _QUOTES or token.text in ("-", "'"):
            return True
        if not token.word or token.text.lower() in self.lex.openers:
            return False
        return token.pos in ("NOUN", "ADJF", "PRTF", None) or token.proper or token.text[:1].isupper()
