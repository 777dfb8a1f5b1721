"""From what the extractor knows about a figure to a calibrated confidence: the chance that the
claim is fully right (kind, source and time, as the full F1 counts it).

The extractor describes each figure by its `Evidence`: how its kind was decided, where its source,
time and place came from (its own sentence, a sentence before, the article's issuer, the
publication date, nowhere), whether it is one of a list, hedged or not asserted, the form of its
number, and how long its sentence and article are. `Calibration` is a logistic model over those
features (data/calibration.yaml: an intercept and a weight per feature), fitted on the project's
gold by `claimledger calibrate`; `claimledger eval` reports how well the shipped one holds
(expected calibration error).

The model is not merged like the other data files: a calibration.yaml in `lexicon_dir` replaces
the packaged one, since two fitted models cannot be added together.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from claimledger.datafiles import packaged_text, parse_mapping
from claimledger.errors import SettingsError
from claimledger.kinds import KINDS
from claimledger.model import Attribution, Location

CALIBRATION_FILE = "calibration.yaml"
# where a claim's source, time or place came from
SOURCES = ("sentence", "carried", "issuer", "none")  # named in the figure's sentence, carried, the issuer's
TIMES = ("sentence", "carried", "published", "none")  # a time of the sentence, carried, the publication date
PLACES = ("sentence", "carried", "none")  # named in the sentence, carried from before
QUOTES = ('"', "“", "”")
LABEL = re.compile(r"[A-Z][\w .'’()-]{0,40}:\s")
FIRST_PERSON = re.compile(r"\b(?:I|we|We|us|our|Our)\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the extractor knows about one figure when it makes the claim."""

    kind: str
    cued: bool  # a cue decided the kind (not the default of the counted noun)
    counted: bool  # the counted noun is one the lexicon knows (a unit category)
    actor: bool
    source: str  # SOURCES
    time: str  # TIMES
    place: str  # PLACES
    figures: int  # figures in the sentence: one of a list when more than one
    position: int  # the figure's place among them, from 0
    hedged: bool
    modality: str
    ranged: bool  # "between 300 and 500", "11 to 12,000"
    spelled: bool  # "twelve", "a dozen": no digit in the number
    vague: bool  # "dozens", "hundreds"
    approx: bool
    percent: bool
    chain: bool  # the source came through conduits ("X, citing Y")
    known_source: bool  # the source is an actor of the knowledge base
    pronoun: bool  # the sentence's speaker is a pronoun resolved from before ("he said")
    implied: bool  # the counted noun is implied by a figure before ("12 killed and 30 [people] wounded")
    lead: bool  # in the article's first paragraph (a headline or lead)
    times: int  # times the sentence states
    sentence: str
    article_words: int  # words in the article
    article_figures: int  # numbers in the article's sentences

    def features(self) -> dict[str, float]:
        """The model's inputs by name: indicators, and two lengths on a log scale."""
        on = {
            "cued": self.cued, "counted": self.counted, "actor": self.actor,
            "list": self.figures > 1, "later_in_list": self.position > 0,
            "hedged": self.hedged, "not_asserted": self.modality != "asserted",
            "ranged": self.ranged, "spelled": self.spelled, "vague": self.vague, "approx": self.approx,
            "percent": self.percent, "chain": self.chain, "known_source": self.known_source,
            "pronoun": self.pronoun, "implied": self.implied, "lead": self.lead, "several_times": self.times > 1,
            # the voice of the sentence: quoted, labelled ("PRESENTER:", "Health ministry:") as in
            # transcripts and headlines, in the first person as in interviews and live blogs
            "quoted": any(mark in self.sentence for mark in QUOTES),
            "labelled": LABEL.match(self.sentence) is not None,
            "first_person": FIRST_PERSON.search(self.sentence) is not None,
            f"source:{self.source}": self.source != "none",
            f"time:{self.time}": self.time != "none",
            f"place:{self.place}": self.place != "none",
            f"family:{_family(self.kind)}": True,
        }
        values = {name: 1.0 for name, value in on.items() if value}
        values["sentence_words"] = math.log2(max(1, len(self.sentence.split())) / 25)
        values["article_words"] = math.log2(max(1, self.article_words) / 400)
        values["article_figures"] = math.log2(max(1, self.article_figures) / 20)
        return values


