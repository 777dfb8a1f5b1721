"""Analysts' decisions, their corrections to claims and the audit log (the rules of review are
`claimledger.review`'s; this is where they are kept)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from claimledger.model import Decision
from claimledger.store.schema import audit_log, claim_versions, claims, decisions

CHUNK = 500  # ids per IN (...) clause


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
    version: int | None = None  # of the claim after this change, when the change just made it

    def at(self, version: int) -> AuditEntry:
        return dataclasses.replace(self, version=version)

    def to_json(self) -> dict[str, Any]:
        found = {"id": self.id, "user": self.user, "action": self.action, "target_type": self.target_type,
                 "target_id": self.target_id, "before": self.before, "after": self.after,
                 "created": self.created.isoformat()}
        return found | ({"version": self.version} if self.version is not None else {})


@dataclass(frozen=True, slots=True)
class ClaimReview:
    status: str | None  # "accepted", "rejected" or None (not reviewed)
    edited: bool


class ReviewTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- decisions ---------------------------------------------------------------------------------

    def add_decisions(self, items: Sequence[Decision]) -> None:
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                "action": d.action,
                "thread_id": d.thread,
                "other_thread_id": d.other_thread,
                "thread_key": d.thread_key,
                "other_thread_key": d.other_thread_key,
                "claim_id": d.claim_id,
                "article_id": d.article_id,
                "span_start": d.span_start,
                "span_end": d.span_end,
                "number_text": d.number_text,
                "label": d.label,
                "note": d.note,
                "created_at": d.created or now,
                "changes": json.dumps(dict(d.changes)) if d.changes else None,
            }
            for d in items
        ]
        if rows:
            self.conn.execute(insert(decisions), rows)

    def decisions(self, action: str | None = None, article_ids: Sequence[str] | None = None) -> list[Decision]:
        """Decisions in the order they were made: all, or those of one action and these articles."""
        query = select(decisions).order_by(decisions.c.id)
        if action is not None:
            query = query.where(decisions.c.action == action)
        if article_ids is None:
            return [_decision(r) for r in self.conn.execute(query)]
        wanted = sorted(set(article_ids))
        found: list[Decision] = []
        for i in range(0, len(wanted), CHUNK):
            found += [_decision(r) for r in self.conn.execute(query.where(decisions.c.article_id.in_(wanted[i : i + CHUNK])))]
        return sorted(found, key=lambda d: d.id or 0)

    def claim_reviews(self, claim_ids: Sequence[str]) -> dict[str, ClaimReview]:
        """The review state of these claims (the latest accept or reject decides)."""
        found: dict[str, ClaimReview] = {}
        for chunk in (list(claim_ids)[i : i + CHUNK] for i in range(0, len(claim_ids), CHUNK)):
            query = (select(decisions.c.claim_id, decisions.c.action)
                     .where(decisions.c.claim_id.in_(chunk), decisions.c.action.in_(("accept", "reject", "edit")))
                     .order_by(decisions.c.id))
            for claim_id, action in self.conn.execute(query):
                old = found.get(claim_id, ClaimReview(None, False))
                if action == "edit":
                    found[claim_id] = ClaimReview(old.status, True)
                else:
                    found[claim_id] = ClaimReview("accepted" if action == "accept" else "rejected", old.edited)
        return found

    # -- versions of claims (optimistic concurrency) ------------------------------------------------

    def claim_version(self, claim_id: str) -> int:
        """How many review changes the claim has had (0: none)."""
        return int(self.conn.scalar(select(claim_versions.c.version).where(claim_versions.c.claim_id == claim_id)) or 0)

    def take_claim(self, claim_id: str, expected: int | None) -> int | None:
        """Claim the right to change a claim in this transaction: bumps its version (if it is
        still `expected`, when given) and returns the new one, or None when another change got
        there first. The first statement of its transaction, so it holds the claim (PostgreSQL:
        its version's row lock; SQLite: the write lock) before anything about it is read: what the
        caller reads next is what it changes, and a concurrent change waits, then finds the
        version moved on."""
        ignore = postgresql.insert if self.conn.dialect.name == "postgresql" else sqlite.insert
        self.conn.execute(ignore(claim_versions).values(claim_id=claim_id, version=0).on_conflict_do_nothing())
        where = [claim_versions.c.claim_id == claim_id]
        if expected is not None:
            where.append(claim_versions.c.version == expected)
        bumped = self.conn.execute(update(claim_versions).where(*where).values(version=claim_versions.c.version + 1))
        return self.claim_version(claim_id) if bumped.rowcount else None

    def bump_versions(self, claim_ids: Sequence[str]) -> None:
        """A change to these claims other than review's (re-extraction): the versions review has
        given them move on."""
        for i in range(0, len(claim_ids), CHUNK):
            self.conn.execute(update(claim_versions).where(claim_versions.c.claim_id.in_(claim_ids[i : i + CHUNK]))
                              .values(version=claim_versions.c.version + 1))

    # -- corrections to claims ---------------------------------------------------------------------

    def claim_values(self, claim_id: str, columns: Sequence[str]) -> dict[str, Any]:
        """These columns of a claim, as stored."""
        row = self.conn.execute(select(*[claims.c[c] for c in columns]).where(claims.c.id == claim_id)).one()
        return {c: row[i] for i, c in enumerate(columns)}

    def correct_claim(self, claim_id: str, values: Mapping[str, Any]) -> None:
        """Set these columns of a claim (never those of its identity: see `claimledger.review`)."""
        self.conn.execute(update(claims).where(claims.c.id == claim_id).values(dict(values)))

    def find_again(self, d: Decision) -> str | None:
        """The claim a decision was about, after re-extraction: by id, else by its span, else by
        an overlapping span with the same number words."""
        if d.claim_id and self.conn.scalar(select(claims.c.id).where(claims.c.id == d.claim_id)):
            return d.claim_id
        if d.span_start is None or d.span_end is None:
            return None
        rows = self.conn.execute(select(claims.c.id, claims.c.span_start, claims.c.span_end, claims.c.number_text)
                                 .where(claims.c.article_id == d.article_id)).all()
        for r in rows:
            if (r.span_start, r.span_end) == (d.span_start, d.span_end):
                return str(r.id)
        for r in rows:
            if (r.span_start < d.span_end and d.span_start < r.span_end and d.number_text
                    and r.number_text == d.number_text):
                return str(r.id)
        return None

    # -- the audit log -----------------------------------------------------------------------------

    def audit(self, user: str, action: str, target_type: str, target_id: str,
              before: dict[str, Any], after: dict[str, Any], note: str = "") -> AuditEntry:
        now = dt.datetime.now(dt.UTC)
        if note.strip():
            after = after | {"note": note.strip()}
        row = {"user_name": user, "action": action, "target_type": target_type, "target_id": target_id,
               "before": json.dumps(before), "after": json.dumps(after), "created_at": now}
        new_id = self.conn.execute(insert(audit_log).values(row)).inserted_primary_key
        return AuditEntry(int(new_id[0]) if new_id else 0, user, action, target_type, target_id, before, after, now)

    def audit_entries(self, target_ids: Sequence[str] | None = None, limit: int = 200) -> list[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if target_ids is not None:
            query = query.where(audit_log.c.target_id.in_(list(target_ids)[:CHUNK]))
        return [
            AuditEntry(r.id, r.user_name, r.action, r.target_type, r.target_id, json.loads(r.before),
                       json.loads(r.after), r.created_at)
            for r in self.conn.execute(query)
        ]


def _decision(r: Any) -> Decision:
    return Decision(
        action=r.action,
        thread=r.thread_id,
        other_thread=r.other_thread_id,
        thread_key=r.thread_key,
        other_thread_key=r.other_thread_key,
        claim_id=r.claim_id,
        article_id=r.article_id,
        span_start=r.span_start,
        span_end=r.span_end,
        number_text=r.number_text,
        label=r.label,
        note=r.note,
        id=r.id,
        created=r.created_at,
        changes=tuple(json.loads(r.changes).items()) if r.changes else (),
    )
