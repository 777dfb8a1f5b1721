"""The words the Russian and Ukrainian extractor reads, from data/extraction_<language>.yaml.

Each entry is a phrase: one or more words, each matched by lemma or as written (see
`claimledger.extract.slavic.tokens.Token.is_`). A user's file of the same name in `lexicon_dir`
extends the packaged one by the rule of every data file (`claimledger.datafiles.extend`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import SettingsError
from claimledger.kinds import KINDS, KindName

Phrase = tuple[str, ...]


def lexicon_file(language: str) -> str:
    return f"extraction_{language}.yaml"


def _phrases(items: Sequence[Any]) -> tuple[Phrase, ...]:
    """Phrases, longest first, so that "не менее" is tried before "менее"."""
    found = {tuple(str(item).lower().replace("’", "'").split()) for item in items}
    return tuple(sorted((p for p in found if p), key=lambda p: (-len(p), p)))


@dataclass(frozen=True, slots=True)
class TimeWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    days_back: dict[str, int]
    year_words: frozenset[str]
    over: tuple[Phrase, ...]
    recent: frozenset[str]
    previous: frozenset[str]
    current: frozenset[str]
    periods: dict[str, str]  # noun -> day, week, month or year
    since: tuple[Phrase, ...]
    anchors: tuple[tuple[Phrase, dt.date], ...]  # longest first

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TimeWords:
        anchors = {tuple(str(k).lower().split()): _date(v) for k, v in data["anchors"].items()}
        return cls(
            months={str(k): int(v) for k, v in data["months"].items()},
            weekdays={str(k): int(v) for k, v in data["weekdays"].items()},
            days_back={str(k): int(v) for k, v in data["days_back"].items()},
            year_words=frozenset(map(str, data["year_words"])),
            over=_phrases(data["over"]),
            recent=frozenset(map(str, data["recent"])),
            previous=frozenset(map(str, data["previous"])),
            current=frozenset(map(str, data["current"])),
            periods={str(k): str(v) for k, v in data["periods"].items()},
            since=_phrases(data["since"]),
            anchors=tuple(sorted(anchors.items(), key=lambda a: -len(a[0]))),
        )


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise SettingsError(f"times.anchors: {value!r} is not a date (YYYY-MM-DD)") from exc


@dataclass(frozen=True, slots=True)
class SlavicLexicon:
    """The words of one language's extractor: kind cues, numbers, bounds, sources and times."""

    language: str
    kind_cues: tuple[tuple[Phrase, KindName], ...]  # (phrase, kind), longest phrases first
    refinements: tuple[tuple[KindName, frozenset[KindName], tuple[Phrase, ...]], ...]  # (to, from kinds, words)
    people: tuple[Phrase, ...]
    formations: frozenset[str]
    number_words: dict[str, float]
    multipliers: dict[str, float]
    not_counts: frozenset[str]
    approx: tuple[Phrase, ...]
    low: tuple[Phrase, ...]
    high: tuple[Phrase, ...]
    approx_high: tuple[Phrase, ...]
    according_to: tuple[Phrase, ...]
    as_said: tuple[Phrase, ...]
    speech_verbs: frozenset[str]
    via: tuple[Phrase, ...]
    pronouns: frozenset[str]
    references: frozenset[str]
    openers: frozenset[str]
    hedges: tuple[Phrase, ...]
    times: TimeWords

    @classmethod
    def load(cls, language: str, extra: Sequence[Path] = ()) -> SlavicLexicon:
        name = lexicon_file(language)
        data = parse_mapping(packaged_text(name), name, SettingsError)
        for path in extra:
            data = extend(data, parse_mapping(path.read_text("utf-8"), str(path), SettingsError))
        try:
            return cls.from_data(language, data)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise SettingsError(f"{name}: missing or malformed entry {exc}") from exc

    @classmethod
    def from_data(cls, language: str, data: Mapping[str, Any]) -> SlavicLexicon:
        cues = [(phrase, KINDS.check(kind)) for kind, words in data["kind_cues"].items()
                for phrase in _phrases(words)]
        refinements = tuple(
            (KINDS.check(to), frozenset(KINDS.check(k) for k in rule["from"]), _phrases(rule["words"]))
            for to, rule in data["refinements"].items()
        )
        numbers, bounds, source = data["numbers"], data["bounds"], data["attribution"]
        return cls(
            language=language,
            kind_cues=tuple(sorted(cues, key=lambda c: -len(c[0]))),
            refinements=refinements,
            people=_phrases(data["people"]),
            formations=frozenset(map(str, data["formations"])),
            number_words={str(k).replace("’", "'"): float(v) for k, v in numbers["words"].items()},
            multipliers={str(k): float(v) for k, v in numbers["multipliers"].items()},
            not_counts=frozenset(map(str, numbers["not_counts"])),
            approx=_phrases(bounds["approx"]),
            low=_phrases(bounds["low"]),
            high=_phrases(bounds["high"]),
            approx_high=_phrases(bounds["approx_high"]),
            according_to=_phrases(source["according_to"]),
            as_said=_phrases(source["as_said"]),
            speech_verbs=frozenset(map(str, source["speech_verbs"])),
            via=_phrases(source["via"]),
            pronouns=frozenset(map(str, source["pronouns"])),
            references=frozenset(map(str, source["references"])),
            openers=frozenset(map(str, source["openers"])),
            hedges=_phrases(data["hedges"]),
            times=TimeWords.from_data(data["times"]),
        )
