"""Analyst review: accept, reject or edit a claim; merge or split threads; the audit log.

Every change is kept twice: as a decision (replayed by reconciliation and after re-extraction,
see reconcile/decisions.py) and as an audit entry saying who changed what, when, from what to what.
Edits change only fields that do not make up a claim's identity (its article, span, kind and
number words), so a claim keeps its id when corrected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.model import CLAIM_EDITABLE, Decision
from claimledger.reconcile import merge_threads as _merge
from claimledger.reconcile import reconcile
from claimledger.reconcile import reject_claim as _reject
from claimledger.reconcile import split_thread as _split
from claimledger.reconcile.errors import UnknownClaim
from claimledger.store import Store
from claimledger.store.claims import ClaimFacts
from claimledger.store.review import AuditEntry, ClaimReview

# field -> kind of value (text, number, flag, time), and the column an edit writes: the claim's
# definition says which fields review may correct (`Edit` in claimledger.model.Claim).
EDITABLE: dict[str, str] = {e.name: e.kind for e in CLAIM_EDITABLE}
_COLUMN: dict[str, str] = {e.name: e.column for e in CLAIM_EDITABLE}
_REQUIRED = frozenset(e.name for e in CLAIM_EDITABLE if e.required)
_TIME = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}(-\d{2}(-\d{2})?)?|\.\.))?$")
MAX_TEXT = 500


class ReviewError(ClaimledgerError):
    """A review change cannot be made: bad field, bad value, unknown claim or thread."""


def accept_claim(store: Store, claim_id: str, user: str, note: str = "") -> AuditEntry:
    facts = _facts(store, claim_id)
    before = _status(store, facts.id)
    decision = Decision("accept", claim_id=facts.id, article_id=facts.article_id, span_start=facts.span_start,
                        span_end=facts.span_end, number_text=facts.number_text, note=note)
    with store.begin() as tables:
        tables.review.add_decisions([decision])
        entry = tables.review.audit(user, "accept", "claim", facts.id, {"status": before}, {"status": "accepted"}, note)
    if before == "rejected":  # back into threads
        reconcile(store, [facts.article_id])
    return entry


def reject_claim(store: Store, claim_id: str, user: str, note: str = "") -> AuditEntry:
    facts = _facts(store, claim_id)
    before = _status(store, facts.id)
    _reject(store, facts.id, note)
    with store.begin() as tables:
        return tables.review.audit(user, "reject", "claim", facts.id, {"status": before}, {"status": "rejected"}, note)


def edit_claim(store: Store, claim_id: str, changes: Mapping[str, Any], user: str, note: str = "") -> AuditEntry:
    """Correct some fields of a claim; values may be strings as a form sends them."""
    facts = _facts(store, claim_id)
    clean = {name: _coerce(name, value) for name, value in changes.items()}
    if not clean:
        raise ReviewError("nothing to change")
    columns = {name: _COLUMN[name] for name in clean}
    with store.begin() as tables:
        stored = tables.review.claim_values(facts.id, list(columns.values()))
        before = {name: stored[column] for name, column in columns.items()}
        after = {name: clean[name] for name in columns if clean[name] != before[name]}
        if not after:
            raise ReviewError("the claim already has these values")
        tables.review.correct_claim(facts.id, {columns[n]: v for n, v in after.items()})
        decision = Decision("edit", claim_id=facts.id, article_id=facts.article_id, span_start=facts.span_start,
                            span_end=facts.span_end, number_text=facts.number_text, note=note,
                            changes=tuple(after.items()))
        tables.review.add_decisions([decision])
        entry = tables.review.audit(user, "edit", "claim", facts.id, {n: before[n] for n in after}, after, note)
    reconcile(store, [facts.article_id])
    return entry


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
            tables.review.correct_claim(target, {_COLUMN[k]: v for k, v in d.changes if k in EDITABLE})
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


def _status(store: Store, claim_id: str) -> str | None:
    review = claim_reviews(store, [claim_id]).get(claim_id)
    return review.status if review else None


def _coerce(name: str, value: Any) -> Any:
    kind = EDITABLE.get(name)
    if kind is None:
        raise ReviewError(f"field {name!r} cannot be edited; editable: {', '.join(EDITABLE)}")
    if kind == "flag":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in ("true", "false", "on", "off", "1", "0", "yes", "no"):
            raise ReviewError(f"{name} must be true or false, not {value!r}")
        return text in ("true", "on", "1", "yes")
    if value is None or (isinstance(value, str) and not value.strip()):
        if name in _REQUIRED:
            raise ReviewError(f"{name} cannot be empty")
        return None
    if kind == "number":
        try:
            number = float(str(value).replace(",", "").strip())
        except ValueError as exc:
            raise ReviewError(f"{name} must be a number, not {value!r}") from exc
        if number != number or number in (float("inf"), float("-inf")) or number < 0:
            raise ReviewError(f"{name} must be a finite number of zero or more")
        return number
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT:
        raise ReviewError(f"{name} is longer than {MAX_TEXT} characters")
    if kind == "time" and not _TIME.match(text):
        raise ReviewError(f"time must be ISO 8601 like 2024, 2024-05, 2024-05-03 or 2024-01/2024-03, not {text!r}")
    return text
