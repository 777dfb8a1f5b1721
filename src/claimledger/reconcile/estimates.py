"""Estimates of a thread over time: low / best / high per as-of month, from independent origins.

Only asserted claims count (reconcile.modality: forecasts, plans, possibilities and denials stay
in the thread, marked, and never become the latest figure). Each evidence group (an origin, with
the copies of its stories) gives one figure per month: its latest claim in that month. Over those
figures:

- a lone outlier is set aside, not adopted: a figure more than `OUTLIER_FACTOR` (3) times above
  (or below) every one of at least three other origins' figures, while those others agree within
  the same factor, is listed in `outliers` and left out of low / best / high (a misread figure,
  "2,000 killed" read as a deployment, cannot move the answer on its own);
- low is the smallest lower bound and high the largest upper bound (UCDP GED's low/high: the
  range that credible reports span);
- best is the median of the groups' figures, taking the lower middle when their number is even.
  With one or two origins this is ACLED's most conservative figure (the lower one); with three or
  more it is the middle report, so that one party's minimisation (or inflation) does not become
  the best estimate. See docs/reconciliation.md for why.

`origin_estimates` gives the same low / best / high per origin (each origin's own series).
"""

from __future__ import annotations

from collections.abc import Iterable

from claimledger.model import Estimate, ThreadClaim
from claimledger.reconcile.drafts import Draft
from claimledger.reconcile.evidence import Member

OUTLIER_FACTOR = 3.0  # how far apart (as a ratio) a lone figure must be from all the others
OUTLIER_MIN_OTHERS = 3  # independent origins that must agree against it ("several")


def thread_estimates(draft: Draft) -> list[Estimate]:
    """Members must be in as-of order (as `reconcile_unit` leaves them)."""
    by_period: dict[str, dict[str, Member]] = {}
    for m in draft.members:
        if m.period and m.figure is not None and m.asserted:
            by_period.setdefault(m.period, {})[m.evidence] = m  # the group's latest claim wins
    return [_estimate(period, groups) for period, groups in by_period.items()]


def _estimate(period: str, groups: dict[str, Member]) -> Estimate:
    if len(groups) == 1:
        [m] = groups.values()
        low = m.value_low if m.value_low is not None else m.figure
        high = m.value_high if m.value_high is not None else m.figure
        return Estimate(period, low, m.figure, high, (m.origin,), (m.claim_id,))
    members = sorted(groups.values(), key=lambda m: (m.figure or 0.0, m.claim_id))
    outliers = lone_outliers(members)
    if outliers:
        members = [m for m in members if m.claim_id != outliers[0].claim_id]
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
        outliers=tuple(m.claim_id for m in outliers),
    )


def lone_outliers(members: list[Member]) -> list[Member]:
    """The one figure (at either end, members sorted by figure) more than OUTLIER_FACTOR from all
    of at least OUTLIER_MIN_OTHERS others that agree among themselves within that factor."""
    if len(members) < OUTLIER_MIN_OTHERS + 1:
        return []
    figures = [m.figure or 0.0 for m in members]
    if figures[0] <= 0:
        return []
    rest_low, rest_high = figures[1], figures[-2]
    if figures[-1] > OUTLIER_FACTOR * rest_high and rest_high <= OUTLIER_FACTOR * figures[0]:
        return [members[-1]]
    if rest_low > OUTLIER_FACTOR * figures[0] and figures[-1] <= OUTLIER_FACTOR * rest_low:
        return [members[0]]
    return []


def origin_estimates(claims: Iterable[ThreadClaim]) -> dict[str, list[Estimate]]:
    """Low / best / high per origin and month (each origin's own series), from a stored thread's
    asserted claims: the origin's latest claim in the month. Keyed by the origin as last shown;
    claims of one evidence group (one voice under several names) make one series."""
    latest: dict[str, dict[str, ThreadClaim]] = {}
    shown: dict[str, str] = {}
    for c in sorted((c for c in claims if c.as_of is not None), key=lambda c: (c.as_of, c.claim_id)):
        if c.modality != "asserted":
            continue
        figure = _figure(c)
        if figure is None or c.as_of is None:
            continue
        latest.setdefault(c.evidence, {})[f"{c.as_of.year:04d}-{c.as_of.month:02d}"] = c
        shown[c.evidence] = c.origin
    out: dict[str, list[Estimate]] = {}
    for key, months in sorted(latest.items(), key=lambda kv: shown[kv[0]]):
        origin = shown[key]
        series = []
        for period, c in sorted(months.items()):
            figure = _figure(c)
            low = c.value_low if c.value_low is not None else figure
            high = c.value_high if c.value_high is not None else figure
            series.append(Estimate(period, low, figure, high, (origin,), (c.claim_id,)))
        out[origin] = series
    return out


def _figure(c: ThreadClaim) -> float | None:
    if c.value is not None:
        return c.value
    if c.value_low is not None and c.value_high is not None:
        return (c.value_low + c.value_high) / 2
    return c.value_low if c.value_low is not None else c.value_high
