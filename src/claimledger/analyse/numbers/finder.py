"""The number finder: numbers paired into ranges, each read in its context into a mention."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from claimledger.analyse.numbers.context import _Contexts
from claimledger.analyse.numbers.lexicon import NumberLexicon
from claimledger.analyse.numbers.parts import NumberMention, _Context, _Core, _Item



class NumberFinder(_Contexts):
    """Finds numbers in text; build once per process and call `find` on every sentence."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        super().__init__(lexicon)
        # "one in three", "1 out of 4": the words between the two numbers of a ratio
        joins = "|".join(
            r"[ \u00a0]+".join(re.escape(w) for w in join.split()) for join in lexicon.ratio_joins
        )
        self._ratio_join = re.compile(rf"[ \u00a0]+(?:{joins or '(?!)'})[ \u00a0]+", re.IGNORECASE)

    # -- public API ------------------------------------------------------------------------------

    def find(self, text: str) -> list[NumberMention]:
        """Every number in `text` that can be a quantity, sorted by start, spans not overlapping."""
        cores = [c for c in self._cores(text) if self._core_ok(text, c)]
        items = list(self._combine(text, cores))
        mentions: list[NumberMention] = []
        for index, item in enumerate(items):
            floor = mentions[-1].end if mentions else 0
            ceiling = items[index + 1].low.start if index + 1 < len(items) else len(text)
            mention = self._mention(text, item, floor, ceiling)
            if mention is not None:
                mentions.append(mention)
        return mentions
    # -- ranges ----------------------------------------------------------------------------------

    def _combine(self, text: str, cores: Sequence[_Core]) -> Iterator[_Item]:
        """Pair numbers that form a range ("between 300 and 500", "300-500", "two or three")."""
        i = 0
        while i < len(cores):
            pair = i + 1 < len(cores)
            ratio = self._ratio(text, cores[i], cores[i + 1]) if pair else None
            if ratio is not None:
                yield _Item(ratio)
                i += 2
                continue
            item = self._range(text, cores[i], cores[i + 1]) if pair else None
            if item is None:
                yield _Item(cores[i])
                i += 1
            else:
                yield item
                i += 2

    def _ratio(self, text: str, a: _Core, b: _Core) -> _Core | None:
        """ "one in three", "1 in 4", "two in three", "six in 10": a fraction written as a
        ratio. Past one, only with "in" and to a small whole (ten at most, or a hundred):
        "killed 12 in 40 strikes" is two counts."""
        if a.value is None or b.value is None or b.fraction or b.vague or a.fraction or a.vague:
            return None
        if not 1 < b.value < 1000 or not self._ratio_join.fullmatch(text, a.end, b.start):
            return None
        if a.value != 1 and not (
            a.value.is_integer()
            and a.value < b.value
            and b.value in _WHOLES
            and text[a.end : b.start].strip().lower() == "in"
        ):
            return None  # "two out of five wells" is a count of two, out of five
        return _Core(a.start, b.end, a.value / b.value, fraction=True, digit_led=a.digit_led)

    def _range(self, text: str, a: _Core, b: _Core) -> _Item | None:
        if a.vague or b.vague or a.fraction or b.fraction or a.value is None or b.value is None:
            return None
        conn = self._connector.fullmatch(text, a.end, b.start)
        if conn is None:
            return None
        word = (conn.group("w") or "").lower()
        opener = self._opener_before.search(text, max(0, a.start - 24), a.start)
        opener_word = opener.group("op").lower() if opener else ""
        if word == "and" and opener_word != "between":
            return None
        if word == "to" and opener is not None and opener_word == "from":
            from_at = opener.start()
            if self._change_before.search(text, max(0, from_at - 48), from_at):
                return None  # "rose from 300 to 500" is a change, not a range
        if word == "to" and opener is None and self._change_by.search(text, max(0, a.start - 48), a.start):
            return None  # "rose by 45 to 1,200": a change and the new figure, two numbers
        if self._year_like(a) and not self._year_like(b) and self._dated_year(text, a):
            return None  # "since October 2023 to 55,432": a date, then the figure it reached
        dash = not word and "\n" not in text[a.end : b.start]
        if (
            dash
            and self._year_like(a)
            and (self._year_like(b) or (len(b.raw) == 2 and b.value > a.value % 100))
        ):
            return _Item(a, b, year_range=True)  # "2024-25", "2014-2022"
        low = _carry_scale(a, b, spoken=opener is None)
        if not low < b.value:
            return None
        a.value = low
        item = _Item(a, b)
        if opener is not None:
            item.opener_start, item.opener = opener.start("op"), opener.group("op")
        return item

    def _dated_year(self, text: str, core: _Core) -> bool:
        """Is a year-like number a date: after a month ("October 2023") or a year cue ("since 2023")?"""
        if self._month_before.search(text, max(0, core.start - 32), core.start):
            return True
        before = text[max(0, core.start - 16) : core.start].split()
        return bool(before) and before[-1].lower() in self.lexicon.year_cues_before

    # -- one mention -----------------------------------------------------------------------------

    def _mention(self, text: str, item: _Item, floor: int, ceiling: int) -> NumberMention | None:
        if item.year_range or not self._context_ok(text, item):
            return None
        ctx = self._context(text, item, floor, ceiling)
        low, last = item.low, item.last
        if item.high is None and not self._kept_in_context(text, low, ctx):
            return None
        years = item.high is not None and self._year_like(low) and self._year_like(item.high)
        if years and not (ctx.kind or ctx.currency or ctx.percent):
            return None  # "between 2019 and 2022": two bare years make a period
        value, value_low, value_high, approx = _bounds(item, ctx)
        return NumberMention(
            start=ctx.start,
            end=ctx.end,
            number_start=low.start,
            number_end=last.end,
            text=text[low.start : last.end],
            value=value,
            value_low=value_low,
            value_high=value_high,
            approx=approx,
            vague=low.vague,
            percent=ctx.percent,
            fraction=low.fraction,
            currency=ctx.currency,
            qualifier=" ".join(ctx.words) or None,
        )


