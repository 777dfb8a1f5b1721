"""Metadata written into the page itself: a title, a date line and a byline near the top.

These lines are metadata, not article text: `read_top` records what they say and drops them,
together with the category trails and menus above the headline. Dates come only from explicit
date lines; a page without one keeps `published` None (the extractor may infer it later).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.clean.rules import CleanRules, line_key
from claimledger.clean.text import (
    Line,
    is_category_trail,
    is_prose,
    is_title_like,
    nonblank,
    word_count,
)
from claimledger.model import Metadata

_TIME = re.compile(
    r"T?\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?:\.\d+)?(?:\s*[ap]\.?m\.?)?Z?"
    r"|\b\d{1,2}\s*[ap]\.?m\.?"
    r"|[+-]\d{2}:?\d{2}\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
_BYLINE_SEPARATOR = re.compile(r"\s*(?:\||•|·|—|–|\s-\s)\s*")
_NAME_CHARS = frozenset("'’.-")
_MAX_DATE_LINE = 100
_MAX_BYLINE = 160
_MAX_KICKER_WORDS = 8
_MAX_MENU_WORDS = 3
_MAX_LABEL_WORDS = 4
_LABEL_CHARS = frozenset(" &'’.-")


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the top of a page says about the article."""

    title: str | None = None
    author: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DateLine:
    date: dt.date
    update: bool  # "Updated 4 March": a revision date, used only when nothing else is known


@dataclass(frozen=True, slots=True)
class Byline:
    author: str
    published: dt.date | None = None


def read_date_line(text: str, rules: CleanRules) -> DateLine | None:
    """A line that holds a date and nothing else but time, zone and words like "Published"."""
    if len(text) > _MAX_DATE_LINE:
        return None
    found = [f for f in rules.dates.find(text) if f.complete]
    if not found:
        return None
    date = found[0].to_date()
    if date is None:
        return None
    rest = _cut(text, [(f.start, f.end) for f in found])
    rest = _TIME.sub(" ", rest)
    if any(ch.isdigit() for ch in rest):
        return None
    allowed = rules.date_line_words | rules.weekdays
    if any(word not in allowed for word in _WORD.findall(rest.casefold())):
        return None
    key = line_key(text)
    return DateLine(date, any(word in key for word in rules.update_words))


def _is_date_label(text: str, rules: CleanRules) -> bool:
    words = _WORD.findall(text.casefold())
    return 0 < len(words) <= 3 and all(w in rules.date_line_words for w in words)


def read_byline(text: str, rules: CleanRules) -> Byline | None:
    """ "By Jane Roe", "By Jane Roe and John Doe, Reuters | 3 March 2025" -> the author(s)."""
    if len(text) > _MAX_BYLINE:
        return None
    for pattern in rules.byline_patterns:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = _BYLINE_SEPARATOR.split(match.group("names").strip())
        names = rules.name_end.split(parts[0], maxsplit=1)[0].strip()
        if not _is_name_list(names, rules):
            continue
        published = next((d.date for p in parts[1:] if (d := read_date_line(p, rules))), None)
        return Byline(names, published)
    return None


@dataclass(frozen=True, slots=True)
class MetaLine:
    """What a metadata line at the top of a page says."""

    date: DateLine | None = None
    author: str | None = None


def read_meta_line(text: str, rules: CleanRules) -> MetaLine | None:
    """A date line, a byline, or both joined by separators, possibly with page widgets:
    "By Jane Roe | 3 March 2025", "March 3, 2025 · 4 min read"."""
    if (date_line := read_date_line(text, rules)) is not None:
        return MetaLine(date=date_line)
    if (byline := read_byline(text, rules)) is not None:
        date = DateLine(byline.published, update=False) if byline.published else None
        return MetaLine(date=date, author=byline.author)
    parts = [p for p in _BYLINE_SEPARATOR.split(text) if p]
    if len(parts) < 2 or len(text) > _MAX_BYLINE:
        return None
    found = MetaLine()
    labels = 0
    for part in parts:
        if (date_line := read_date_line(part, rules)) is not None:
            found = MetaLine(found.date or date_line, found.author)
        elif (byline := read_byline(part, rules)) is not None:
            found = MetaLine(found.date, found.author or byline.author)
        elif _is_label(part):
            labels += 1
        elif not rules.is_clutter(part, line_key(part)) and not _TIME.fullmatch(part.strip()):
            return None
    if labels and (found.date is None or labels == len(parts) - 1 and len(parts) < 3):
        return None  # "Outlet | date | desk" is a masthead; "Kyiv | 3 March 2025" may be a dateline
    return found if found.date or found.author else None


def _is_label(part: str) -> bool:
    """A masthead's outlet or desk name: a few words, the first capitalised, letters only."""
    words = part.split()
    return (0 < len(words) <= _MAX_LABEL_WORDS and words[0][0].isupper()
            and all(ch.isalpha() or ch in _LABEL_CHARS for ch in part))


def is_name(text: str, rules: CleanRules, min_tokens: int = 2, max_tokens: int = 5) -> bool:
    """A personal name as written in a byline: capitalised words and lower-case particles."""
    tokens = text.split()
    if not min_tokens <= len(tokens) <= max_tokens or len(text) > 60:
        return False
    capitalised = 0
    for token in tokens:
        if token in rules.name_particles:
            continue
        if not token[0].isupper() or not all(ch.isalpha() or ch in _NAME_CHARS for ch in token):
            return False
        capitalised += 1
    return capitalised >= 1


