"""What reconciliation needs to know about one claim: its thread key, as-of date and evidence.

- as-of date: the end of the claim's `time` (an interval "since X" ends at its as-of), capped at
  the article's publication date; the publication date when the claim has no time.
- evidence (independence key): the origin's knowledge-base id when linked, else its words, else
  the outlet of the story's original article (the article asserts the claim itself). Origins
  written only in lower case ("agency", "officials") name no one in particular and count as one
  origin within their story only. Copies of a story share the original's outlet and story.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from claimledger.reconcile.rules import ReconcileRules

_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^\w\s-]")


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """The article facts reconciliation reads: age, outlet, and the story it copies."""

    published: dt.date | None
    outlet: str | None  # the outlet of the story's original: a copy speaks with its voice
    story: str  # the original article of its near-duplicate cluster (itself when no copy)


@dataclass(slots=True)
class Member:
    """A claim reduced to what threads, relations and estimates compare (internal to reconcile)."""

    claim_id: str
    article_id: str
    kind: str
    actor_key: str  # "actor:<kb id>" or "subject:<normalised words>"
    actor: str  # the actor's name or the subject, as shown
    actor_id: str | None
    country: str | None
    country_name: str | None
    value: float | None
    value_low: float | None
    value_high: float | None
    approx: bool
    as_of: dt.date | None
    evidence: str
    origin: str
    span_start: int
    span_end: int
    number_text: str | None
    period: str = ""  # the as-of month, "YYYY-MM" ("" when undated)
    # The one number that stands for the claim: the value, else a range's midpoint or its bound.
    figure: float | None = None
    # Only a bound or a range is known ("at least 100", "up to 250", "3,000-4,000").
    bounded_only: bool = False
    # asserted, forecast, planned, possible, denied (reconcile.modality): only asserted claims
    # feed relations and estimates.
    modality: str = "asserted"

    @property
    def asserted(self) -> bool:
        return self.modality == "asserted"

    def __post_init__(self) -> None:
        if self.as_of is not None and not self.period:
            self.period = f"{self.as_of.year:04d}-{self.as_of.month:02d}"
        if self.value is not None:
            self.figure = self.value
        elif self.value_low is not None and self.value_high is not None:
            self.figure = (self.value_low + self.value_high) / 2
        else:
            self.figure = self.value_low if self.value_low is not None else self.value_high
        self.bounded_only = self.value is None and self.figure is not None


def norm(text: str) -> str:
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text.casefold())).strip()


def subject_key(subject: str, rules: ReconcileRules) -> str:
    words = [w for w in norm(_PARENS.sub(" ", subject)).split() if w not in rules.subject_stopwords]
    return " ".join(words) or norm(subject)


def actor_key(actor_id: str | None, subject: str, rules: ReconcileRules) -> str:
    return f"actor:{actor_id}" if actor_id else f"subject:{subject_key(subject, rules)}"


def as_of(time: str | None, published: dt.date | None) -> dt.date | None:
    """The end of `time`, capped at publication when the period has begun by then ("2025" in
    April 2025 is as of April); a period wholly after publication is a forecast and keeps its
    end ("10,000 by December" in October is as of December)."""
    end = _bound(time.rsplit("/", 1)[-1], last=True) if time else None
    if end is None:
        return published
    if published is None or end <= published:
        return end
    start = _bound(time.split("/", 1)[0], last=False) if time else None
    return end if start is not None and start > published else published


def _bound(part: str, last: bool) -> dt.date | None:
    part = part.strip()
    if part in ("..", ""):
        return None
    try:
        numbers = [int(f) for f in part.split("-")]
        if len(numbers) == 1:
            return dt.date(numbers[0], 12, 31) if last else dt.date(numbers[0], 1, 1)
        if len(numbers) == 2:
            year, month = numbers
            return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        if len(numbers) == 3:
            return dt.date(*numbers)
    except ValueError:
        return None
    return None


def evidence(
    origin: str | None,
    origin_actor_id: str | None,
    article: ArticleInfo | None,
    article_id: str,
    rules: ReconcileRules,
) -> tuple[str, str]:
    """(independence key, origin as shown) of a claim."""
    story = article.story if article else article_id
    if origin_actor_id:
        return f"actor:{origin_actor_id}", origin or origin_actor_id
    if origin and origin.strip():
        key = norm(origin)
        if rules.generic_origin_lowercase and origin == origin.lower():
            return f"text:{key}@{story}", origin
        return f"text:{key}", origin
    outlet = article.outlet if article else None
    if outlet:
        return f"outlet:{norm(outlet)}", outlet
    return f"article:{story}", f"article {story[:8]}"