def _carry_scale(a: _Core, b: _Core, spoken: bool = False) -> float:
    """ "3 to 5 million": the first number takes the second's multiplier. `spoken`: the range
    has no opener ("between", "from"), as "4 to 500" is said for "400 to 500"."""
    assert a.value is not None and b.value is not None
    if a.scale == 1.0 and b.scale > 1.0 and a.value < b.value / b.scale:
        return a.value * b.scale
    thousands = b.value / THOUSAND
    if a.scale == 1.0 and b.value % THOUSAND == 0 and a.value.is_integer() and a.value < thousands <= 2 * a.value:
        # "11 to 12,000" is said for "11,000 to 12,000": the first number is the thousands
        # of the second, not eleven
        return a.value * THOUSAND
    hundreds = b.value / HUNDRED
    if spoken and a.scale == 1.0 and b.value < THOUSAND and b.value % HUNDRED == 0 and 2 <= a.value < hundreds <= 2 * a.value:
        # "4 to 500" is said for "400 to 500" in the same way
        return a.value * HUNDRED
    return a.value


THOUSAND = 1000
HUNDRED = 100
# The wholes of a ratio whose first number is not one: "two in three", "six in 10", "9 in 100".
_WHOLES = frozenset(float(n) for n in (*range(2, 11), 100))


def _bounds(item: _Item, ctx: _Context) -> tuple[float | None, float | None, float | None, bool]:
    """value, value_low, value_high and approx from the number and its qualifiers."""
    approx = ctx.kind in ("approximate", "approximate_upper_bound")
    approx = approx or ctx.suffix_kind == "approximate"
    if item.low.vague:
        return None, None, None, True
    if item.high is not None:
        return None, item.low.value, item.high.value, approx
    value = item.low.value
    kind = ctx.kind if ctx.kind not in (None, "approximate") else ctx.suffix_kind
    if kind == "lower_bound":
        return None, value, None, approx
    if kind in ("upper_bound", "approximate_upper_bound"):
        return None, None, value, approx
    return value, None, None, approx
