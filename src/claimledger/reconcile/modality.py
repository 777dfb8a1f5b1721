"""What a claim asserts: a figure reported as fact, or a forecast, a plan, a possibility, a denial.

Only asserted claims feed estimates and relations; the others stay in their thread, marked, and
never become the latest figure. The claim's own `modality` (set by the extractor) decides; only a
claim stored before it had the field (None) is read from its quote with the phrases of
`data/reconcile.yaml` (`modality_markers`) and the extractor's `hedged` flag, and such a claim
whose period lies wholly after its article's publication is a forecast. Everything that asks goes
through `modality_of` / `feeds_estimates`, so the field can replace the phrases in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from claimledger.reconcile.rules import ReconcileRules

ASSERTED = "asserted"
MODALITIES = (ASSERTED, "forecast", "planned", "possible", "denied")


def feeds_estimates(claim: Any, rules: ReconcileRules | None = None, after_publication: bool = False) -> bool:
    """Whether the claim may feed estimates (and be the latest figure of its thread)."""
    return modality_of(claim, rules, after_publication) == ASSERTED


def modality_of(claim: Any, rules: ReconcileRules | None = None, after_publication: bool = False) -> str:
    """The claim's modality: its own field when set, else read from its quote (see module doc).
    `after_publication`: the claim's period begins after its article was published."""
    own = getattr(claim, "modality", None)
    if own:
        return str(own) if own in MODALITIES else ASSERTED
    quote = getattr(claim, "quote", None) or ""
    hedged = bool(getattr(claim, "hedged", False))
    number = getattr(claim, "number_text", None) or ""
    found = _from_quote(quote, number, hedged, rules or _default_rules()) if quote else ASSERTED
    if found == ASSERTED and after_publication:
        return "forecast"
    return found


# Where one clause ends and another begins: a marker counts only within the number's clause
# ("Rwanda denies backing the M23, but UN experts wrote that 3,000 ..." asserts the 3,000).
_CLAUSE_BREAK = re.compile(r"[;:]|,?\s+(?:but|however|while|whereas|although|though|yet)\s", re.IGNORECASE)


def _from_quote(quote: str, number: str, hedged: bool, rules: ReconcileRules) -> str:
    patterns = _patterns(rules.modality_markers)
    if not patterns or not patterns[0][1].search(quote):  # most quotes: no marker at all
        return ASSERTED
    at = quote.find(number) if number else -1
    for modality, pattern in patterns[1:]:
        if modality == "possible" and not hedged:
            continue
        for found in pattern.finditer(quote):
            if at < 0 or not _CLAUSE_BREAK.search(quote, *sorted((found.start(), at))):
                return modality
    return ASSERTED


@lru_cache(maxsize=8)
def _patterns(markers: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """("any", every marker) first, then each modality's markers, in the rules' order."""
    out = []
    for modality, words in [("any", tuple(w for _, ws in markers for w in ws)), *markers]:
        if not words:
            continue
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
        out.append((modality, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return tuple(out)


@lru_cache(maxsize=1)
def _default_rules() -> ReconcileRules:
    return ReconcileRules.load()