def _is_name_list(text: str, rules: CleanRules) -> bool:
    names = rules.name_join.split(text)
    return all(is_name(n, rules) or (n.isupper() and n.isalpha() and len(n) > 1) for n in names)


def _is_role_line(text: str, rules: CleanRules) -> bool:
    """The line under an author's name: a job title or organisation ("Researcher,")."""
    if word_count(text) > 12 or text.endswith(".") or is_prose(text):
        return False
    words = {line_key(w) for w in text.split()}
    return text.endswith(",") or not words.isdisjoint(rules.role_words)


def _cut(text: str, spans: Sequence[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return " ".join(pieces)


def read_top(
    lines: Sequence[Line], rules: CleanRules, dropped: set[int], known_title: str | None
) -> PageFacts:
    """Read and drop the metadata lines at the top of a page; returns what they said."""
    window = [i for i in nonblank(lines) if i not in dropped][: rules.top_lines]
    published: dt.date | None = None
    revised: dt.date | None = None
    author: str | None = None
    date_lines: set[int] = set()
    for at, i in enumerate(window):
        meta = read_meta_line(lines[i].text, rules)
        if meta is None:
            continue
        dropped.add(i)
        if meta.date is not None and at > 0 and _is_date_label(lines[window[at - 1]].text, rules):
            dropped.add(window[at - 1])  # "Published" on the line above its date
        author = author or meta.author
        if meta.date is not None:
            date_lines.add(i)
            if meta.date.update:
                revised = revised or meta.date.date
            else:
                published = published or meta.date.date

    region = _head_region(lines, window, dropped)
    for i in region:
        if is_category_trail(lines[i].text):
            dropped.add(i)
    region = [i for i in region if i not in dropped]
    title_at = _title_position(lines, region, known_title)
    if title_at is None:
        _drop_menu(lines, region, dropped)
        rest = region
    else:
        for i in region[:title_at]:
            if word_count(lines[i].text) <= _MAX_KICKER_WORDS:
                dropped.add(i)
        rest = region[title_at + 1 :]
    rest = [i for i in rest if i not in dropped]
    name = _drop_name_byline(lines, rules, rest, window, date_lines, dropped)
    title = lines[region[title_at]].text if title_at is not None else None
    return PageFacts(title=title, author=author or name, published=published or revised)


def _head_region(lines: Sequence[Line], window: Sequence[int], dropped: set[int]) -> list[int]:
    """The kept lines above the first paragraph of prose: where titles and menus stand."""
    region = []
    for i in window:
        if i in dropped:
            continue
        if is_prose(lines[i].text):
            break
        region.append(i)
    return region


def _title_position(
    lines: Sequence[Line], region: Sequence[int], known_title: str | None
) -> int | None:
    """Where the headline stands: the known title, else the first heading, else the first
    headline-like line."""
    if known_title:
        key = line_key(known_title)
        for pos, i in enumerate(region):
            if line_key(lines[i].text) == key:
                return pos
    for pos, i in enumerate(region):
        if lines[i].heading:
            return pos
    for pos, i in enumerate(region):
        text = lines[i].text
        if (
            is_title_like(text)
            and word_count(text) >= 3
            and (text[0].isupper() or text[0].isdigit())
        ):
            following = lines[i + 1].text if i + 1 < len(lines) else ""
            if following[:1].islower() or following[:1].isdigit():
                return None  # the first line of a hard-wrapped paragraph, not a headline
            return pos
    return None


def _drop_menu(lines: Sequence[Line], region: Sequence[int], dropped: set[int]) -> None:
    """A run of one-to-three-word lines at the very top of a page without a headline is a menu."""
    run = []
    for i in region:
        if word_count(lines[i].text) > _MAX_MENU_WORDS:
            break
        run.append(i)
    if len(run) >= 2:
        dropped.update(run)


def _drop_name_byline(
    lines: Sequence[Line],
    rules: CleanRules,
    rest: Sequence[int],
    window: Sequence[int],
    date_lines: set[int],
    dropped: set[int],
) -> str | None:
    """An author's name on its own line, known by the job title or organisation under it, or by
    the date line next to it; the name and those lines go."""
    for pos, i in enumerate(rest):
        text = lines[i].text
        if not is_name(text, rules, max_tokens=4) or not _roles_absent(text, rules):
            continue
        following = rest[pos + 1] if pos + 1 < len(rest) else None
        if following is not None and _is_role_line(lines[following].text, rules):
            dropped.update((i, following))
            organisation = rest[pos + 2] if pos + 2 < len(rest) else None
            if (
                organisation is not None
                and lines[following].text.endswith(",")
                and is_title_like(lines[organisation].text)
                and word_count(lines[organisation].text) <= _MAX_KICKER_WORDS
            ):
                dropped.add(organisation)
            return text
        at = window.index(i)
        neighbours = window[max(at - 1, 0) : at + 2]
        if not date_lines.isdisjoint(neighbours):
            dropped.add(i)
            return text
    return None


def _roles_absent(text: str, rules: CleanRules) -> bool:
    return {line_key(w) for w in text.split()}.isdisjoint(rules.role_words)


def merge(primary: Metadata, fallback: Metadata) -> Metadata:
    """`primary`'s fields where set, `fallback`'s elsewhere; the inferred flag goes with the
    publication date it describes."""
    values = {
        f.name: getattr(primary, f.name)
        if getattr(primary, f.name) is not None
        else getattr(fallback, f.name)
        for f in dataclasses.fields(Metadata)
        if f.name != "published_inferred"
    }
    source = primary if primary.published is not None else fallback
    return Metadata(**values, published_inferred=source.published_inferred)
