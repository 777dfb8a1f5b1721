"""Analyst review: accept, reject or edit a claim; merge or split threads; the audit log.

Every change is kept twice: as a decision (replayed by reconciliation and after re-extraction,
see reconcile/decisions.py) and as an audit entry saying who changed what, when, from what to what.
Edits change only fields that do not make up a claim's identity (its article, span, kind and
number words), so a claim keeps its id when corrected.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from claimledger.errors import ClaimledgerError
from claimledger.model import Decision
from claimledger.reconcile import merge_threads as _merge
from claimledger.reconcile import reconcile
from claimledger.reconcile import reject_claim as _reject
from claimledger.reconcile import split_thread as _split
from claimledger.reconcile.errors import UnknownClaim
from claimledger.store import Store
from claimledger.store import threads as tables
from claimledger.store.schema import audit_log, claims, decisions

# field -> kind of value; the claim column has the same name except `location` (location_text)
EDITABLE: dict[str, str] = {
    "subject": "text", "value": "number", "value_low": "number", "value_high": "number",
    "approx": "flag", "unit": "text", "location": "text", "time": "time", "hedged": "flag",
}
_COLUMN = {"location": "location_text"}
_TIME = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}(-\d{2}(-\d{2})?)?|\.\.))?$")
MAX_TEXT = 500


class ReviewError(ClaimledgerError):
    """A review change cannot be made: bad field, bad value, unknown claim or thread."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    user: str
    action: str
    target_type: str
    target_id: str
    before: dict[str, Any]
    after: dict[str, Any]
    created: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "user": self.user, "action": self.action, "target_type": self.target_type,
                "target_id": self.target_id, "before": self.before, "after": self.after,
                "created": self.created.isoformat()}


@dataclass(frozen=True, slots=True)
class ClaimReview:
    status: str | None  # "accepted", "rejected" or None (not reviewed)
    edited: bool


def accept_claim(store: Store, claim_id: str, user: str, note: str = "") -> AuditEntry:
    facts = _facts(store, claim_id)
    before = _status(store, facts.id)
    decision = Decision("accept", claim_id=facts.id, article_id=facts.article_id, span_start=facts.span_start,
                        span_end=facts.span_end, number_text=facts.number_text, note=note)
    with store.engine.begin() as conn:
        tables.add_decisions(conn, [decision])
        entry = _audit(conn, user, "accept", "claim", facts.id, {"status": before}, {"status": "accepted"}, note)
    if before == "rejected":  # back into threads
        reconcile(store, [facts.article_id])
    return entry


def reject_claim(store: Store, claim_id: str, user: str, note: str = "") -> AuditEntry:
    facts = _facts(store, claim_id)
    before = _status(store, facts.id)
    _reject(store, facts.id, note)
    with store.engine.begin() as conn:
        return _audit(conn, user, "reject", "claim", facts.id, {"status": before}, {"status": "rejected"}, note)


def edit_claim(store: Store, claim_id: str, changes: Mapping[str, Any], user: str, note: str = "") -> AuditEntry:
    """Correct some fields of a claim; values may be strings as a form sends them."""
    facts = _facts(store, claim_id)
    clean = {name: _coerce(name, value) for name, value in changes.items()}
    if not clean:
        raise ReviewError("nothing to change")
    columns = {name: _COLUMN.get(name, name) for name in clean}
    with store.engine.begin() as conn:
        row = conn.execute(select(*[claims.c[c] for c in columns.values()]).where(claims.c.id == facts.id)).one()
        before = {name: row[i] for i, name in enumerate(columns)}
        after = {name: clean[name] for name in columns if clean[name] != before[name]}
        if not after:
            raise ReviewError("the claim already has these values")
        conn.execute(update(claims).where(claims.c.id == facts.id).values({columns[n]: v for n, v in after.items()}))
        decision = Decision("edit", claim_id=facts.id, article_id=facts.article_id, span_start=facts.span_start,
                            span_end=facts.span_end, number_text=facts.number_text, note=note,
                            changes=tuple(after.items()))
        tables.add_decisions(conn, [decision])
        entry = _audit(conn, user, "edit", "claim", facts.id, {n: before[n] for n in after}, after, note)
    reconcile(store, [facts.article_id])
    return entry


def merge_threads(store: Store, target: str, source: str, user: str, note: str = "") -> AuditEntry:
    decision = _merge(store, target, source, note)
    with store.engine.begin() as conn:
        return _audit(conn, user, "merge", "thread", decision.thread,
                      {"threads": [decision.thread, decision.other_thread]}, {"thread": decision.thread}, note)


