"""The Russian and Ukrainian extractor: an Article in, the same Claims the English one gives.

For each sentence (razdel, paragraph by paragraph):
  1. its times (`times`) and its source (`sources`); a source that is a pronoun points back to
     the last one named, and a sentence with none goes on with the report of the sentence before
     it in the same paragraph;
  2. its figures (`numbers`), times and the source's words excepted;
  3. the kind of each figure: the nearest kind cue in its clause, else in its sentence, refined
     by the sentence's words ("прибыли ... для усиления" -> reinforcements). A figure followed by
     a noun that does not count people ("5 танков") or with no cue is not a claim: better none
     than a junk one;
  4. its time: the nearest time before the figure in the sentence, else the first after it.
A sentence that names its source and gives no figure is a statement claim, as in English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimledger.extract.slavic.lexicon import SlavicLexicon
from claimledger.extract.slavic.numbers import Figure, NumberReader
from claimledger.extract.slavic.sources import SourceReader
from claimledger.extract.slavic.times import TimeMention, TimeReader
from claimledger.extract.slavic.tokens import Sentence, Token, Tokenizer, match_any, nominative, text_of
from claimledger.kinds import KINDS, KindName
from claimledger.model import Article, Attribution, Claim, Location, Span

EXTRACTOR_VERSION = "slavic-0.1.0"

_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")"})
_PLACE_PREPOSITIONS = frozenset({"в", "во", "на", "под", "у", "к", "по", "біля", "поблизу", "возле", "около", "до", "під"})
_SPACES = re.compile(r"\s+")
FORMATION = "formation"
FORCES = KINDS.where(movement=True)


@dataclass(frozen=True, slots=True)
class Carry:
    """What a sentence hands to the next: the report it belongs to."""

    paragraph: int = -1
    attribution: Attribution | None = None  # the report's source, for a sentence that goes on with it
    named: Attribution | None = None  # the last source named, for "по его словам"


@dataclass(frozen=True, slots=True)
class Cue:
    first: int
    last: int
    kind: KindName


class SlavicExtractor:
    def __init__(self, language: str, extra: Sequence[Path] = ()) -> None:
        self.language = language
        self.version = EXTRACTOR_VERSION
        self.lex = SlavicLexicon.load(language, extra)
        self.tokenizer = Tokenizer(language)
        self.numbers = NumberReader(self.lex)
        self.times = TimeReader(self.lex.times)
        self.sources = SourceReader(self.lex)

    def extract(self, article: Article) -> list[Claim]:
        claims: list[Claim] = []
        carry = Carry()
        for sentence in self.tokenizer.sentences(article.text):
            if not sentence.tokens:
                continue
            new, carry = self._sentence(article, sentence, carry)
            claims.extend(new)
        return claims

    def extract_many(self, articles: Sequence[Article]) -> list[list[Claim]]:
        return [self.extract(article) for article in articles]

    # -- one sentence ----------------------------------------------------------------------------

    def _sentence(self, article: Article, sentence: Sentence, carry: Carry) -> tuple[list[Claim], Carry]:
        tokens = sentence.tokens
        times = self.times.mentions(tokens, article.metadata.published)
        skip = {i for t in times for i in range(t.first, t.last)}
        source = self.sources.find(tokens)
        if source is not None:
            skip.update(range(source.first, source.last))
        if source is not None and not source.pronoun:
            attribution = source.attribution
        elif source is not None:
            attribution = carry.named
        else:
            attribution = carry.attribution if carry.paragraph == sentence.paragraph else None
        named = source.attribution if source is not None and source.attribution is not None else carry.named
        cues = self._cues(tokens, frozenset(skip))
        clauses = _clauses(tokens)
        hedged = any(match_any(tokens, i, self.lex.hedges)[0] for i in range(len(tokens)))
        said = frozenset(range(source.first, source.last)) if source is not None else frozenset()
        claims = []
        for figure in self.numbers.figures(tokens, article.text, frozenset(skip)):
            claim = self._claim(article, sentence, figure, cues, clauses, times, attribution, hedged, said)
            if claim is not None:
                claims.append(claim)
        if not claims and source is not None and source.attribution is not None:
            claims.append(self._statement(article, sentence, source.attribution, times, hedged))
        return claims, Carry(sentence.paragraph, attribution, named)

    def _statement(
        self, article: Article, sentence: Sentence, attribution: Attribution, times: list[TimeMention], hedged: bool,
    ) -> Claim:
        """A sentence that names its source and gives no figure: a statement claim, as in English."""
        text = _SPACES.sub(" ", sentence.text).strip()
        return Claim(
            article_id=article.id,
            kind=KINDS.check("statement"),
            subject=text if len(text) <= 120 else text[:119].rsplit(" ", 1)[0] + "…",
            quote=text,
            span=Span(sentence.start, sentence.end),
            time=next((t.value for t in times if t.value), None),
            attribution=attribution,
            hedged=hedged,
            confidence=0.4,
            extractor_version=self.version,
        )

    def _cues(self, tokens: Sequence[Token], skip: frozenset[int]) -> list[Cue]:
        found: list[Cue] = []
        i = 0
        while i < len(tokens):
            if i not in skip:
                for phrase, kind in self.lex.kind_cues:
                    n = len(phrase)
                    if all(tokens[i + k].is_(w) for k, w in enumerate(phrase)) if i + n <= len(tokens) else False:
                        found.append(Cue(i, i + n, kind))
                        i += n - 1
                        break
            i += 1
        return found

    def _claim(
        self, article: Article, sentence: Sentence, figure: Figure, cues: list[Cue], clauses: list[int],
        times: list[TimeMention], attribution: Attribution | None, hedged: bool, said: frozenset[int],
    ) -> Claim | None:
        tokens = sentence.tokens
        counted = self._counted(tokens, figure)
        if counted is False:
            return None
        clause = clauses[figure.first]
        near = [c for c in cues if clauses[c.first] == clause]
        if not near and counted is None:
            return None
        cue = min(near or cues, key=lambda c: _distance(c, figure), default=None)
        if cue is None:
            return None
        kind = self._refined(tokens, cue.kind)
        if counted == FORMATION and kind not in FORCES:
            return None  # "5 бригад" counts troops only when they move
        unit = next((t.text for t in tokens[figure.last:figure.last + 3]
                     if self._is_people(t) or any(t.is_(w) for w in self.lex.formations)), None)
        return Claim(
            article_id=article.id,
            kind=kind,
            subject=_subject(tokens, clauses, clause, figure),
            quote=_SPACES.sub(" ", sentence.text).strip(),
            span=Span(figure.start, figure.end),
            value=figure.value,
            value_low=figure.value_low,
            value_high=figure.value_high,
            approx=figure.approx,
            number_text=figure.text,
            unit=unit,
            location=self._place(tokens, figure, clauses, said),
            time=_time(times, figure),
            attribution=attribution,
            hedged=hedged,
            confidence=0.5 + (0.15 if attribution is not None else 0) + (0.1 if counted else 0) + (0.1 if near else 0),
            extractor_version=self.version,
        )

    # -- rules -----------------------------------------------------------------------------------

    def _is_people(self, token: Token) -> bool:
        return any(match_any([token], 0, [p])[0] for p in self.lex.people if len(p) == 1)

    def _counted(self, tokens: Sequence[Token], figure: Figure) -> bool | str | None:
        """True when the figure counts people ("17 украинских военных"), FORMATION when it counts
        units of a force ("двух бригад"), False when it counts something else ("5 танков"), None
        when no noun follows ("не менее 40 получили ранения")."""
        for token in tokens[figure.last:figure.last + 4]:
            if self._is_people(token):
                return True
            if any(token.is_(w) for w in self.lex.formations):
                return FORMATION
            if token.pos == "NOUN" and not any(token.is_(w) for c in self.lex.kind_cues for w in c[0]):
                return False
            if token.pos not in ("ADJF", "PRTF", "NUMR", "ADVB", "PRCL") or not token.word:
                return None
        return None

    def _refined(self, tokens: Sequence[Token], kind: KindName) -> KindName:
        for to, sources, words in self.lex.refinements:
            if kind in sources and any(match_any(tokens, i, words)[0] for i in range(len(tokens))):
                return to
        return kind

    def _place(self, tokens: Sequence[Token], figure: Figure, clauses: list[int], said: frozenset[int]) -> Location | None:
        """The place named in the figure's clause, or else its sentence, after a preposition:
        "в Курской области", "к Покровску", "на лівий берег Дніпра"."""
        found: list[tuple[int, int]] = []
        for i, token in enumerate(tokens[:-1]):
            if token.text.lower() not in _PLACE_PREPOSITIONS or i + 1 in said:
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].pos in ("ADJF", "PRTF") and not tokens[j].text[:1].isupper():
                j += 1
            k = j
            while k < len(tokens) and tokens[k].word and (tokens[k].text[:1].isupper() or (k > i + 1 and tokens[k - 1].text[:1].isupper() and tokens[k].pos == "NOUN")):
                k += 1
            if k > j and tokens[j].text[:1].isupper() and not any(tokens[j].is_(m) for m in self.lex.times.months):
                found.append((i + 1, k))
        if not found:
            return None
        same = [f for f in found if clauses[f[0]] == clauses[figure.first]]
        first, last = min(same or found, key=lambda f: abs(f[0] - figure.first))
        # the place as named, in the nominative: "в Курской области" -> "Курская область"
        return Location(text=nominative(tokens[first:last], self.language, tokens[first].case or "nomn"))


def _clauses(tokens: Sequence[Token]) -> list[int]:
    """The clause number of each token: a comma, colon, semicolon, dash or bracket begins one."""
    out, clause = [], 0
    for token in tokens:
        if token.text in _CLAUSE_BREAKS:
            clause += 1
        out.append(clause)
    return out


def _distance(cue: Cue, figure: Figure) -> int:
    return cue.first - figure.last if cue.first >= figure.last else figure.first - cue.last


def _time(times: list[TimeMention], figure: Figure) -> str | None:
    dated = [t for t in times if t.value is not None]
    before = [t for t in dated if t.last <= figure.first]
    if before:
        return before[-1].value
    return dated[0].value if dated else None


def _subject(tokens: Sequence[Token], clauses: list[int], clause: int, figure: Figure) -> str:
    words = [t for i, t in enumerate(tokens) if clauses[i] == clause and t.text not in _CLAUSE_BREAKS | {"."}]
    text = text_of(words) if words else figure.text
    return text if len(text) <= 120 else text[:119].rsplit(" ", 1)[0] + "…"
