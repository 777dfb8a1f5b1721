"""Analyst review: accept, reject or edit a claim; merge or split threads; the audit log.

Every change is kept twice: as a decision (replayed by reconciliation and after re-extraction,
see reconcile/decisions.py) and as an audit entry saying who changed what, when, from what to what.
Edits change no field of a claim's identity but its kind (article, span and number words stay),
and a corrected kind keeps the extracted one beside it (`Claim.kind_extracted`), so a claim keeps
its id when corrected. An edit of the kind, actor or origin moves the claim between threads: the
article's units are reconciled again right after the edit (`reconcile`'s incremental run, the one
ingest uses), which takes the claim out of its old thread, puts it where its new kind, actor and
origin belong and recomputes both threads' relations and estimates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimledger.model import CLAIM_EDITABLE, Decision
from claimledger.reconcile import merge_threads as _merge
from claimledger.reconcile import reconcile
from claimledger.reconcile import split_thread as _split
from claimledger.reconcile.errors import UnknownClaim
from claimledger.review.edits import FIELDS, MAX_TEXT, ReviewError, check_order, coerce
from claimledger.review.resolve import columns_of, resolved
from claimledger.store import Store, Tables
from claimledger.store.claims import ClaimFacts
from claimledger.store.review import AuditEntry, ClaimReview

__all__ = [
    "EDITABLE", "MAX_TEXT", "TEXT_LIMITS", "ReviewError", "StaleEdit", "accept_claim", "audit_entries", "claim_reviews",
    "claim_version", "edit_claim", "merge_threads", "reapply_edits", "reject_claim", "split_thread",
]

# field -> kind of value (text, number, flag, time), and the column an edit writes: the claim's
# definition says which fields review may correct (`Edit` in claimledger.model.Claim).
EDITABLE: dict[str, str] = {e.name: e.kind for e in CLAIM_EDITABLE}
_COLUMN: dict[str, str] = {e.name: e.column for e in CLAIM_EDITABLE}
_KIND, _KIND_EXTRACTED = "kind", "kind_extracted"  # the columns a correction of the kind writes
TEXT_LIMITS: dict[str, int] = {e.name: e.length or MAX_TEXT for e in CLAIM_EDITABLE}


class StaleEdit(ReviewError):
    """The change was made against a version of the claim that another change has replaced."""


# Every change to a claim (accept, reject, edit) bumps its version. A caller that passes the
# `version` it showed the reviewer gets StaleEdit when someone changed the claim since; the
# version is taken first in the change's transaction, so the audit's "before" is read under it
# and is what the change replaced (see `Tables.review.take_claim`).


def accept_claim(store: Store, claim_id: str, user: str, note: str = "", version: int | None = None) -> AuditEntry:
    return _decide(store, claim_id, user, "accept", note, version)


def reject_claim(store: Store, claim_id: str, user: str, note: str = "", version: int | None = None) -> AuditEntry:
    """Leave a claim out of threads, relations and estimates (it stays in the ledger)."""
    return _decide(store, claim_id, user, "reject", note, version)


def _decide(store: Store, claim_id: str, user: str, action: str, note: str, version: int | None) -> AuditEntry:
    facts = _facts(store, claim_id)
    decision = Decision(action, claim_id=facts.id, article_id=facts.article_id, span_start=facts.span_start,
                        span_end=facts.span_end, number_text=facts.number_text, note=note)
    status = f"{action}ed"
    with store.begin() as tables:
        now = _take(tables, facts.id, version)
        before = _status(tables, facts.id)
        tables.review.add_decisions([decision])
        entry = tables.review.audit(user, action, "claim", facts.id, {"status": before}, {"status": status}, note)
    if action == "reject" or before == "rejected":  # out of threads, or back into them
        reconcile(store, [facts.article_id])
    return entry.at(now)


def edit_claim(
    store: Store, claim_id: str, changes: Mapping[str, Any], user: str, note: str = "", version: int | None = None
) -> AuditEntry:
    """Correct some fields of a claim; values may be strings as a form sends them. Each value is
    checked against the claim's definition (`claimledger.review.edits`)."""
    facts = _facts(store, claim_id)
    clean = {name: _checked(name, value) for name, value in changes.items()}
    if not clean:
        raise ReviewError("nothing to change")
    with store.begin() as tables:
        now = _take(tables, facts.id, version)
        stored = tables.review.claim_values(facts.id, [*_COLUMN.values(), _KIND_EXTRACTED])
        before = {name: stored[column] for name, column in _COLUMN.items()}
        after = {name: value for name, value in clean.items() if value != before[name]}
        if not after:
            raise ReviewError("the claim already has these values")
        check_order(before | after, set(after))
        written = _columns(after, stored)
        shown = {*_COLUMN.values(), _KIND_EXTRACTED}  # the audit keeps these under their fields' names
        extra = {c: v for c, v in written.items() if c not in shown}
        was = tables.review.claim_values(facts.id, list(extra)) if extra else {}
        tables.review.correct_claim(facts.id, written)
        decision = Decision("edit", claim_id=facts.id, article_id=facts.article_id, span_start=facts.span_start,
                            span_end=facts.span_end, number_text=facts.number_text, note=note,
                            changes=tuple(after.items()))
        tables.review.add_decisions([decision])
        # the audit keeps each field as the form shows it, and what resolving it wrote besides
        # (the actor's id and type, the origin's actor, the place and its coordinates)
        entry = tables.review.audit(user, "edit", "claim", facts.id,
                                    {n: before[n] for n in after} | ({"resolved": was} if was else {}),
                                    after | ({"resolved": extra} if extra else {}), note)
    reconcile(store, [facts.article_id])  # re-threads the claim, recomputes the estimates it touches
    return entry.at(now)