def split_thread(
    store: Store, thread: str, claim_ids: Sequence[str], label: str, user: str, note: str = ""
) -> AuditEntry:
    made = _split(store, thread, claim_ids, label, note)
    with store.engine.begin() as conn:
        return _audit(conn, user, "split", "thread", made[0].thread, {"thread": made[0].thread},
                      {"label": label.strip(), "claims": [d.claim_id for d in made]}, note)


def reapply_edits(store: Store, article_ids: Iterable[str]) -> int:
    """After re-extraction: the analysts' edits find their claims again (by id, else by span) and
    apply once more, in the order they were made. Returns how many were applied."""
    wanted = sorted(set(article_ids))
    applied = 0
    with store.engine.begin() as conn:
        for chunk in (wanted[i : i + 500] for i in range(0, len(wanted), 500)):
            query = (select(decisions).where(decisions.c.action == "edit", decisions.c.article_id.in_(chunk))
                     .order_by(decisions.c.id))
            for d in conn.execute(query).all():
                target = _find_again(conn, d)
                if target is None or not d.changes:
                    continue
                values = {_COLUMN.get(k, k): v for k, v in json.loads(d.changes).items() if k in EDITABLE}
                conn.execute(update(claims).where(claims.c.id == target).values(values))
                applied += 1
    return applied


def claim_reviews(store: Store, claim_ids: Sequence[str]) -> dict[str, ClaimReview]:
    """The review state of these claims (the latest accept or reject decides)."""
    found: dict[str, ClaimReview] = {}
    with store.engine.connect() as conn:
        for chunk in (list(claim_ids)[i : i + 500] for i in range(0, len(claim_ids), 500)):
            query = (select(decisions.c.claim_id, decisions.c.action)
                     .where(decisions.c.claim_id.in_(chunk), decisions.c.action.in_(("accept", "reject", "edit")))
                     .order_by(decisions.c.id))
            for claim_id, action in conn.execute(query):
                old = found.get(claim_id, ClaimReview(None, False))
                if action == "edit":
                    found[claim_id] = ClaimReview(old.status, True)
                else:
                    found[claim_id] = ClaimReview("accepted" if action == "accept" else "rejected", old.edited)
    return found


def audit_entries(store: Store, target_ids: Sequence[str] | None = None, limit: int = 200) -> list[AuditEntry]:
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if target_ids is not None:
        query = query.where(audit_log.c.target_id.in_(list(target_ids)[:500]))
    with store.engine.connect() as conn:
        return [
            AuditEntry(r.id, r.user_name, r.action, r.target_type, r.target_id, json.loads(r.before),
                       json.loads(r.after), r.created_at)
            for r in conn.execute(query)
        ]


# -- helpers ------------------------------------------------------------------------------------


def _facts(store: Store, claim_id: str) -> tables.ClaimFacts:
    with store.engine.connect() as conn:
        found = tables.claim_facts_by_id(conn, [claim_id.strip()])
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
        if name == "subject":
            raise ReviewError("subject cannot be empty")
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


def _audit(conn: Connection, user: str, action: str, target_type: str, target_id: str,
           before: dict[str, Any], after: dict[str, Any], note: str = "") -> AuditEntry:
    now = dt.datetime.now(dt.UTC)
    if note.strip():
        after = after | {"note": note.strip()}
    row = {"user_name": user, "action": action, "target_type": target_type, "target_id": target_id,
           "before": json.dumps(before), "after": json.dumps(after), "created_at": now}
    new_id = conn.execute(insert(audit_log).values(row)).inserted_primary_key
    return AuditEntry(int(new_id[0]) if new_id else 0, user, action, target_type, target_id, before, after, now)


def _find_again(conn: Connection, d: Any) -> str | None:
    if d.claim_id and conn.scalar(select(claims.c.id).where(claims.c.id == d.claim_id)):
        return str(d.claim_id)
    if d.span_start is None or d.span_end is None:
        return None
    rows = conn.execute(select(claims.c.id, claims.c.span_start, claims.c.span_end, claims.c.number_text)
                        .where(claims.c.article_id == d.article_id)).all()
    for r in rows:
        if (r.span_start, r.span_end) == (d.span_start, d.span_end):
            return str(r.id)
    for r in rows:
        if r.span_start < d.span_end and d.span_start < r.span_end and d.number_text and r.number_text == d.number_text:
            return str(r.id)
    return None
