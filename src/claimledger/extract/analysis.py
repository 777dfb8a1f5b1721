"""The analysis of an article: one frozen, typed value the extract stage turns into claims.

Each field is filled by the analysis component that declares it in its `assigns` (see
`claimledger.extract.analysers`; the registry itself is `claimledger.analyse.components`); every
mention keeps its character offsets (a sentence's mentions into the sentence's text, the
sentence and the article's places into the article's). It lives in extract, not analyse, because
its sentence and attribution types are extract's (analyse must not import extract).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberMention
from claimledger.analyse.times import TimeMention
from claimledger.kb.places import PlaceMention
from claimledger.extract.attribution import Found
from claimledger.extract.sentences import Sentence
from claimledger.model import Article, Attribution, Citation


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    """A sentence of the article (or a cited work's title) and what the components found in it."""

    sentence: Sentence  # offsets into the article's text; a dateline or entry stamp cut off
    text: str
    citation: Citation | None = None  # set for a cited work's title, read as a sentence
    numbers: tuple[NumberMention, ...] = ()  # "numbers"
    doc: Doc | None = None  # "docs": the parse, only for sentences that may carry a claim
    times: tuple[TimeMention, ...] = ()  # "times": resolved against the article's date
    attribution: Found | None = None  # "attributions": who the sentence says reports, unresolved
    hedged: bool = False  # "modality": a hedge anywhere in the sentence
    # "sentence places": the gazetteer's places in the sentence, offsets into its text; None
    # where they must be found in the sentence alone (see Gazetteer.find_within)
    places: tuple[PlaceMention, ...] | None = None


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """An article and the analysis of its text, field by field as the components assign them."""

    article: Article
    sentences: tuple[SentenceAnalysis, ...] = ()  # "sentences", in text order, then cited titles
    places: tuple[PlaceMention, ...] = ()  # "places": the gazetteer's places in the whole text
    countries: Counter[str] = field(default_factory=Counter)  # "places": which war "the war" is
    issuer: tuple[Attribution, int] | None = None  # "issuer": who "we" are, from which character

    @property
    def published(self) -> dt.date | None:
        return self.article.metadata.published

    @property
    def we(self) -> Attribution | None:
        """Who "we" and "our" are anywhere in the article."""
        return self.issuer[0] if self.issuer is not None else None

    def issuer_at(self, start: int) -> Attribution | None:
        """The issuer, for a sentence starting at `start` (after the heading that names it)."""
        return self.issuer[0] if self.issuer is not None and start >= self.issuer[1] else None
