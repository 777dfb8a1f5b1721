"""The time lexicon: the words the time normaliser knows, read from data/times.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import ClaimledgerError


class TimeLexiconError(ClaimledgerError):
    """The time lexicon file is missing, unreadable or malformed."""


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """The words the time normaliser knows; loaded from YAML so users can extend them."""

    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, tuple[int, int]]
    deictic: Mapping[str, int]
    span_words: tuple[str, ...]
    units: Mapping[str, str]
    numbers: Mapping[str, int]
    day_words: Mapping[str, int]
    ago_words: tuple[str, ...]
    parts: tuple[str, ...]
    halves: Mapping[str, tuple[int, int]]
    season_edges: Mapping[str, str]  # part -> "first" or "last" month of a season
    relations: Mapping[str, tuple[str, ...]]
    onwards: tuple[str, ...]
    range_open: tuple[str, ...]
    range_join: tuple[str, ...]
    year_cues: tuple[str, ...]
    weak_year_cues: tuple[str, ...]
    year_followers: frozenset[str]
    future_cues: tuple[str, ...]
    past_report_cues: tuple[str, ...]
    back_references: tuple[str, ...]
    dateline_cues: tuple[str, ...]
    not_dateline_cues: tuple[str, ...]
    dateline_glue: frozenset[str]
    year_list_joins: tuple[str, ...]
    count_pair_joins: tuple[str, ...]
    day_range_joins: tuple[str, ...]
    season_cues: tuple[str, ...]
    deictic_units: tuple[str, ...]
    forward_span_words: tuple[str, ...]
    weekend_cues: tuple[str, ...]
    month_cues: tuple[str, ...]
    decade_parts: tuple[str, ...]
    verb_before: tuple[str, ...] = ()
    report_nights: tuple[str, ...] = ()
    same_day_links: tuple[str, ...] = ()
    current_year_parts: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> TimeLexicon:
        """The packaged lexicon, extended by the user file at `path` when one is given (see
        `claimledger.datafiles` for the merge rule)."""
        data = parse_mapping(packaged_text("times.yaml"), "time lexicon times.yaml", TimeLexiconError)
        if path is not None:
            try:
                raw = Path(path).read_text("utf-8")
            except OSError as exc:
                raise TimeLexiconError(f"cannot read time lexicon {path}: {exc}") from exc
            data = extend(data, parse_mapping(raw, f"time lexicon {path}", TimeLexiconError))
        return cls.from_dict(data)

    def full_month_names(self) -> dict[int, str]:
        """The full name of each month: the longest name the lexicon gives it ("September")."""
        longest: dict[int, str] = {}
        for name, number in self.months.items():
            if len(name) > len(longest.get(number, "")):
                longest[number] = name
        return longest

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimeLexicon:
        """Build a lexicon from parsed YAML, checking every section."""
        try:
            relations = data.get("relations", {})
            return cls(
                months=_names_to_number(data["months"], 1, 12),
                ambiguous_months=frozenset(str(n) for n in data.get("ambiguous_months", ())),
                weekdays=_names_to_number(data["weekdays"], 0, 6),
                seasons={str(k).lower(): _pair(v, 1, 12) for k, v in data["seasons"].items()},
                deictic={str(k).lower(): int(v) for k, v in data["deictic"].items()},
                span_words=_words(data.get("span_words", ())),
                units={str(k).lower(): str(v) for k, v in data["units"].items()},
                numbers={str(k).lower(): int(v) for k, v in data.get("numbers", {}).items()},
                day_words={str(k).lower(): int(v) for k, v in data.get("day_words", {}).items()},
                ago_words=_words(data.get("ago_words", ("ago",))),
                parts=_words(data.get("parts", ())),
                halves={str(k).lower(): _pair(v, 1, 12) for k, v in data.get("halves", {}).items()},
                season_edges=_edges(data.get("season_edges", {})),
                relations={r: _words(relations.get(r, ())) for r in ("since", "as_of", "until")},
                onwards=_words(data.get("onwards", ())),
                range_open=_words(data.get("range_open", ())),
                range_join=_words(data.get("range_join", ())),
                year_cues=_words(data.get("year_cues", ())),
                weak_year_cues=_words(data.get("weak_year_cues", ())),
                year_followers=frozenset(_words(data.get("year_followers", ()))),
                future_cues=_words(data.get("future_cues", ())),
                past_report_cues=_words(data.get("past_report_cues", ())),
                back_references=_words(data.get("back_references", ())),
                dateline_cues=_words(data.get("dateline_cues", ())),
                not_dateline_cues=_words(data.get("not_dateline_cues", ())),
                dateline_glue=frozenset(_words(data.get("dateline_glue", ()))),
                year_list_joins=_words(data.get("year_list_joins", ())),
                count_pair_joins=_words(data.get("count_pair_joins", ())),
                day_range_joins=_words(data.get("day_range_joins", ())),
                season_cues=_words(data.get("season_cues", ())),
                deictic_units=_words(data.get("deictic_units", ())),
                forward_span_words=_words(data.get("forward_span_words", ())),
                weekend_cues=_words(data.get("weekend_cues", ())),
                month_cues=_words(data.get("month_cues", ())),
                decade_parts=_words(data.get("decade_parts", ())),
                verb_before=_words(data.get("verb_before", ())),
                report_nights=_words(data.get("report_nights", ())),
                same_day_links=_words(data.get("same_day_links", ())),
                current_year_parts=_words(data.get("current_year_parts", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TimeLexiconError(f"malformed time lexicon: {exc!r}") from exc


def _edges(raw: Mapping[str, Any]) -> dict[str, str]:
    edges = {str(k).lower(): str(v).lower() for k, v in raw.items()}
    bad = sorted(k for k, v in edges.items() if v not in ("first", "last"))
    if bad:
        raise ValueError(f"season_edges: {', '.join(bad)}: the edge must be first or last")
    return edges


def _words(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(i).lower() for i in items)


def _pair(value: Any, low: int, high: int) -> tuple[int, int]:
    a, b = (int(v) for v in value)
    if not (low <= a <= high and low <= b <= high):
        raise ValueError(f"{value!r} out of range {low}..{high}")
    return a, b


def _names_to_number(section: Mapping[Any, Any], low: int, high: int) -> dict[str, int]:
    names: dict[str, int] = {}
    for number, words in section.items():
        n = int(number)
        if not low <= n <= high:
            raise ValueError(f"{number!r} out of range {low}..{high}")
        for word in words:
            names[str(word)] = n
    return names
