"""Estimates of a thread over time: low / best / high per as-of month, from independent origins.

Each evidence group (an origin, with the copies of its stories) gives one figure per month: its
latest claim in that month. Over those figures:

- low is the smallest lower bound and high the largest upper bound (UCDP GED's low/high: the
  range that credible reports span);
- best is the median of the groups' figures, taking the lower middle when their number is even.
  With one or two origins this is ACLED's most conservative figure (the lower one); with three or
  more it is the middle report, so that one party's minimisation (or inflation) does not become
  the best estimate. See docs/reconciliation.md for why.
"""

from __future__ import annotations

from claimledger.model import Estimate
from claimledger.reconcile.evidence import Member
from claimledger.reconcile.drafts import Draft


def thread_estimates(draft: Draft) -> list[Estimate]:
    """Members must be in as-of order (as `reconcile_unit` leaves them)."""
    by_period: dict[str, dict[str, Member]] = {}
    for m in draft.members:
        if m.period and m.figure is not None:
            by_period.setdefault(m.period, {})[m.evidence] = m  # the group's latest claim wins
    return [_estimate(period, groups) for period, groups in by_period.items()]


def _estimate(period: str, groups: dict[str, Member]) -> Estimate:
    if len(groups) == 1:
        [m] = groups.values()
        low = m.value_low if m.value_low is not None else m.figure
        high = m.value_high if m.value_high is not None else m.figure
        return Estimate(period, low, m.figure, high, (m.origin,), (m.claim_id,))
    members = sorted(groups.values(), key=lambda m: (m.figure or 0.0, m.claim_id))
    figures = [m.figure for m in members if m.figure is not None]
    lows = [m.value_low if m.value_low is not None else m.figure for m in members]
    highs = [m.value_high if m.value_high is not None else m.figure for m in members]
    return Estimate(
        as_of=period,
        low=min(x for x in lows if x is not None),
        best=figures[(len(figures) - 1) // 2],
        high=max(x for x in highs if x is not None),
        origins=tuple(sorted({m.origin for m in members})),
        claims=tuple(m.claim_id for m in members),
    )
