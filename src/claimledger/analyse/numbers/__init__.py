"""Numbers in conflict reporting: counts, bounds, ranges and vague quantities, with exact spans.

`NumberFinder.find` returns every number in a text that can be a quantity, with the span of the
number's own words and the wider span that takes in its qualifier ("roughly 11,000", "between
300 and 500", "at least 40"). Conventions (see ../../shared/eval/README.md):

- value is the number as stated: "15-thousand" 15000, "47-hundred" 4700, "four-thousand-100"
  4100, "11 000" 11000, "4.7 million", "1.5m", "$2bn", "a dozen" 12, "half a million" 500000.
- "at least / more than / over N" and "N or more" give value_low; "up to / fewer than / nearly N"
  give value_high ("nearly", "almost" also set approx); "between N and M", "N to M", "N-M" give
  both bounds. Bounded and ranged numbers have value None.
- "about / roughly / some / an estimated N" set approx and keep the value.
- Vague quantities ("dozens", "thousands", "tens of thousands", "several hundred") have no value
  and are approx.
- Not numbers: years as years, dates, clock times, ordinals, durations and ages (a number followed
  by a time unit), designations ("T-72", "Su-25", "Resolution 2231", "155mm"), numbers in links,
  e-mail addresses, phone numbers, version strings and citation parentheses, markup attribute
  values and identifiers of ten or more bare digits, the pronoun "one" ("one of the", "no one",
  "a close one", "one reason"), and number words that point or name rather than count: a
  reference back ("the two met"), a speaker ('" said one aide', "according to two officials"),
  a name ("Gang of Eight", "Air Force One"), a fixed phrase ("at one point", "one-on-one").
- "two in three", "six in 10" are shares (fractions), as "one in three" is.

All patterns are built once from a `NumberLexicon` (data/numbers.yaml); `find` does no other
set-up, so one finder serves a whole corpus.
"""

from claimledger.analyse.numbers.finder import NumberFinder
from claimledger.analyse.numbers.lexicon import NumberLexicon, NumberLexiconError
from claimledger.analyse.numbers.parts import NumberMention

__all__ = ["NumberFinder", "NumberLexicon", "NumberLexiconError", "NumberMention"]
