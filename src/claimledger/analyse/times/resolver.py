"""The time resolver: candidates from the matcher, joined into ranges, given their relation and
resolved against a reference date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from claimledger.analyse.times.matcher import _Matcher
from claimledger.analyse.times.patterns import _DIGIT, _LETTERS, _SENTENCE_END, _TIME_OF_DAY, _YEAR_NUMBER
from claimledger.analyse.times.periods import (
    _FLOATING,
    _apply_edge,
    _apply_half,
    _bound,
    _Cand,
    _nearest,
    _resolve,
    _resolve_range,
    interval_end,
    interval_start,
)

RELATIONS: tuple[str, ...] = ("point", "since", "range", "as_of", "until")


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One time expression: its span in the input text and its resolved ISO 8601 value."""

    start: int
    end: int
    text: str
    value: str | None
    relation: str  # one of RELATIONS


class TimeResolver(_Matcher):
    """Finds time expressions in text and resolves them against a reference date."""

    # -- public API ----------------------------------------------------------------------------

    def find(self, text: str, reference: dt.date | None) -> list[TimeMention]:
        """Every time mention in `text`, sorted and non-overlapping, resolved against `reference`.

        Relative expressions get value None when `reference` is None; they are still returned so
        that callers know the text gave a time.
        """
        cands = self._select(self._base_candidates(text))
        cands = _chain(cands, lambda c, floor: self._with_part(text, c, floor))
        cands = self._join_ranges(text, cands)
        cands = _chain(cands, lambda c, floor: self._with_relation(text, c, floor))
        return [
            TimeMention(
                c.start, c.end, text[c.start : c.end], self._value(text, c, reference), c.relation
            )
            for c in cands
        ]

    def same_day_link(self, text: str) -> tuple[int, int] | None:
        """The span of an opening that goes on at the time of the sentence before ("Hours
        later", "That night"), if the text starts with one."""
        hit = self._p.same_day.match(text)
        return (hit.end() - len(hit.group(0).lstrip()), hit.end()) if hit else None

    def points_back(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] point back to a time given before it ("that day", "the same day")?"""
        return self._p.back_reference.search(text, start, end) is not None

    def infer_published(self, text: str) -> dt.date | None:
        """The publication date a text allows: its date line near the top, else its latest date."""
        mentions = self.find(text, None)
        dateline = self._dateline(text, mentions)
        if dateline is not None:
            return dateline
        latest: dt.date | None = None
        for m in mentions:
            if m.value is None or m.relation == "until":
                continue
            for part in (interval_start(m.value), interval_end(m.value)):
                if part.count("-") >= 1:  # month or day precision only
                    day = _bound(part, last=False)
                    if day is not None and (latest is None or day > latest):
                        latest = day
        return latest

    # -- assembling candidates -----------------------------------------------------------------

    def _base_candidates(self, text: str) -> list[_Cand]:
        present = self._present(text)
        found: list[tuple[int, int, int, _Cand]] = []
        for priority, (pattern, handler, needs) in enumerate(self._p.base):
            if not needs <= present:
                continue
            for m in pattern.finditer(text):
                cand = handler(m)
                if cand is not None and cand.end > cand.start:
                    found.append((cand.start, -(cand.end - cand.start), priority, cand))
        found.sort(key=lambda t: t[:3])
        return [t[3] for t in found]

    def _present(self, text: str) -> set[str]:
        """Which kinds of trigger words the text has: digit, year_number, month, weekday,
        season, word."""
        present = {"digit"} if _DIGIT.search(text) else set()
        if present and _YEAR_NUMBER.search(text):
            present.add("year_number")
        cased, lower = self._p.cased_triggers, self._p.lower_triggers
        for word in _LETTERS.findall(text):
            kind = cased.get(word) or lower.get(word.lower())
            if kind:
                present.add(kind)
        return present

    @staticmethod
    def _select(cands: Sequence[_Cand]) -> list[_Cand]:
        """Leftmost-longest, non-overlapping."""
        chosen: list[_Cand] = []
        for c in cands:
            if chosen and c.start < chosen[-1].end:
                continue
            chosen.append(c)
        return chosen

    def _with_part(self, text: str, c: _Cand, floor: int) -> _Cand:
        m = self._p.part.search(text, max(floor, c.start - 40), c.start)
        if m is None:
            return c
        key = re.sub(r"\s+", " ", m["part"].lower())
        key = re.sub(r"^the (very )?", "", key)
        half = self.lexicon.halves.get(key)
        edge = self.lexicon.season_edges.get(key) if c.expr.season != (0, 0) else None
        return replace(c, start=m.start("part"), half=half if half else c.half, edge=edge or c.edge)

    def _join_ranges(self, text: str, cands: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        i = 0
        while i < len(cands):
            c = cands[i]
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            joined = self._range(text, c, nxt, out[-1].end if out else 0) if nxt else None
            if joined is not None:
                out.append(joined)
                i += 2
                continue
            out.append(self._with_opener(text, c, out[-1].end if out else 0))
            i += 1
        return out

    def _range(self, text: str, a: _Cand, b: _Cand, floor: int) -> _Cand | None:
        if a.relation == "range" or b.relation == "range" or a.end_expr or b.end_expr:
            return None
        j = self._p.join.fullmatch(text, a.end, b.start)
        if j is None:
            return None
        word = j["join"].lower()
        opener = self._p.opener.search(text, max(floor, a.start - 20), a.start)
        open_word = opener["open"].lower() if opener else None
        if word == "and" and open_word != "between":
            return None
        if word in ("until", "till") and open_word != "from":
            return None
        if open_word == "between" and word != "and":
            open_word = None
        start = opener.start("open") if opener and open_word else a.start
        return _Cand(start, b.end, a.expr, relation="range", end_expr=b.expr, half=a.half)

    def _with_opener(self, text: str, c: _Cand, floor: int) -> _Cand:
        if c.relation != "range":
            return c
        opener = self._p.opener.search(text, max(floor, c.start - 20), c.start)
        return replace(c, start=opener.start("open")) if opener else c

    def _with_relation(self, text: str, c: _Cand, floor: int) -> _Cand:
        if c.relation != "point":
            return c
        m = self._p.relation.search(text, max(floor, c.start - 30), c.start)
        if m is not None:
            rel = self._relation_of[re.sub(r"\s+", " ", m["rel"].lower())]
            return replace(c, start=m.start("rel"), relation=rel)
        opener = self._p.opener.search(text, max(floor, c.start - 20), c.start)
        if opener and opener["open"].lower() == "from":
            onwards = self._p.onwards.match(text, c.end)
            if onwards is not None:
                return replace(c, start=opener.start("open"), end=onwards.end(), relation="since")
        return c

    # -- values --------------------------------------------------------------------------------

    def _is_future(self, text: str, c: _Cand) -> bool:
        """A future cue in the same sentence, a little before or after the expression."""
        before = text[max(0, c.start - 80) : c.start]
        ends = list(_SENTENCE_END.finditer(before))
        if ends:
            before = before[ends[-1].end() :]
        after = text[c.end : c.end + 50]
        stop = _SENTENCE_END.search(after)
        if stop:
            after = after[: stop.start()]
        # "said in January it would ...", "In January the army said it would ...": the time of
        # a past report, which comes between the time and the future cue
        if self._p.past_report.search(before[-12:]):
            return False
        ahead = self._p.future.search(after)
        if ahead is not None and self._p.past_report.search(after, 0, ahead.start()):
            return self._p.future.search(before) is not None and not self._p.past_report.search(before)
        return bool(self._p.future.search(before) or ahead)

    def _value(self, text: str, c: _Cand, ref: dt.date | None) -> str | None:
        try:
            return self._resolved(text, c, ref)
        except (ValueError, OverflowError):
            return None  # dates past the calendar's range (year 1 or 9999): unresolvable

    def _resolved(self, text: str, c: _Cand, ref: dt.date | None) -> str | None:
        # a count "since" a time runs up to now: its start is never ahead, whatever the clause
        future = (
            c.expr.kind in _FLOATING and ref is not None and c.relation != "since" and self._is_future(text, c)
        )
        if c.end_expr is not None:
            span = _resolve_range(c.expr, c.end_expr, ref, future)
            return span.iso() if span else None
        if c.relation == "until" and c.expr.kind in _FLOATING and ref is not None and not future:
            period = _nearest(c.expr, ref)  # "by the end of March": a deadline, often ahead
        else:
            period = _resolve(c.expr, ref, future)
        if period is None:
            return None
        period = _apply_half(period, c.half)
        edged = _apply_edge(period, c.edge)
        if future or ref is None or edged.start.iso() <= ref.isoformat():
            period = edged  # "since late summer" in June: not a month still ahead
        if c.relation == "since":
            return f"{period.start.iso()}/{ref.isoformat() if ref else '..'}"
        return period.iso()

    def _dateline(self, text: str, mentions: Sequence[TimeMention]) -> dt.date | None:
        """A publication date on its own line near the top ("14-02-2025", "Published: ...")."""
        top = _top_region(text)
        best: tuple[int, dt.date] | None = None
        for m in mentions:
            if m.start >= top:
                break
            if m.value is None or m.relation not in ("point", "as_of") or "/" in m.value:
                continue
            if m.value.count("-") < 1:
                continue
            line_start = text.rfind("\n", 0, m.start) + 1
            line_end = text.find("\n", m.end)
            line_end = len(text) if line_end < 0 else line_end
            rank = self._dateline_rank(
                text[line_start:line_end], m.start - line_start, m.end - line_start
            )
            day = _bound(m.value, last=False)
            if rank is not None and day is not None and (best is None or rank < best[0]):
                best = (rank, day)
        return best[1] if best else None

    def _dateline_rank(self, line: str, start: int, end: int) -> int | None:
        """0 for a published/dated cue, 1 for a bare date line, None when not a date line.

        A date line is short and has no verbs: besides the date only names, cue words, a time of
        day and separators ("By Jane Doe | 12 May 2024", "Updated January 5, 2025 10:32 GMT").
        """
        if len(line) > 120 or self._p.not_dateline.search(line):
            return None
        rest = _TIME_OF_DAY.sub(" ", line[:start] + " " + line[end:])
        cued = self._p.dateline_cue.search(rest) is not None
        rest = self._p.dateline_cue.sub(" ", rest)
        words = re.findall(r"[^\W\d_]+", rest)
        common = [w for w in words if w.islower() and w not in self.lexicon.dateline_glue]
        if len(words) > 8 or common:
            return None
        return 0 if cued else 1


def _chain(cands: Sequence[_Cand], extend: Callable[[_Cand, int], _Cand]) -> list[_Cand]:
    """Extend each candidate leftwards, never into the one before it."""
    out: list[_Cand] = []
    for c in cands:
        out.append(extend(c, out[-1].end if out else 0))
    return out


def _top_region(text: str) -> int:
    """Where the top of an article ends: its first 15 lines or 1,200 characters."""
    limit = min(len(text), 1200)
    pos = 0
    for _ in range(15):
        nl = text.find("\n", pos, limit)
        if nl < 0:
            return limit
        pos = nl + 1
    return pos
