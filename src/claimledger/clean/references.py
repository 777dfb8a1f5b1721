"""An article's reference list: where it stands in the text and what each entry says.

The list stays in the article text (entry titles are often claims worth quoting); each entry
becomes a `Citation` with its offsets into that text. Entries are parsed field by field, so an
odd entry still yields whatever could be read: APA-like ("Author. (2025, January 22). Title.
Outlet. <URL> accessed 13 February 2025."), Harvard-like ("Author (2024) 'Title', Outlet,
3 March. Available at: URL (Accessed: 5 March 2024)."), "Title – Outlet, 12 May 2024, URL",
quoted-title forms and bare URLs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.clean.rules import CleanRules, line_key
from claimledger.clean.text import Placed, word_count
from claimledger.model import Citation

_LABEL = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)]|[-*•–—])\s+")
_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>]{1,2000})>?", re.IGNORECASE)
_URL_TRAIL = ".,;:)]}'\"’”"
_YEAR = r"(?:1[6-9]|20)\d{2}[a-z]?"
_LEAD = re.compile(
    rf"^(?P<author>[^()]{{1,200}}?)[.,]?\s*\((?P<when>[^()]{{0,30}}?\b{_YEAR}\b[^()]{{0,30}}"
    r"|n\.\s?d\.?)\)[.,:]?\s*"
)
_QUOTED = re.compile(r"['‘\"“](?P<title>.{2,400}?)['’\"”](?=[,.;:]|\s|$)")
_DASH = re.compile(r"\s+[–—-]\s+")
_SENTENCE_BREAK = re.compile(r"[.?!]\s+")
_ACRONYM_OUTLET = re.compile(r"^(?P<title>.*[a-z0-9,’'”\"]\S*)\s+(?P<outlet>[A-Z][A-Z&]{1,7})\.?$")
_PAREN_YEAR = re.compile(rf"\(\s*{_YEAR}\b")
_MAX_OUTLET_WORDS = 8


@dataclass(frozen=True, slots=True)
class _Entry:
    start: int
    end: int
    links: tuple[str, ...]


def find_citations(text: str, placed: Sequence[Placed], rules: CleanRules) -> tuple[Citation, ...]:
    """The reference list of an article: after a heading such as "References", or else a run of
    citation-like lines at the very end."""
    lines = _list_lines(placed, rules)
    return tuple(
        parse_citation(text[e.start : e.end], e.start, e.end, e.links, rules)
        for e in _entries(lines, rules)
    )


def _list_lines(placed: Sequence[Placed], rules: CleanRules) -> list[Placed]:
    heading = None
    for pos, item in enumerate(placed):
        if word_count(item.line.text) <= 6 and line_key(item.line.text) in rules.reference_headings:
            heading = pos
    if heading is not None:
        listed = []
        for item in placed[heading + 1 :]:
            if item.line.heading:
                break
            listed.append(item)
        return listed
    run: list[Placed] = []
    for item in reversed(placed):
        if not _looks_cited(item.line.text) or item.line.heading:
            break
        run.append(item)
    run.reverse()
    if len(run) >= 2 or (len(run) == 1 and _is_bare_url(run[0].line.text)):
        return run
    return []


def _looks_cited(text: str) -> bool:
    """A line that reads like a reference entry rather than article prose."""
    if _URL.search(text):
        return True
    return word_count(text) <= 60 and _PAREN_YEAR.search(text[:150]) is not None


def _is_bare_url(text: str) -> bool:
    match = _URL.fullmatch(_LABEL.sub("", text).strip())
    return match is not None


def _entries(lines: Sequence[Placed], rules: CleanRules) -> list[_Entry]:
    """Lines grouped into entries: a line that continues a wrapped entry joins the one before."""
    entries: list[_Entry] = []
    for item in lines:
        if entries and rules.continuation.match(item.line.text):
            last = entries[-1]
            entries[-1] = _Entry(last.start, item.end, last.links + item.line.links)
        else:
            entries.append(_Entry(item.start, item.end, item.line.links))
    return entries


def parse_citation(
    text: str, start: int, end: int, links: Sequence[str], rules: CleanRules
) -> Citation:
    """One reference-list entry, read field by field; what cannot be read stays None."""
    body = _LABEL.sub("", text, count=1).replace("\n", " ")
    url = _first_url(body) or (links[0] if links else None)
    body = _URL.sub(" ", body)
    body, accessed = _take_accessed(body, rules)
    body = _tidy(rules.available.sub(" ", body))
    fields = _read_fields(body, rules)
    return Citation(
        text=text,
        start=start,
        end=end,
        author=fields.author,
        outlet=fields.outlet,
        date=fields.date or _first_complete(body, rules),
        title=fields.title,
        url=url,
        accessed=accessed,
    )


@dataclass(frozen=True, slots=True)
class _Fields:
    author: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: dt.date | None = None


def _read_fields(body: str, rules: CleanRules) -> _Fields:
    if not body:
        return _Fields()
    lead = _LEAD.match(body)
    if lead is not None:
        return _author_year_form(lead, body[lead.end() :], rules)
    quoted = _QUOTED.search(body)
    if quoted is not None:
        author = _tidy(body[: quoted.start()]) or None
        outlet, date = _outlet_and_date(body[quoted.end() :], rules, None)
        return _Fields(author, _tidy(quoted.group("title")), outlet, date)
    dashes = list(_DASH.finditer(body))
    if dashes:
        last = dashes[-1]
        outlet, date = _outlet_and_date(body[last.end() :], rules, None)
        return _Fields(None, _tidy(body[: last.start()]) or None, outlet, date)
    return _Fields(title=_plain_title(body, rules))


def _plain_title(body: str, rules: CleanRules) -> str | None:
    """An entry in no known form: "Air force statement, 3 March 2025" -> the words before the
    date; a single phrase with no date -> the phrase; anything longer stays unread."""
    found = next((f for f in rules.dates.find(body) if f.complete), None)
    title = _tidy(body[: found.start]) if found else _tidy(body)
    if word_count(title) < 2 or (found is None and _SENTENCE_BREAK.search(title)):
        return None
    return title


def _author_year_form(lead: re.Match[str], rest: str, rules: CleanRules) -> _Fields:
    """ "Author (2024) ..." and "Author. (2025, January 22). ...": the parenthesis gives the date
    or the year that a day-month later in the entry completes."""
    author = _tidy(lead.group("author")) or None
    when = lead.group("when")
    date = rules.dates.first(when)
    year_match = re.search(r"\d{4}", when)
    year = int(year_match.group()) if year_match else None
    quoted = _QUOTED.match(rest)
    if quoted is not None:
        outlet, later = _outlet_and_date(rest[quoted.end() :], rules, year)
        return _Fields(author, _tidy(quoted.group("title")), outlet, date or later)
    title, outlet_part = _title_and_outlet(rest, rules)
    outlet, later = _outlet_and_date(outlet_part, rules, year) if outlet_part else (None, None)
    return _Fields(author, title, outlet, date or later)


def _title_and_outlet(rest: str, rules: CleanRules) -> tuple[str | None, str | None]:
    """ "Title. Outlet." -> both; "Title ending in an acronym BBC." -> both; else the title."""
    breaks = [
        m
        for m in _SENTENCE_BREAK.finditer(rest)
        if not _after_abbreviation(rest, m.start(), rules)
    ]
    if breaks:
        last = breaks[-1]
        title = _tidy(rest[: last.start() + (1 if rest[last.start()] in "?!" else 0)])
        outlet = _tidy(rest[last.end() :])
        if outlet and word_count(outlet) <= _MAX_OUTLET_WORDS + 3:
            return title or None, outlet
        return _tidy(rest) or None, None
    acronym = _ACRONYM_OUTLET.match(_tidy(rest))
    if acronym is not None:
        return _tidy(acronym.group("title")), acronym.group("outlet")
    return _tidy(rest) or None, None


def _after_abbreviation(text: str, dot: int, rules: CleanRules) -> bool:
    if text[dot] != ".":
        return False
    word = text[:dot].rsplit(None, 1)[-1] if text[:dot].strip() else ""
    word = word.lstrip("(\"'“‘")
    return len(word) == 1 or word.casefold() in rules.citation_abbreviations


def _outlet_and_date(
    part: str, rules: CleanRules, year: int | None
) -> tuple[str | None, dt.date | None]:
    """ ", Outlet, 3 March." -> the outlet (the first piece that is no date) and the date."""
    outlet = None
    date = None
    for piece in (_tidy(p) for p in part.split(",")):
        if not piece:
            continue
        found = rules.dates.find(piece)
        if found:
            date = date or next((d for f in found if (d := f.to_date(year))), None)
        elif outlet is None and word_count(piece) <= _MAX_OUTLET_WORDS and not piece.isdigit():
            outlet = piece
    return outlet, date


def _take_accessed(body: str, rules: CleanRules) -> tuple[str, dt.date | None]:
    """The access date ("accessed 13 February 2025", "(Accessed: 5 March 2024)"), cut out so it
    is not taken for the publication date."""
    match = rules.accessed.search(body)
    if match is None:
        return body, None
    window = body[match.end() : match.end() + 40]
    found = next((f for f in rules.dates.find(window) if f.complete), None)
    if found is None or window[: found.start].strip(" ,:"):
        return body, None
    cut_end = match.end() + found.end
    while cut_end < len(body) and body[cut_end] in ")]":
        cut_end += 1
    return body[: match.start()] + " " + body[cut_end:], found.to_date()


def _first_url(body: str) -> str | None:
    match = _URL.search(body)
    if match is None:
        return None
    return match.group(1).rstrip(_URL_TRAIL) or None


def _first_complete(body: str, rules: CleanRules) -> dt.date | None:
    return rules.dates.first(body) if body else None


def _tidy(text: str) -> str:
    """Spaces collapsed and the punctuation left at the edges by removed parts trimmed."""
    return " ".join(text.split()).strip(" ,;:.–—-").strip()
