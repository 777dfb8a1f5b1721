"""Which numbers of a sentence count something the ledger tracks: not "the two countries", not a
distance that places a town, not an age, a ratio, a pronoun or a part of a year."""

from __future__ import annotations

import re

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.claims import Unit
from claimledger.extract.lexicon import ExtractionLexicon

HYPHEN_WORD = re.compile(r"-([a-z]+)\b")
YEAR_AFTER = re.compile(r"\s+of\s+(?:1[89]|2[01])\d\d\b")


def is_claim_number(number: NumberMention, unit: Unit, text: str, lex: ExtractionLexicon) -> bool:
    """Numbers that count something the ledger tracks: not "the two countries", not a distance
    that places a town ("25 kilometres west of Goma"), not an age ("children under five")."""
    ground = (number.percent or number.fraction) and unit.noun in lex.words.territory_nouns
    if unit.category == "ignore" and not ground:
        return False  # "the two countries", "5 percentage points"; but "half of the country" is ground
    places_a_town = (
        text
        and unit.noun in lex.words.distance_units
        and unit.head is not None
        and lex.words.direction_after.match(text, unit.head.idx + len(unit.head.text))
    )
    if places_a_town:
        return False
    if text and number.end < len(text):
        hyphen = HYPHEN_WORD.match(text, number.end)
        if hyphen is not None and hyphen.group(1) not in lex.words.count_suffixes:
            return False
    if text and number.fraction and (lex.words.time_share.match(text, number.end) or YEAR_AFTER.match(text, number.end)):
        return False  # "half a year", "the first half of this year", "the second half of 2025"
    if unit.noun == "times" and unit.head is not None and lex.words.multiplier_after.match(text, unit.head.idx + 5):
        return False  # "three times as many": a ratio, not a count of events
    if unit.noun in lex.words.source_nouns and number.value is not None and number.value <= 3:
        return False
    if unit.noun is None and text and number.text.lower() in lex.words.pronoun_numbers:
        after, before = text[number.end :].split()[:1], text[: number.start].split()[-1:]
        if (after and after[0].lower() in lex.words.relative_pronouns) or (
            before and before[0].lower() in lex.words.determiners
        ):
            return False  # "one that politicians may embrace", "the one": a pronoun, not a count
    if unit.noun in ("levels", "level") and number.value_high is not None and 1900 <= number.value_high <= 2100:
        return False  # "below 2023 levels"
    if text and (number.qualifier or "").lower() in lex.words.age_qualifiers:
        before = text[: number.start].split()
        if before and lex.units.get(before[-1].lower().strip(",")) == "people":
            return False
    return number.value is None or number.value >= 1 or number.percent or number.fraction
