"""The number lexicon: the words the number finder knows, read from data/numbers.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

from claimledger.analyse.times.lexicon import TimeLexicon
from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import ClaimledgerError


class NumberLexiconError(ClaimledgerError):
    """The number lexicon file is missing, unreadable or malformed."""


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """The words the number finder knows; loaded from YAML so users can extend them."""

    units: Mapping[str, int]
    tens: Mapping[str, int]
    multipliers: Mapping[str, int]
    groups: Mapping[str, int]
    suffix_multipliers: Mapping[str, int]
    spaced_suffix_multipliers: tuple[str, ...]
    attached_units: frozenset[str]
    fractions: Mapping[str, int]
    half_followers: tuple[str, ...]
    vague_plurals: tuple[str, ...]
    vague_of_prefixes: tuple[str, ...]
    vague_needs_of: tuple[str, ...]
    vague_determiners: tuple[str, ...]
    qualifiers: Mapping[str, tuple[str, ...]]  # bound kind -> words written before the number
    suffix_qualifiers: Mapping[str, tuple[str, ...]]  # bound kind -> words written after it
    range_openers: tuple[str, ...]
    range_connectors: tuple[str, ...]
    change_verbs: tuple[str, ...]
    percent: tuple[str, ...]
    currency_prefixes: tuple[str, ...]
    currency_suffixes: tuple[str, ...]
    time_units: tuple[str, ...]
    time_unit_fillers: tuple[str, ...]
    designation_units: tuple[str, ...]
    formation_words: tuple[str, ...]
    designators: tuple[str, ...]
    designators_capitalised: tuple[str, ...]
    age_cues: tuple[str, ...]
    age_links: tuple[str, ...]
    ordinal_units: tuple[str, ...]
    ratio_joins: tuple[str, ...]
    not_plurals: tuple[str, ...]
    day_list_joins: tuple[str, ...]
    months: tuple[str, ...]
    one_preceded_by: tuple[str, ...]
    one_followed_by: tuple[str, ...]
    one_article_and_word_before: tuple[str, ...]
    one_not_verbs_in_s: frozenset[str]  # "one was killed": words in -s after "one" that are no verb
    definite_before: tuple[str, ...]  # "the two met": a number word that refers back
    speaker_verbs_before: tuple[str, ...]  # '..." said one aide': a number word in a speaker
    source_phrases_before: tuple[str, ...]  # "according to one aide"
    number_idioms: tuple[str, ...]  # "at one point": phrases whose number word counts nothing
    year_first: int
    year_last: int
    year_cues_before: frozenset[str]
    year_followers: frozenset[str]
    year_determiners: frozenset[str]  # "the 2016 candidates": a year even before a plural

    QUALIFIER_KINDS: ClassVar[tuple[str, ...]] = (
        "approximate",
        "approximate_upper_bound",
        "upper_bound",
        "lower_bound",
    )
    SUFFIX_KINDS: ClassVar[tuple[str, ...]] = ("approximate", "lower_bound", "upper_bound")

    @classmethod
    def load(cls, path: Path | None = None, calendar: TimeLexicon | None = None) -> NumberLexicon:
        """The packaged lexicon, extended by the user file at `path` when one is given (see
        `claimledger.datafiles` for the merge rule). Month names come from `calendar`, the
        time lexicon (the packaged one by default)."""
        name = "number lexicon numbers.yaml"
        data = parse_mapping(packaged_text("numbers.yaml"), name, NumberLexiconError)
        if path is not None:
            try:
                raw = Path(path).read_text("utf-8")
            except OSError as exc:
                raise NumberLexiconError(f"cannot read number lexicon {path}: {exc}") from exc
            data = extend(data, parse_mapping(raw, f"number lexicon {path}", NumberLexiconError))
        return cls.from_dict(data, calendar)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], calendar: TimeLexicon | None = None
    ) -> NumberLexicon:
        """Build a lexicon from parsed YAML, checking every section; month names come from
        `calendar` (the packaged time lexicon by default)."""
        months = _month_names(calendar or TimeLexicon.load())
        try:
            vague = data["vague"]
            qualifiers = data["qualifiers"]
            suffixes = data.get("suffix_qualifiers", {})
            ranges = data["ranges"]
            currency = data.get("currency", {})
            one = data.get("one_exclusions", {})
            word = data.get("word_exclusions", {})
            years = data["years"]
            lexicon = cls(
                units=_values(data["units"]),
                tens=_values(data["tens"]),
                multipliers=_values(data["multipliers"]),
                groups=_values(data.get("groups", {})),
                suffix_multipliers=_values(data.get("suffix_multipliers", {})),
                spaced_suffix_multipliers=_words(data.get("spaced_suffix_multipliers", ())),
                attached_units=frozenset(_words(data.get("attached_units", ()))),
                fractions=_values(data.get("fractions", {})),
                half_followers=_words(data.get("half_followers", ())),
                vague_plurals=_words(vague["plurals"]),
                vague_of_prefixes=_words(vague.get("of_prefixes", ())),
                vague_needs_of=_words(vague.get("needs_of", ())),
                vague_determiners=_words(vague.get("determiners", ())),
                qualifiers=MappingProxyType(
                    {k: _words(qualifiers.get(k, ())) for k in cls.QUALIFIER_KINDS}
                ),
                suffix_qualifiers=MappingProxyType(
                    {k: _words(suffixes.get(k, ())) for k in cls.SUFFIX_KINDS}
                ),
                range_openers=_words(ranges["openers"]),
                range_connectors=_words(ranges["connectors"]),
                change_verbs=_words(ranges.get("change_verbs", ())),
                percent=_words(data["percent"]),
                currency_prefixes=tuple(str(c) for c in currency.get("prefixes", ())),
                currency_suffixes=_words(currency.get("suffixes", ())),
                time_units=_words(data["time_units"]),
                time_unit_fillers=_words(data.get("time_unit_fillers", ())),
                designation_units=_words(data.get("designation_units", ())),
                formation_words=tuple(str(w) for w in data.get("formation_words", ())),
                designators=_words(data.get("designators", ())),
                designators_capitalised=tuple(
                    str(w) for w in data.get("designators_capitalised", ())
                ),
                age_cues=_words(data.get("age_cues", ())),
                age_links=_words(data.get("age_links", ())),
                ordinal_units=_words(data.get("ordinal_units", ())),
                ratio_joins=_words(data.get("ratio_joins", ())),
                not_plurals=_words(data.get("not_plurals", ())),
                day_list_joins=_words(data.get("day_list_joins", ())),
                months=months,
                one_preceded_by=_words(one.get("preceded_by", ())),
                one_followed_by=_words(one.get("followed_by", ())),
                one_article_and_word_before=_words(one.get("article_and_word_before", ())),
                one_not_verbs_in_s=frozenset(_words(one.get("not_verbs_in_s", ()))),
                definite_before=_words(word.get("definite_before", ())),
                speaker_verbs_before=_words(word.get("speaker_verbs_before", ())),
                source_phrases_before=_words(word.get("source_phrases_before", ())),
                number_idioms=_words(word.get("idioms", ())),
                year_first=int(years["first"]),
                year_last=int(years["last"]),
                year_cues_before=frozenset(_words(years.get("cues_before", ()))),
                year_followers=frozenset(_words(years.get("followers", ()))),
                year_determiners=frozenset(_words(years.get("determiners_before", ()))),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise NumberLexiconError(f"malformed number lexicon: {exc!r}") from exc
        if not lexicon.units or not lexicon.multipliers or not lexicon.time_units:
            raise NumberLexiconError("number lexicon needs units, multipliers and time_units")
        return lexicon


def _words(items: Iterable[Any]) -> tuple[str, ...]:
    if isinstance(items, (str, bytes)):
        raise TypeError(f"expected a list of words, got {items!r}")
    words = tuple(items)
    if any(isinstance(i, bool) for i in words):
        raise TypeError(f'a word in {list(words)!r} reads as a boolean: quote it ("no", "on")')
    return tuple(str(i).lower() for i in words)


def _month_names(calendar: TimeLexicon) -> tuple[str, ...]:
    """Month names as the number finder matches them, case-sensitively: every name the time
    lexicon gives ("January", "Jan") and the full names in capitals ("JANUARY")."""
    return (*calendar.months, *(n.upper() for n in calendar.full_month_names().values()))


def _values(section: Mapping[Any, Any]) -> Mapping[str, int]:
    values = {str(k).lower(): int(v) for k, v in section.items()}
    if any(v < 0 for v in values.values()):
        raise ValueError("number words must have non-negative values")
    return MappingProxyType(values)
