"""Relations between claims: corroborates, conflicts, updates, different_metric, repeats.

Claims of a thread are swept in as-of order. Each claim is compared with the latest claim of its
own evidence group (same origin, or copies of one story) and with the latest claim of each of the
`compare_origins` most recent other groups at or before its as-of date, so the work and the number
of relations grow linearly with the thread, never with its square.

- same evidence: agreeing figures repeat each other; a later as-of date updates; else conflicts.
- independent: agreeing figures corroborate; different figures in the same month conflict; a later
  month updates, except that a running total (a cumulative kind) cannot fall: a later, lower
  figure from another origin conflicts.
- across threads of related kinds (killed / killed_or_wounded / wounded, ...) with the same actor
  and a compatible place, each claim is linked to the latest claim of the other thread before it
  as `different_metric`, shown on both threads: these figures never conflict.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from claimledger.model import Relation
from claimledger.reconcile.evidence import Member
from claimledger.reconcile.rules import ReconcileRules
from claimledger.reconcile.drafts import Draft

_NO_DATE = dt.date.max


def order(member: Member) -> tuple[dt.date, str]:
    return (member.as_of or _NO_DATE, member.claim_id)


def agree(a: Member, b: Member, rules: ReconcileRules) -> bool:
    fa, fb = a.figure, b.figure
    if fa is None or fb is None:
        return False
    loose = a.approx or b.approx or a.bounded_only or b.bounded_only
    tolerance = rules.tolerance_approx if loose else rules.tolerance
    if _within_range(a, fb, tolerance) or _within_range(b, fa, tolerance):
        return True
    return abs(fa - fb) <= tolerance * max(abs(fa), abs(fb))


def consistent(a: Member, b: Member, rules: ReconcileRules) -> bool:
    """One claim gives only a bound that the other's figure meets ("at least 100" and 300)."""
    fa, fb = a.figure, b.figure
    if fa is None or fb is None:
        return False
    return _meets(a, fb, rules.tolerance_approx) or _meets(b, fa, rules.tolerance_approx)


def _meets(bound: Member, x: float, tolerance: float) -> bool:
    if bound.value is not None or (bound.value_low is None) == (bound.value_high is None):
        return False  # a value, a range (handled by agree) or nothing
    if bound.value_low is not None:
        return x >= bound.value_low * (1 - tolerance)
    return bound.value_high is not None and x <= bound.value_high * (1 + tolerance)


def _within_range(m: Member, x: float, tolerance: float) -> bool:
    if m.value is not None or m.value_low is None or m.value_high is None:
        return False
    return m.value_low * (1 - tolerance) <= x <= m.value_high * (1 + tolerance)


def relate(a: Member, b: Member, cumulative: bool, rules: ReconcileRules) -> str | None:
    """How `b` stands to the earlier (or same-date) `a`; None when either has no figure."""
    fa, fb = a.figure, b.figure
    if fa is None or fb is None:
        return None
    same = a.evidence == b.evidence
    if agree(a, b, rules):
        return "repeats" if same else "corroborates"
    if consistent(a, b, rules):  # "at least 100", then 300: no contradiction
        later = a.as_of is not None and b.as_of is not None and a.period != b.period
        return "updates" if later else ("repeats" if same else "corroborates")
    if a.as_of is None or b.as_of is None:
        return None  # undated: neither an update nor a conflict can be told
    if same:
        return "updates" if b.as_of > a.as_of else "conflicts"
    if a.period == b.period:
        return "conflicts"
    if cumulative and fb < fa:
        return "conflicts"
    return "updates"


def thread_relations(draft: Draft, rules: ReconcileRules) -> list[Relation]:
    """Members must be in as-of order (as `reconcile_unit` leaves them)."""
    if len(draft.members) < 2:
        return []
    cumulative = draft.kind in rules.cumulative_kinds
    found: dict[tuple[str, str], str] = {}
    latest: OrderedDict[str, Member] = OrderedDict()  # evidence group -> its latest claim
    for b in (m for m in draft.members if m.figure is not None and m.asserted):
        own = latest.get(b.evidence)
        if own is not None:
            _add(found, own, b, relate(own, b, cumulative, rules))
        others = 0
        for group in reversed(latest):
            if others >= rules.compare_origins:
                break
            if group == b.evidence:
                continue
            others += 1
            a = latest[group]
            _add(found, a, b, relate(a, b, cumulative, rules))
        latest[b.evidence] = b
        latest.move_to_end(b.evidence)
    tid = draft.id
    return [Relation(a, b, rel, tid, tid) for (a, b), rel in found.items()]


def _add(found: dict[tuple[str, str], str], a: Member, b: Member, relation: str | None) -> None:
    if relation is not None and a.claim_id != b.claim_id:
        found.setdefault((a.claim_id, b.claim_id), relation)


def compatible(x: Draft, y: Draft) -> bool:
    return x.country is None or y.country is None or x.country == y.country


def metric_relations(drafts: Sequence[Draft], rules: ReconcileRules) -> list[Relation]:
    """`different_metric` links between threads of related kinds, same actor, compatible place."""
    out: list[Relation] = []
    for i, x in enumerate(drafts):
        related = rules.related_kinds(x.kind)
        for y in drafts[i + 1 :]:
            if y.kind in related and y.actor_key == x.actor_key and compatible(x, y):
                out.extend(_link(x, y))
    return out


def _link(x: Draft, y: Draft) -> Iterable[Relation]:
    """Each claim with the latest claim of the other thread before it in as-of order (so at most
    one link per claim, however long both threads are)."""
    pairs: set[tuple[str, str]] = set()
    tagged = sorted(
        [(order(m), 0, i, m) for i, m in enumerate(x.members) if m.figure is not None and m.asserted]
        + [(order(m), 1, i, m) for i, m in enumerate(y.members) if m.figure is not None and m.asserted],
        key=lambda t: (t[0], t[1], t[2]),
    )
    last: list[Member | None] = [None, None]
    for _, side, _, m in tagged:
        other = last[1 - side]
        if other is not None:
            pairs.add((other.claim_id, m.claim_id) if side == 1 else (m.claim_id, other.claim_id))
        last[side] = m
    for a, b in sorted(pairs):
        yield Relation(a, b, "different_metric", x.id, y.id)