def _family(kind: str) -> str:
    return KINDS[kind].family if kind in KINDS else "other"


def source_of(credited: Attribution | None, own: Attribution | None, explicit: bool, issuer: Attribution | None) -> str:
    """Where the claim's source came from: `own` is the attribution its sentence states."""
    if credited is None:
        return "none"
    if explicit and own is not None and credited.origin == own.origin:
        return "sentence"
    if issuer is not None and credited.origin == issuer.origin:
        return "issuer"
    return "carried"


def time_of(time: str | None, sentence_times: set[str], published: dt.date | None) -> str:
    """Where the claim's time came from: a time its sentence gives, the publication date, before."""
    if time is None:
        return "none"
    if time in sentence_times:
        return "sentence"
    return "published" if published is not None and time == published.isoformat() else "carried"


def place_of(location: Location | None, sentence: str) -> str:
    if location is None:
        return "none"
    return "sentence" if location.text in sentence else "carried"


class Confidence(Protocol):
    """Evidence in, the confidence the claim gets out."""

    def apply(self, evidence: Evidence) -> float: ...


@dataclass(frozen=True, slots=True)
class Calibration:
    """A logistic model: confidence = 1 / (1 + exp(-(intercept + sum of weight * feature))),
    held between `floor` and `ceiling` (a claim right on all the gold like it is not certain)."""

    intercept: float
    weights: tuple[tuple[str, float], ...]  # (feature name, weight), sorted by name
    floor: float = 0.02
    ceiling: float = 0.98
    _by_name: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not all(math.isfinite(w) for _, w in self.weights) or not math.isfinite(self.intercept):
            raise SettingsError("calibration weights must be finite numbers")
        if not 0.0 <= self.floor <= self.ceiling <= 1.0:
            raise SettingsError("calibration floor and ceiling must lie between 0 and 1, floor first")
        object.__setattr__(self, "_by_name", dict(self.weights))

    def apply(self, evidence: Evidence) -> float:
        return self.probability(evidence.features())

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self._by_name.get(name, 0.0) * value for name, value in features.items())
        z = max(-30.0, min(30.0, z))
        return min(self.ceiling, max(self.floor, 1.0 / (1.0 + math.exp(-z))))

    def to_data(self) -> dict[str, Any]:
        return {
            "floor": self.floor, "ceiling": self.ceiling, "intercept": round(self.intercept, 4),
            "weights": {name: round(weight, 4) for name, weight in self.weights},
        }

    @classmethod
    def from_data(cls, data: dict[str, Any], name: str) -> Calibration:
        weights = data.get("weights")
        if not isinstance(weights, dict) or "intercept" not in data:
            raise SettingsError(f"{name}: needs an `intercept` and a mapping of feature `weights`")
        try:
            return cls(
                intercept=float(data["intercept"]),
                weights=tuple(sorted((str(k), float(v)) for k, v in weights.items())),
                floor=float(data.get("floor", 0.02)),
                ceiling=float(data.get("ceiling", 0.98)),
            )
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{name}: the intercept and every weight must be numbers") from exc
        except SettingsError as exc:
            raise SettingsError(f"{name}: {exc}") from exc

    @classmethod
    def load(cls, user: Path | None = None) -> Calibration:
        """The user's model when given, else the packaged one."""
        if user is not None:
            text, name = user.read_text("utf-8"), str(user)
        else:
            text, name = packaged_text(CALIBRATION_FILE), CALIBRATION_FILE
        return cls.from_data(parse_mapping(text, name, SettingsError), name)
