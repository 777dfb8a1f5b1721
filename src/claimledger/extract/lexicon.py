"""The extractor's cue lists (data/extraction.yaml), compiled once into phrase matchers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import SettingsError

LEXICON_FILE = "extraction.yaml"


@dataclass(frozen=True, slots=True)
class PhraseHit:
    start: int
    end: int
    phrase: str
    label: str


class PhraseMatcher:
    """Whole-word, case-insensitive matching of many phrases with one compiled regex.

    Longer phrases win where they overlap ("killed or wounded" over "killed").
    """

    def __init__(self, phrases: Mapping[str, str]) -> None:
        self.labels = {p.lower(): label for p, label in phrases.items()}
        ordered = sorted(self.labels, key=len, reverse=True)
        body = "|".join(_phrase_pattern(p) for p in ordered) or r"(?!x)x"
        self.regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[PhraseHit]:
        for m in self.regex.finditer(text, start, len(text) if end is None else end):
            phrase = " ".join(m.group(0).lower().replace("’", "'").split())
            yield PhraseHit(m.start(), m.end(), phrase, self.labels.get(phrase, ""))

    def search(self, text: str, start: int = 0, end: int | None = None) -> PhraseHit | None:
        return next(self.finditer(text, start, end), None)


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


@dataclass(frozen=True)
class ExtractionLexicon:
    kinds: PhraseMatcher  # phrase -> kind
    unit_kinds: dict[str, str]  # unit noun -> kind it decides on its own
    units: dict[str, str]  # unit noun -> category (people, weapons, incidents, ignore)
    reporting_verbs: frozenset[str]
    reporting: PhraseMatcher  # the same verbs, for finding sentences worth parsing
    conduit_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    according: PhraseMatcher
    generic_origins: frozenset[str]
    generic_references: dict[str, frozenset[str]]  # "agency" -> actor types it may refer back to
    hedges: PhraseMatcher
    issuer_headings: PhraseMatcher
    anaphoric: PhraseMatcher
    event_references: PhraseMatcher
    current: PhraseMatcher
    result_verbs: frozenset[str]
    comparison: PhraseMatcher
    estimates: PhraseMatcher
    agent_verbs: frozenset[str]
    team_bylines: frozenset[str]
    origin_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    publishing_verbs: frozenset[str]

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> ExtractionLexicon:
        data = parse_mapping(packaged_text(LEXICON_FILE), LEXICON_FILE, SettingsError)
        for path in extra:
            data = extend(data, parse_mapping(path.read_text("utf-8"), str(path), SettingsError))
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ExtractionLexicon:
        kind_of: dict[str, str] = {}
        for kind, phrases in data["kind_cues"].items():
            for phrase in phrases:
                kind_of.setdefault(phrase.lower(), kind)
        units: dict[str, str] = {}
        for category, nouns in data["units"].items():
            for noun in nouns:
                units.setdefault(noun.lower(), category)
        unit_kinds = {
            noun: kind_of[noun]
            for noun in units
            if noun in kind_of and kind_of[noun] not in ("troops_deployed",)
        }
        return cls(
            kinds=PhraseMatcher(kind_of),
            unit_kinds=unit_kinds,
            units=units,
            reporting_verbs=_words(data["reporting_verbs"]),
            reporting=PhraseMatcher({v: "reporting" for v in data["reporting_verbs"]}),
            conduit_verbs=_words(data["conduit_verbs"]),
            citing_verbs=_words(data["citing_verbs"]),
            according=PhraseMatcher({p: "according" for p in data["according_cues"]}),
            generic_origins=_words(data["generic_origins"]),
            generic_references={
                noun.lower(): frozenset(types or ())
                for noun, types in data.get("generic_references", {}).items()
            },
            hedges=PhraseMatcher({p: "hedge" for p in data["hedges"]}),
            issuer_headings=PhraseMatcher({p: "issuer" for p in data.get("issuer_headings", [])}),
            anaphoric=PhraseMatcher({p: "anaphoric" for p in data["anaphoric_openers"]}),
            event_references=PhraseMatcher(
                {p: "event" for p in data.get("event_references", [])}
            ),
            current=PhraseMatcher({p: "current" for p in data["current_cues"]}),
            result_verbs=_words(data.get("result_verbs", [])),
            comparison=PhraseMatcher({p: "comparison" for p in data.get("comparison_markers", [])}),
            estimates=PhraseMatcher({p: "estimate" for p in data.get("estimate_cues", [])}),
            agent_verbs=_words(data["agent_verbs"]),
            team_bylines=_words(data.get("team_bylines", [])),
            origin_verbs=_words(data.get("origin_verbs", [])),
            denial_verbs=_words(data.get("denial_verbs", [])),
            claim_nouns=_words(data.get("claim_nouns", [])),
            publishing_verbs=_words(data.get("publishing_verbs", [])),
        )


def _words(items: Sequence[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)



