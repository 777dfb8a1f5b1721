"""Reconcile one unit: the claims of one actor key (or of actor keys an analyst merged).

A unit is the smallest set of claims whose threads, relations and estimates do not depend on any
other claim, so a full rebuild is the same computation over every unit as an incremental run over
the units a batch of articles touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.model import Decision, Estimate, Relation, Thread, ThreadClaim
from claimledger.reconcile.decisions import apply
from claimledger.reconcile.estimates import thread_estimates
from claimledger.reconcile.evidence import Member
from claimledger.reconcile.relations import metric_relations, order, thread_relations
from claimledger.reconcile.rules import ReconcileRules
from claimledger.reconcile.drafts import Draft, assign


@dataclass(slots=True)
class Reconciled:
    """A finished thread before it is stored: its draft (members in as-of order), relations and
    estimates. `thread()` gives the model value; the store writes rows straight from this."""

    draft: Draft
    actor: str
    actor_id: str | None
    location: str | None
    relations: list[Relation]
    estimates: list[Estimate]

    def thread(self) -> Thread:
        d = self.draft
        return Thread(
            id=d.id,
            kind=d.kind,
            actor=self.actor,
            actor_id=self.actor_id,
            country=d.country,
            location=self.location,
            split=d.split,
            key=d.key,
            claims=tuple(thread_claim(m) for m in d.members),
            relations=tuple(self.relations),
            estimates=tuple(self.estimates),
        )


def reconcile_unit(members: Sequence[Member], decisions: Sequence[Decision], rules: ReconcileRules) -> list[Reconciled]:
    drafts = apply(assign(members), decisions)
    ordered = sorted(drafts.values(), key=lambda d: d.id)
    for d in ordered:
        d.members.sort(key=order)
    relations = {d.id: thread_relations(d, rules) for d in ordered}
    for r in metric_relations(ordered, rules):
        relations[r.thread_a].append(r)
        relations[r.thread_b].append(r)
    out: list[Reconciled] = []
    for d in ordered:
        actor, actor_id = d.actor()
        out.append(Reconciled(d, actor, actor_id, d.location(), relations[d.id], thread_estimates(d)))
    return out


def thread_claim(m: Member) -> ThreadClaim:
    return ThreadClaim(
        claim_id=m.claim_id,
        article_id=m.article_id,
        as_of=m.as_of,
        origin=m.origin,
        evidence=m.evidence,
        value=m.value,
        value_low=m.value_low,
        value_high=m.value_high,
        approx=m.approx,
        modality=m.modality,
    )
