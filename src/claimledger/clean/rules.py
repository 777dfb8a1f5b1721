"""The clean stage's rules, read from `data/clutter.yaml` (and a user file that extends it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.analyse.times.lexicon import TimeLexicon
from claimledger.clean.dates import DateReader
from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import SettingsError

_EDGE_PUNCTUATION = " \t:;|-–—•·»«›‹><*#…_=~\"'“”‘’[]().,!?"
_SPACES = re.compile(r"\s+")


class CleanRulesError(SettingsError):
    """The rules file is missing, is not YAML, or holds a value of the wrong kind."""


def line_key(text: str) -> str:
    """A line as the rules compare it: case folded, spaces collapsed, edge punctuation gone."""
    key = text.strip(_EDGE_PUNCTUATION).casefold()
    # printable with no double space: its only spaces are single ASCII ones, nothing to collapse
    return key if key.isprintable() and "  " not in key else _SPACES.sub(" ", key)


@dataclass(frozen=True, slots=True)
class CleanRules:
    """Everything the clean stage knows about page clutter, metadata lines and references."""

    clutter_lines: frozenset[str]
    clutter_pattern: re.Pattern[str]  # the file's clutter_patterns as one alternation
    end_lines: frozenset[str]
    end_pattern: re.Pattern[str]
    teaser_lines: frozenset[str]
    teaser_pattern: re.Pattern[str]
    navigation_lines: frozenset[str]
    tail_min_words: int
    reference_headings: frozenset[str]
    byline_patterns: tuple[re.Pattern[str], ...]
    role_words: frozenset[str]
    name_particles: frozenset[str]
    date_line_words: frozenset[str]
    update_words: tuple[str, ...]
    weekdays: frozenset[str]
    dates: DateReader
    bio_verbs: tuple[str, ...]  # " is ", " was ": after an author's name, a bio paragraph
    name_end: re.Pattern[str]  # where a byline's names end: ", Reuters", " in Kyiv"
    name_join: re.Pattern[str]  # between two names: " and ", " & "
    citation_abbreviations: frozenset[str]
    accessed: re.Pattern[str]  # "(Accessed: 5 March 2024)", "retrieved on"
    available: re.Pattern[str]  # "Available at:", "[online]"
    continuation: re.Pattern[str]  # a wrapped reference entry goes on
    max_chars: int
    max_clutter_chars: int
    top_lines: int

    @classmethod
    def load(cls, path: Path | None = None, calendar: TimeLexicon | None = None) -> CleanRules:
        """The packaged rules, extended by the YAML file at `path` when one is given; month and
        weekday names come from `calendar`, the time lexicon (the packaged one by default)."""
        data = parse_mapping(packaged_text("clutter.yaml"), "packaged clutter.yaml", CleanRulesError)
        if path is not None:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise CleanRulesError(f"cannot read clean rules {path}: {exc.strerror}") from exc
            data = extend(data, parse_mapping(text, str(path), CleanRulesError))
        return cls.from_mapping(data, calendar)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], calendar: TimeLexicon | None = None
    ) -> CleanRules:
        """Rules from an already-parsed mapping (every key of clutter.yaml must be present) and
        the time lexicon that names months and weekdays (the packaged one by default)."""
        calendar = calendar if calendar is not None else TimeLexicon.load()
        try:
            return cls(
                clutter_lines=_keys(data["clutter_lines"]),
                clutter_pattern=_alternation(data["clutter_patterns"]),
                end_lines=_keys(data["end_lines"]),
                end_pattern=_alternation(data["end_patterns"]),
                teaser_lines=_keys(data["teaser_lines"]),
                teaser_pattern=_alternation(data["teaser_patterns"]),
                navigation_lines=_keys(data["navigation_lines"]),
                tail_min_words=int(data["tail_min_words"]),
                reference_headings=_keys(data["reference_headings"]),
                byline_patterns=_patterns(data["byline_patterns"]),
                role_words=_keys(data["role_words"]),
                name_particles=frozenset(str(w) for w in data["name_particles"]),
                date_line_words=_words(data["date_line_words"]),
                update_words=tuple(line_key(str(w)) for w in data["update_words"]),
                weekdays=_keys(data["weekday_abbreviations"]) | _keys(calendar.weekdays),
                dates=DateReader(calendar.months, bool(data["day_first"])),
                bio_verbs=tuple(f" {w} " for w in _plain(data["bio_verbs"])),
                name_end=re.compile(rf",|;|\s+(?:{_words_alt(data['name_end_words'])})\s+"),
                name_join=re.compile(rf"\s+(?:{_words_alt(data['name_joins'])})\s+"),
                citation_abbreviations=frozenset(_plain(data["citation_abbreviations"])),
                accessed=re.compile(
                    r"[\[(]?\s*\b(?:last\s+)?"
                    rf"(?:{_words_alt(data['access_words'])})\b(?:\s+on)?\s*:?\s*",
                    re.IGNORECASE,
                ),
                available=re.compile(
                    rf"\b(?:{_words_alt(data['availability_phrases'])})\s*:?"
                    rf"|{_words_alt(data['availability_marks'])}",
                    re.IGNORECASE,
                ),
                continuation=re.compile(
                    r"^(?:[a-z]|(?i:<?https?://|www\.|\(?"
                    rf"(?:{_words_alt(data['continuation_words'])})\b))"
                ),
                max_chars=int(data["max_chars"]),
                max_clutter_chars=int(data["max_clutter_chars"]),
                top_lines=int(data["top_lines"]),
            )
        except KeyError as exc:
            raise CleanRulesError(f"clean rules lack the key {exc.args[0]!r}") from exc
        except (TypeError, ValueError, AttributeError) as exc:
            raise CleanRulesError(f"clean rules hold a value of the wrong kind: {exc}") from exc

    def is_clutter(self, text: str, key: str) -> bool:
        """Whether a whole line is page furniture."""
        if key in self.clutter_lines:
            return True
        return len(text) <= self.max_clutter_chars and _full(self.clutter_pattern, text)

    def is_end(self, text: str, key: str) -> bool:
        """Whether a line opens what follows an article: comments, the author's box."""
        if key in self.end_lines:
            return True
        return len(text) <= self.max_clutter_chars and _full(self.end_pattern, text)

    def is_teaser(self, text: str, key: str) -> bool:
        """Whether a line labels links to other articles ("You may also like", "Next article")."""
        if key in self.teaser_lines:
            return True
        return len(text) <= self.max_clutter_chars and _full(self.teaser_pattern, text)


def _full(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.fullmatch(text.strip()) is not None


def _keys(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(line_key(str(v)) for v in values)


def _words(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(word for v in values for word in line_key(str(v)).split())


def _patterns(values: Iterable[Any]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(str(value), re.IGNORECASE))
        except re.error as exc:
            raise CleanRulesError(f"bad pattern {value!r} in clean rules: {exc}") from exc
    return tuple(compiled)


def _alternation(values: Iterable[Any]) -> re.Pattern[str]:
    """Patterns joined into one, so a line costs one scan, not one per pattern; each is first
    compiled alone so that a bad one is named in the error."""
    patterns = _patterns(values)
    if not patterns:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


def _plain(values: Iterable[Any]) -> list[str]:
    return [" ".join(str(v).casefold().split()) for v in values]


def _words_alt(values: Iterable[Any]) -> str:
    """Words and phrases as one regex alternation, longest first, any spaces between words."""
    phrases = sorted(set(_plain(values)), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases) or "(?!)"
