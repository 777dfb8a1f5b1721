"""Figures an article states twice: a headline, standfirst or "key takeaways" bullet that repeats
a body sentence is one claim, not two.

Two claims are repeats when they count the same thing (kind and numbers) and their sentences
share most of their words. The claim that says more (source, time, place) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimledger.model import Claim

WORD = re.compile(r"\w+")
OVERLAP = 0.6  # share of the shorter sentence's words found in the longer one


def drop_repeats(claims: Sequence[Claim], protected: Sequence[tuple[int, int]] = ()) -> list[Claim]:
    """`protected` spans (reference-list entries) are never merged: a cited title is evidence of
    its own, dated and attributed differently from the body."""
    kept: list[Claim] = []
    for claim in claims:
        if _numbers(claim) is None or any(s <= claim.span.start < e for s, e in protected):
            kept.append(claim)
            continue
        twin = next((i for i, k in enumerate(kept) if _repeats(k, claim, protected)), None)
        if twin is None:
            kept.append(claim)
        elif _richness(claim) > _richness(kept[twin]):
            kept[twin] = claim
    return sorted(kept, key=lambda c: c.span)


def _repeats(a: Claim, b: Claim, protected: Sequence[tuple[int, int]]) -> bool:
    if a.quote == b.quote or a.kind != b.kind or _numbers(a) != _numbers(b):
        return False
    if any(s <= a.span.start < e for s, e in protected):
        return False
    words_a = set(WORD.findall(a.quote.lower()))
    words_b = set(WORD.findall(b.quote.lower()))
    shorter = min(len(words_a), len(words_b)) or 1
    return len(words_a & words_b) / shorter >= OVERLAP


def _numbers(claim: Claim) -> tuple[float | None, float | None, float | None] | None:
    numbers = (claim.value, claim.value_low, claim.value_high)
    return None if numbers == (None, None, None) else numbers


def _richness(claim: Claim) -> tuple[int, int]:
    filled = sum(x is not None for x in (claim.attribution, claim.time, claim.location, claim.actor))
    return filled, len(claim.quote)
