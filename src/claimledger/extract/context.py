"""What reading an article carries from one sentence to the next, as immutable values.

What is known of an article before its sentences are read (who "we" are, which places and
countries it names) is its `ArticleAnalysis`; `Context` holds what reading has gathered so far (the
report going on, the places named, the sources heard). Each step takes a Context and returns a
new one (`dataclasses.replace`); nothing is kept on the Extractor between sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.extract.claims import Unit
from claimledger.extract.quotes import Quotations
from claimledger.model import Actor, Attribution, Location


@dataclass(frozen=True, slots=True)
class Force:
    """The one force an article names by its state ("North Korean troops"), and where it first
    names it."""

    actor: Actor
    named: int


@dataclass(frozen=True, slots=True)
class Carry:
    """What a sentence hands to the next one while a report goes on."""

    paragraph: int = -1
    attribution: Attribution | None = None
    explicit: bool = False  # the attribution was stated in that sentence, not carried into it
    time: str | None = None
    location: Location | None = None
    actor: Actor | None = None
    subject: str | None = None
    unit: Unit | None = None
    kind: str | None = None  # what the last figure counted: "the figure is 115" goes on with it
    hops: int = 0
    scene: str | None = None  # text of sentences with no figure since, read only if needed
    figureless: bool = False  # the sentence handing this on gave no figure: it set a scene
    introduces: bool = False  # it names a speaker and ends with ":" ("He put it this way:")


@dataclass(frozen=True, slots=True)
class Context:
    """What reading an article has gathered up to a sentence."""

    carry: Carry = Carry()
    named: tuple[tuple[int, Location], ...] = ()  # places named so far, for "the region", "there"
    last_place: Location | None = None  # the last place below a country, for "the city"
    origins: tuple[Attribution, ...] = ()  # explicit origins so far, for "the agency said"
    quotes: Quotations = Quotations()  # the article's quotations, for who speaks inside one
    spoke: tuple[tuple[str, str], ...] = ()  # (origin, time) each time an origin spoke
    force: Force | None = None  # the one force the article names by its state, if only one
    figures: int = 0  # numbers in the article's sentences (the calibration's article_figures)

    def origin_time(self, origin: str) -> str | None:
        """When `origin` last spoke, for a later sentence crediting it without a time."""
        return next((time for o, time in reversed(self.spoke) if o == origin), None)
