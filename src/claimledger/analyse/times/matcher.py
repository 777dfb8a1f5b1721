"""The regexes of a time lexicon and their handlers: one regex match becomes a candidate."""

from __future__ import annotations

import re

from claimledger.analyse.times.lexicon import TimeLexicon
from claimledger.analyse.times.periods import (
    _Cand,
    _expand_year,
    _Expr,
    _Period,
    _Point,
    _season_period,
    _single,
    _valid_date,
)
from claimledger.analyse.times.patterns import (
    _DAY,
    _NUM_AFTER,
    _NUM_BEFORE,
    _ORD,
    _WORD_AFTER,
    _YEAR,
    _alt,
    _cased,
    _Handler,
    _Patterns,
)

class _Matcher:
    """Compiles a lexicon's regexes and turns their matches into candidates."""

    def __init__(self, lexicon: TimeLexicon) -> None:
        self.lexicon = lexicon
        self._p = self._compile(lexicon)

    # -- building the regexes ------------------------------------------------------------------

    def _compile(self, lex: TimeLexicon) -> _Patterns:
        month_forms = {form: m for n, m in lex.months.items() for form in _cased([n])}
        longest = lex.full_month_names()
        # Standing alone only full names count: "Jan" is a given name, "Mar" a prefix.
        full_months = _cased(longest.values())
        self._ambiguous = frozenset(n.lower() for n in lex.ambiguous_months)
        weekday_forms = {form: w for n, w in lex.weekdays.items() for form in _cased([n])}
        self._month_of = {k.lower(): v for k, v in month_forms.items()}
        self._weekday_of = {k.lower(): v for k, v in weekday_forms.items()}
        abbreviations = [f for f in month_forms if f not in full_months]
        # A full stop belongs to an abbreviation ("Feb."), never to a full name ending a sentence.
        months = rf"{_alt(full_months)}|(?:{_alt(abbreviations)})\.?"
        p = _Patterns()
        self._compile_base(lex, p, months, _alt(full_months), _alt(weekday_forms))
        words = [*lex.deictic, *lex.span_words, *lex.forward_span_words, *lex.ago_words]
        words += lex.day_words
        # The words of a text say which patterns can match it, so that only those run: most
        # sentences have no month, season or weekday name at all. Each phrase is known by its
        # last word, which any match of it contains.
        p.cased_triggers = {w: "month" for w in month_forms} | {w: "weekday" for w in weekday_forms}
        p.lower_triggers = {_last_word(w): "season" for w in lex.seasons} | {
            _last_word(w): "word" for w in [*words, "weekend", "now"]
        } | {"year": "year"}

        rel_words = {w: r for r, ws in lex.relations.items() for w in ws}
        self._relation_of = {re.sub(r"\s+", " ", w): r for w, r in rel_words.items()}
        halves, parts = _alt(lex.halves), _alt(lex.parts)
        p.part = re.compile(rf"(?i:\b(?P<part>(?:the\s+(?:very\s+)?)?(?:{halves}|{parts}))[\s-]*)$")
        p.relation = re.compile(rf"(?i:\b(?P<rel>{_alt(rel_words)})\s+)$")
        p.onwards = re.compile(rf"(?i:\s*(?:{_alt(lex.onwards)})\b)")
        p.opener = re.compile(rf"(?i:\b(?P<open>{_alt(lex.range_open)})\s+)$")
        join = _alt(lex.range_join)
        p.join = re.compile(rf"(?i:\s*(?P<join>{join})\s*)")
        strong = list(lex.year_cues) + list(lex.parts) + list(lex.halves) + list(lex.seasons)
        strong += [w for w in rel_words if w not in lex.weak_year_cues]
        p.strong_cue = re.compile(rf"(?i:\b(?:{_alt(strong)})(?:\s+the\s+year)?[\s-]*)$")
        p.weak_cue = re.compile(rf"(?i:\b(?:{_alt(lex.weak_year_cues)})\s+)$")
        month_cues = strong + list(lex.weak_year_cues) + list(lex.deictic) + list(lex.month_cues)
        p.month_cue = re.compile(rf"(?i:\b(?:{_alt(month_cues)})[\s-]+(?:the\s+)?)$")
        p.future = re.compile(rf"(?i:\b(?:{_alt(lex.future_cues)})\b)")
        if lex.back_references:
            p.back_reference = re.compile(rf"(?i:\b(?:{_alt(lex.back_references)})\b)")
        if lex.past_report_cues:
            p.past_report = re.compile(rf"(?i:\b(?:{_alt(lex.past_report_cues)})\b)")
        if lex.same_day_links:
            p.same_day = re.compile(rf"(?i:\s*(?:{_alt(lex.same_day_links)})\b)")
        if lex.verb_before:
            p.verb_before = re.compile(rf"(?i:\b(?:{_alt(lex.verb_before)})\s+)$")
        p.dateline_cue = re.compile(rf"(?i:\b(?:{_alt(lex.dateline_cues)})\b)")
        p.not_dateline = re.compile(rf"(?i:(?<!\w)(?:{_alt(lex.not_dateline_cues)})(?!\w))")
        p.year_list = re.compile(rf"(?<!\d){_YEAR},?\s+(?:{_alt(lex.year_list_joins)})\s+$")
        p.paired_count = re.compile(rf"\s*(?:{_alt(lex.count_pair_joins)})\s*[\d,]+\s+([a-z]+)")
        return p

    def _compile_base(
        self, lex: TimeLexicon, p: _Patterns, months: str, full_months: str, weekdays: str
    ) -> None:
        """The patterns of base expressions, each with the trigger words it needs
        ("year_number": a year's digits, which every pattern that must match a year needs)."""
        month = rf"(?P<month>{months})"
        month_full = rf"(?P<month>{full_months})"
        weekday = rf"(?P<weekday>{weekdays})"
        seasons = rf"(?i:(?P<season>{_alt(lex.seasons)}))"
        number = rf"(?P<num>\d{{1,3}}|(?i:{_alt(lex.numbers)}))"
        units = rf"(?i:(?P<unit>{_alt(lex.units)}))"
        year = rf"(?P<year>{_YEAR})"
        wd_prefix = rf"(?:{weekday},?\s+)?"
        the = r"(?:(?i:the)\s+(?:(?i:very)\s+)?)?"
        dash = rf"\s*(?:-|–|—|(?i:{_alt(lex.day_range_joins)}))\s*"
        season_cues = _alt(lex.season_cues)
        deictic_units = _alt(lex.deictic_units)

        def add(needs: str, regex: str, handler: _Handler) -> None:
            p.base.append((re.compile(regex), handler, frozenset(needs.split())))

        add(
            "digit year_number",
            rf"{_NUM_BEFORE}{year}(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
            r"(?![\d/]|[-.]\d)",
            self._h_iso_date,
        )
        add(
            "digit year_number",
            rf"{_NUM_BEFORE}(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})(?P=sep){year}"
            rf"{_NUM_AFTER}",
            self._h_numeric_date,
        )
        add(
            "digit year_number",
            rf"{_NUM_BEFORE}{year}-(?P<m>0[1-9]|1[0-2]){_NUM_AFTER}(?!-\d)",
            self._h_iso_month,
        )
        add(
            "digit month",
            rf"\b{wd_prefix}(?:(?i:the)\s+)?(?P<d>{_DAY}){_ORD}(?:\s+of)?\s+{month}"
            rf"(?:,?\s+{year})?(?![\w])",
            self._h_day_month,
        )
        add(
            "digit month",
            rf"\b{wd_prefix}{month}\s+(?P<d>{_DAY}){_ORD}(?!\d|,\d)"
            rf"(?:,?\s+{year}(?!\d))?(?!\w)",
            self._h_month_day,
        )
        add(
            "digit month",
            rf"\b(?P<d>{_DAY}){_ORD}{dash}(?P<d2>{_DAY}){_ORD}\s+{month}"
            rf"(?:,?\s+{year})?(?![\w])",
            self._h_day_range,
        )
        add(
            "digit month",
            rf"\b{month}\s+(?P<d>{_DAY}){_ORD}{dash}(?P<d2>{_DAY}){_ORD}(?!,\d)"
            rf"(?:,?\s+{year})?(?![\w])",
            self._h_day_range,
        )
        add("digit month year_number", rf"\b{month},?\s+(?:(?i:of)\s+)?{year}(?!\w)", self._h_month_year)
        add(
            "digit month year_number",
            rf"{_NUM_BEFORE}{year},\s+{month}"
            rf"(?:\s+(?P<d>{_DAY})(?![\d\w])|(?=\s*[)\].,;]))",
            self._h_year_month,
        )
        add("month", rf"\b{month_full}\b", self._h_month_alone)
        add(
            "digit season year_number",
            rf"\b{the}{seasons}(?:\s+(?i:of))?\s+{year}"
            rf"(?:\s*[-–/]\s*(?P<y2>{_YEAR}|\d\d))?(?![\w])",
            self._h_season_year,
        )
        add("digit season year_number", rf"{_NUM_BEFORE}{year}\s+{seasons}(?![\w])", self._h_season_year)
        add(
            "season",
            rf"\b(?i:{season_cues}|{_alt(lex.parts)})[\s-]+"
            rf"(?P<body>(?:(?i:the)\s+)?{seasons})\b(?!\s+(?i:of)\b)",
            self._h_season_alone,
        )
        # "before the end of the year", "later in the year": the current one
        if lex.current_year_parts:
            add(
                "year",
                rf"\b(?i:{_alt(lex.current_year_parts)})\s+(?P<body>(?i:the)\s+(?i:(?P<u>year)))\b"
                rf"(?!\s+(?i:of|before|after|earlier|later|ago|when|that|in|to)\b)",
                self._h_current_unit,
            )
        add(
            "word",
            rf"\b(?P<deix>(?i:{_alt(lex.deictic)}))\s+"
            rf"(?:(?i:(?P<u>{deictic_units}))|{seasons}|{month_full}|{weekday})\b",
            self._h_deictic,
        )
        add(
            "word",
            rf"\b(?i:(?:(?P<the>the|these)\s+)?(?P<sw>{_alt(lex.span_words)}))\s+"
            rf"(?:{number}\s+)?{units}\b",
            self._h_span,
        )
        forward = _alt(lex.forward_span_words)
        add("word", rf"\b(?i:(?:the\s+)?(?P<sw>{forward}))\s+{number}\s+{units}\b", self._h_span)
        add("word", rf"\b{number}\s+{units}\s+(?i:{_alt(lex.ago_words)})\b", self._h_ago)
        add("word", rf"\b(?i:(?P<dw>{_alt(lex.day_words)}))\b", self._h_day_word)
        add(
            "word",
            rf"\b(?i:(?:{_alt(lex.weekend_cues)})\s+)(?P<body>(?i:the\s+weekend))\b",
            self._h_weekend,
        )
        add("weekday", rf"\b{weekday}\b", self._h_weekday)
        add(
            "digit",
            rf"\b(?i:the)\s+(?:(?i:{_alt(lex.decade_parts)})[\s-]+)?"
            r"(?P<body>(?P<dec>(?:1[89]|20)\d)0s)\b",
            self._h_decade,
        )
        add("digit year_number", rf"\b(?i:(?P<q>q[1-4]))\s+{year}{_NUM_AFTER}", self._h_quarter)
        add(
            "digit year_number",
            rf"{_NUM_BEFORE}{year}(?:\s*(?:-|–|/)\s*(?P<y2>{_YEAR}|\d\d))?{_NUM_AFTER}",
            self._h_year,
        )
        add("word", r"\b(?i:as\s+of\s+)(?P<body>(?i:now))\b", self._h_now)
        add("year", r"\b(?P<body>(?i:the\s+year))\b(?!\s+\d)", self._h_the_year)

    # -- handlers: one regex match -> a candidate ----------------------------------------------

    def _month(self, m: re.Match[str]) -> int:
        return self._month_of[m.group("month").rstrip(".").lower()]

    @staticmethod
    def _abs(m: re.Match[str], point: _Point | None, group: str | None = None) -> _Cand | None:
        if point is None:
            return None
        start, end = m.span(group) if group else m.span()
        return _Cand(start, end, _Expr("abs", period=_single(point)))

    def _h_iso_date(self, m: re.Match[str]) -> _Cand | None:
        return self._abs(m, _valid_date(int(m["year"]), int(m["m"]), int(m["d"])))

    def _h_numeric_date(self, m: re.Match[str]) -> _Cand | None:
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        # Day first, the international and wire convention, unless only month-first is possible.
        point = _valid_date(year, b, a) or _valid_date(year, a, b)
        return self._abs(m, point)

    def _h_iso_month(self, m: re.Match[str]) -> _Cand | None:
        year, month = int(m["year"]), int(m["m"])
        if month == (year + 1) % 100:  # "2011-12" is a pair of years, as in sports seasons
            return None
        return self._abs(m, _Point(year, month))

    def _h_day_month(self, m: re.Match[str]) -> _Cand | None:
        return self._month_day(m, self._month(m), int(m["d"]))

    def _h_month_day(self, m: re.Match[str]) -> _Cand | None:
        return self._month_day(m, self._month(m), int(m["d"]))

    def _month_day(self, m: re.Match[str], month: int, day: int) -> _Cand | None:
        if m["year"]:
            return self._abs(m, _valid_date(int(m["year"]), month, day))
        if day > 31 or _valid_date(2000, month, day) is None:  # 2000 is a leap year
            return None
        return _Cand(m.start(), m.end(), _Expr("month_day", month=month, day=day))

    def _h_day_range(self, m: re.Match[str]) -> _Cand | None:
        month, d1, d2 = self._month(m), int(m["d"]), int(m["d2"])
        if d2 <= d1:
            return None
        if m["year"]:
            start, end = (_valid_date(int(m["year"]), month, d) for d in (d1, d2))
            if start is None or end is None:
                return None
            return _Cand(
                m.start(), m.end(), _Expr("abs", period=_Period(start, end)), relation="range"
            )
        return _Cand(
            m.start(), m.end(), _Expr("day_range", month=month, day=d1, day2=d2), relation="range"
        )

    def _h_month_year(self, m: re.Match[str]) -> _Cand | None:
        return self._abs(m, _Point(int(m["year"]), self._month(m)))

    def _h_year_month(self, m: re.Match[str]) -> _Cand | None:
        year, month = int(m["year"]), self._month(m)
        if m["d"]:
            return self._abs(m, _valid_date(year, month, int(m["d"])))
        return self._abs(m, _Point(year, month))

    def _h_month_alone(self, m: re.Match[str]) -> _Cand | None:
        if m.group("month").lower() in self._ambiguous:
            window = m.string[max(0, m.start() - 30) : m.start()]
            # "March: 163 killed" labels a row of figures by month
            label = m.string.startswith(":", m.end()) and not m.string[: m.start()].strip()
            if not self._p.month_cue.search(window) and not label:
                return None
        return _Cand(m.start(), m.end(), _Expr("month", month=self._month(m)))

    def _h_season_year(self, m: re.Match[str]) -> _Cand | None:
        season = self.lexicon.seasons[m["season"].lower()]
        year = int(m["year"])
        second = m.groupdict().get("y2")
        if second:
            y2 = _expand_year(year, second)
            if y2 != year + 1 or season[0] <= season[1]:
                return None
            year = y2  # "winter 2022-23" is the winter of January 2023
        return _Cand(m.start(), m.end(), _Expr("abs", period=_season_period(season, year)))

    def _h_season_alone(self, m: re.Match[str]) -> _Cand | None:
        season = self.lexicon.seasons[m["season"].lower()]
        return _Cand(m.start("body"), m.end("body"), _Expr("season", season=season))

    def _h_current_unit(self, m: re.Match[str]) -> _Cand | None:
        unit = m["u"].lower()
        return _Cand(m.start("body"), m.end("body"), _Expr("deictic", unit=self.lexicon.units.get(unit, unit), count=0))

    def _h_deictic(self, m: re.Match[str]) -> _Cand | None:
        n = self.lexicon.deictic[re.sub(r"\s+", " ", m["deix"].lower())]
        if m["u"]:
            unit = m["u"].lower()
            expr = _Expr("deictic", unit=self.lexicon.units.get(unit, unit), count=n)
        elif m["season"]:
            expr = _Expr("deictic", season=self.lexicon.seasons[m["season"].lower()], count=n)
        elif m["month"]:
            expr = _Expr("deictic", month=self._month(m), count=n)
        else:
            expr = _Expr("deictic", weekday=self._weekday_of[m["weekday"].lower()], count=n)
        return _Cand(m.start(), m.end(), expr)

    def _count(self, m: re.Match[str]) -> int | None:
        raw = m["num"]
        if raw is None:
            return 1
        if raw.isdigit():
            return int(raw) if 0 < int(raw) <= 500 else None
        return self.lexicon.numbers.get(raw.lower())

    def _h_span(self, m: re.Match[str]) -> _Cand | None:
        unit = self.lexicon.units[m["unit"].lower()]
        count = self._count(m)
        word = m["sw"].lower()
        forward = word in self.lexicon.forward_span_words
        if count is None or unit == "weekend":
            return None
        if word == "last" and m.groupdict().get("the") is None and self._p.verb_before.search(m.string, 0, m.start()):
            return None  # "meant to last six weeks", "the truce will last two days": a duration
        if not forward and m.groupdict().get("the") is None and m["num"] is None and word != "past":
            # "last year" without "the" or a count is the previous calendar year, not a span.
            if unit not in ("week", "month", "year"):
                return None
            return _Cand(m.start(), m.end(), _Expr("deictic", unit=unit, count=-1))
        past_day = word == "past" and m["unit"].lower() == "day" and m.groupdict().get("the") is not None
        if m["num"] is None and not past_day and (
            unit in ("day", "hour") or word == "previous" or m["unit"].endswith("s")
        ):
            # "the previous day", "the last months of": narrative time, or a part. "The past
            # day" is the daily report's last 24 hours.
            return None
        span = _Expr("span", unit=unit, count=count if forward else -count)
        return _Cand(m.start(), m.end(), span)

    def _h_ago(self, m: re.Match[str]) -> _Cand | None:
        unit = self.lexicon.units[m["unit"].lower()]
        count = self._count(m)
        if count is None or unit == "weekend":
            return None
        return _Cand(m.start(), m.end(), _Expr("ago", unit=unit, count=count))

    def _h_day_word(self, m: re.Match[str]) -> _Cand | None:
        offset = self.lexicon.day_words[re.sub(r"\s+", " ", m["dw"].lower())]
        return _Cand(m.start(), m.end(), _Expr("offset", count=offset))

    def _h_weekend(self, m: re.Match[str]) -> _Cand | None:
        return _Cand(m.start("body"), m.end("body"), _Expr("weekend_recent"))

    def _h_weekday(self, m: re.Match[str]) -> _Cand | None:
        return _Cand(
            m.start(), m.end(), _Expr("weekday", weekday=self._weekday_of[m["weekday"].lower()])
        )

    def _h_decade(self, m: re.Match[str]) -> _Cand | None:
        first = int(m["dec"]) * 10
        period = _Period(_Point(first), _Point(first + 9))
        return _Cand(m.start("body"), m.end("body"), _Expr("abs", period=period))

    def _h_quarter(self, m: re.Match[str]) -> _Cand | None:
        q = int(m["q"][1])
        year = int(m["year"])
        return _Cand(
            m.start(),
            m.end(),
            _Expr("abs", period=_Period(_Point(year, 3 * q - 2), _Point(year, 3 * q))),
        )

    def _h_now(self, m: re.Match[str]) -> _Cand | None:
        return _Cand(m.start("body"), m.end("body"), _Expr("offset", count=0))

    def _h_the_year(self, m: re.Match[str]) -> _Cand | None:
        # "the first quarter of the year", "the second half of the year": of the current year.
        # Standing alone "the year" is no time ("the deadliest day of the year"), and after a
        # vaguer part ("the start of the year") it may be a year the story is told in, so only
        # the quarters and halves that always count from the reference year take it.
        part = self._p.part.search(m.string, max(0, m.start() - 40), m.start())
        key = re.sub(r"^the (very )?", "", re.sub(r"\s+", " ", part["part"].lower())) if part else ""
        if key not in self.lexicon.halves:
            return None
        return _Cand(m.start("body"), m.end("body"), _Expr("deictic", unit="year", count=0))

    def _h_year(self, m: re.Match[str]) -> _Cand | None:
        year = int(m["year"])
        if not self._year_context(m.string, m.start(), m.end(), bool(m["y2"])):
            return None
        if m["y2"]:
            y2 = _expand_year(year, m["y2"])
            if not year < y2 <= year + 10:
                return None
            return _Cand(
                m.start(),
                m.end(),
                _Expr("abs", period=_Period(_Point(year), _Point(y2))),
                relation="range",
            )
        return _Cand(m.start(), m.end(), _Expr("abs", period=_single(_Point(year))))

    def _year_context(self, text: str, start: int, end: int, is_range: bool) -> bool:
        """A bare number is a year only after a time cue, and never before a plural noun."""
        follower = _WORD_AFTER.match(text, end)
        word = follower.group(1) if follower else None
        if word and _looks_plural(word) and word not in self.lexicon.year_followers:
            return False  # "in 2000 villages", "by 2000 troops"
        paired = self._p.paired_count.match(text, end)
        if paired and _looks_plural(paired.group(1)):
            return False  # "between 2000 and 3000 troops"
        window = text[max(0, start - 40) : start]
        if is_range or self._p.strong_cue.search(window) or self._p.year_list.search(window):
            return True
        if self._p.weak_cue.search(window):
            return (
                word is None or not (word.isalnum()) or word.lower() in self.lexicon.year_followers
            )
        return False


def _last_word(phrase: str) -> str:
    return phrase.split()[-1].lower() if phrase.split() else phrase


def _looks_plural(word: str) -> bool:
    """A lower-case word ending in -s: after a number, most likely the noun it counts."""
    return (
        word.isalpha() and word.islower() and len(word) > 3 and word[-1] == "s" and word[-2] != "s"
    )