def claim_version(store: Store, claim_id: str) -> int:
    with store.connect() as tables:
        return tables.review.claim_version(claim_id)


def merge_threads(store: Store, target: str, source: str, user: str, note: str = "") -> AuditEntry:
    decision = _merge(store, target, source, note)
    with store.begin() as tables:
        return tables.review.audit(user, "merge", "thread", decision.thread,
                                   {"threads": [decision.thread, decision.other_thread]}, {"thread": decision.thread}, note)


def split_thread(
    store: Store, thread: str, claim_ids: Sequence[str], label: str, user: str, note: str = ""
) -> AuditEntry:
    made = _split(store, thread, claim_ids, label, note)
    with store.begin() as tables:
        return tables.review.audit(user, "split", "thread", made[0].thread, {"thread": made[0].thread},
                                   {"label": label.strip(), "claims": [d.claim_id for d in made]}, note)


def reapply_edits(store: Store, article_ids: Iterable[str]) -> int:
    """After re-extraction: the analysts' edits find their claims again (by id, else by span) and
    apply once more, in the order they were made. Returns how many were applied."""
    applied = 0
    with store.begin() as tables:
        for d in tables.review.decisions("edit", list(article_ids)):
            target = tables.review.find_again(d)
            if target is None or not d.changes:
                continue
            changes = {}
            for name, value in d.changes:
                if name in FIELDS:
                    try:
                        changes[name] = resolved(FIELDS[name], value)
                    except ReviewError:
                        continue  # the registry or knowledge base no longer knows it: keep the extracted value
            if not changes:
                continue
            stored = tables.review.claim_values(target, [_KIND, _KIND_EXTRACTED])
            tables.review.correct_claim(target, _columns(changes, stored))
            applied += 1
    return applied


def claim_reviews(store: Store, claim_ids: Sequence[str]) -> dict[str, ClaimReview]:
    """The review state of these claims (the latest accept or reject decides)."""
    with store.connect() as tables:
        return tables.review.claim_reviews(claim_ids)


def audit_entries(store: Store, target_ids: Sequence[str] | None = None, limit: int = 200) -> list[AuditEntry]:
    with store.connect() as tables:
        return tables.review.audit_entries(target_ids, limit)


# -- helpers ------------------------------------------------------------------------------------


def _facts(store: Store, claim_id: str) -> ClaimFacts:
    with store.connect() as tables:
        found = tables.claims.facts_by_id([claim_id.strip()])
    if not found:
        raise UnknownClaim(f"no claim has id {claim_id!r}")
    return found[0]


def _take(tables: Tables, claim_id: str, version: int | None) -> int:
    taken = tables.review.take_claim(claim_id, version)
    if taken is None:
        raise StaleEdit(f"claim {claim_id} was changed since version {version}: reload it and make the change again")
    return taken


def _status(tables: Tables, claim_id: str) -> str | None:
    review = tables.review.claim_reviews([claim_id]).get(claim_id)
    return review.status if review else None


def _checked(name: str, value: Any) -> Any:
    """The value to store for `name` (coerced to its kind of value, then resolved)."""
    coerced = coerce(name, value)  # first: it refuses a field that cannot be edited
    return resolved(FIELDS[name], coerced)


def _columns(changes: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """Column -> value for these changes; a new kind keeps the extracted one (the id's)."""
    written: dict[str, Any] = {}
    for name, value in changes.items():
        written |= columns_of(FIELDS[name], value)
    if _KIND in changes:
        written[_KIND_EXTRACTED] = stored[_KIND_EXTRACTED] or stored[_KIND]
    return written
