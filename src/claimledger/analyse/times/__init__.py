"""Time expressions in conflict reporting, resolved to ISO 8601 values of reduced precision.

`TimeResolver.find` returns every time mention in a text with its span, a value ("2024",
"2025-01", "2025-01-14", "2024-12/2025-02-14", "2024-12/..") and how the text relates to it
("point", "since", "range", "as_of", "until"). Relative expressions are resolved against a
reference date, normally the article's publication date; without one their value is None.

Conventions (each a choice where reporting is ambiguous):

- A month, day or season without a year is the most recent one not after the reference
  ("In April" in February 2025 is 2024-04), or the first one not before it when the clause has a
  future cue ("will", "is expected to"). "last August" is the most recent August strictly before
  the reference month, "next March" the first March strictly after it.
- A bare weekday ("on Monday") is the most recent such day on or before the reference date, the
  reference day itself included: the wire-copy convention that a weekday name means the past seven
  days. "last Monday" excludes the reference day, "next Monday" is strictly after it.
- "this year", "earlier this year", "later this year" are the year ("2025"); "early/mid/late X"
  and "the beginning/end of X" keep X's precision ("early February" is 2025-02, "late 2024" 2024).
  "the first half of X" and quarters of a year become month intervals (2025-01/2025-06).
- Weeks run Monday to Sunday: "last week" is the previous week as a date interval
  (2025-02-03/2025-02-09), "last weekend" its Saturday and Sunday.
- "the past N days/weeks/months/years" and "the last 24 hours" are date intervals ending at the
  reference date; "N days/weeks ago" is a date, "N months ago" a month, "N years ago" a year.
- Seasons are northern-hemisphere meteorological seasons: summer is June-August. Winter is
  dated by the year of its January ("winter 2024" is 2023-12/2024-02, "winter 2022-23"
  2022-12/2023-02).
- "since X" is X's start to the reference date, or open ("2024-12/..") without a reference.
  "as of X" and "until/by X" keep X's own value; the relation carries the meaning.
- Numbers are years only in a date format or a time context (a month, a season, "in/since/by/
  mid-..."), never when a plural noun follows ("in 2000 villages"); after cues that also introduce
  counts ("of", "by", "up to") the year must end the clause or be followed by a function word.
"""

from claimledger.analyse.times.lexicon import TimeLexicon, TimeLexiconError
from claimledger.analyse.times.periods import interval_end, interval_start, same_start, value_bounds
from claimledger.analyse.times.resolver import RELATIONS, TimeMention, TimeResolver

__all__ = [
    "RELATIONS",
    "TimeLexicon",
    "TimeLexiconError",
    "TimeMention",
    "TimeResolver",
    "interval_end",
    "interval_start",
    "same_start",
    "value_bounds",
]
