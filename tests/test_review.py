"""Review in the library: edits that outlive re-extraction, the audit log, users and tokens."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select
from typer.testing import CliRunner
from webledger import build

from claimledger.cli import app
from claimledger.model import Span
from claimledger.reconcile import UnknownClaim, threads
from claimledger.review import ReviewError, accept_claim, audit_entries, claim_reviews, edit_claim, reapply_edits
from claimledger.store import ClaimFilter, Store
from claimledger.store.schema import tokens
from claimledger.review.users import UserError, add_user, create_token, user_for_token


def test_an_edit_outlives_reextraction_that_changes_the_claim_id(store: Store) -> None:
    arts = build(store)
    [original] = store.claims(ClaimFilter(article_id=arts["two"].id))
    edit_claim(store, original.id, {"value": "4500", "subject": "Northland infantry"}, "alice", "units named")
    # a new extractor reads the same span with other number words: the id changes, the span does not
    renewed = dataclasses.replace(original, number_text="5000", extractor_version="t2")
    assert renewed.id != original.id
    store.replace_claims(arts["two"].id, [renewed], "t2")
    assert store.claims(ClaimFilter(article_id=arts["two"].id))[0].value == 5000
    assert reapply_edits(store, [arts["two"].id]) == 1
    [now] = store.claims(ClaimFilter(article_id=arts["two"].id))
    assert (now.id, now.value, now.subject) == (renewed.id, 4500, "Northland infantry")


def test_an_edit_follows_a_moved_span_with_the_same_number_words(store: Store) -> None:
    arts = build(store)
    [original] = store.claims(ClaimFilter(article_id=arts["one"].id))
    edit_claim(store, original.id, {"time": "2025-01-15"}, "alice")
    moved = dataclasses.replace(original, span=Span(original.span.start, original.span.end - 3))
    store.replace_claims(arts["one"].id, [moved], "t2")
    reapply_edits(store, [arts["one"].id])
    assert store.claims(ClaimFilter(article_id=arts["one"].id))[0].time == "2025-01-15"


def test_edits_change_the_thread_estimates(store: Store) -> None:
    arts = build(store)
    [claim] = store.claims(ClaimFilter(article_id=arts["three"].id))
    edit_claim(store, claim.id, {"value": "7,500"}, "alice")
    [troops] = [t for t in threads(store) if t.kind == "troops_deployed"]
    assert troops.estimates[-1].best == 7500


def test_audit_log_says_who_when_before_and_after(store: Store) -> None:
    arts = build(store)
    [claim] = store.claims(ClaimFilter(article_id=arts["one"].id))
    edit_claim(store, claim.id, {"hedged": "on", "unit": "soldiers"}, "alice")
    accept_claim(store, claim.id, "bob", "checked against the ministry's statement")
    edit_entry, accept_entry = sorted(audit_entries(store, [claim.id]), key=lambda e: e.id)
    assert edit_entry.user == "alice" and edit_entry.before == {"hedged": False, "unit": None}
    assert edit_entry.after == {"hedged": True, "unit": "soldiers"}
    assert accept_entry.user == "bob"
    assert accept_entry.after == {"status": "accepted", "note": "checked against the ministry's statement"}
    assert accept_entry.created >= edit_entry.created
    review = claim_reviews(store, [claim.id])[claim.id]
    assert review.status == "accepted" and review.edited


def test_an_edit_to_the_same_values_or_an_unknown_claim_is_refused(store: Store) -> None:
    arts = build(store)
    [claim] = store.claims(ClaimFilter(article_id=arts["one"].id))
    with pytest.raises(ReviewError, match="already has"):
        edit_claim(store, claim.id, {"value": "3000"}, "alice")
    with pytest.raises(UnknownClaim):
        edit_claim(store, "0" * 24, {"value": "1"}, "alice")
    assert audit_entries(store) == []


def test_tokens_are_kept_only_as_digests(store: Store) -> None:
    add_user(store, "alice")
    token = create_token(store, "alice")
    assert user_for_token(store, token) == "alice"
    assert user_for_token(store, token + "x") is None and user_for_token(store, "") is None
    with store.engine.connect() as conn:
        stored = list(conn.scalars(select(tokens.c.digest)))
    assert token not in stored and len(stored) == 1


@pytest.mark.parametrize("name", ["", "has space", "<b>", "x" * 65])
def test_bad_user_names_are_refused(store: Store, name: str) -> None:
    with pytest.raises(UserError):
        add_user(store, name)


def test_users_and_tokens_from_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    assert runner.invoke(app, ["users", "add", "alice", "--db", db]).exit_code == 0
    again = runner.invoke(app, ["users", "add", "alice", "--db", db])
    assert again.exit_code == 2 and "already exists" in again.output
    made = runner.invoke(app, ["tokens", "create", "alice", "--db", db])
    assert made.exit_code == 0 and len(made.output.strip()) >= 40
    missing = runner.invoke(app, ["tokens", "create", "bob", "--db", db])
    assert missing.exit_code == 2 and "no user 'bob'" in missing.output
    assert runner.invoke(app, ["users", "list", "--db", db]).output.split() == ["alice"]
    assert runner.invoke(app, ["serve", "--db", db, "--port", "0"]).exit_code == 2


def test_the_migrations_create_every_index_the_schema_declares(store: Store) -> None:
    from sqlalchemy import inspect

    from claimledger.store.schema import metadata

    found = inspect(store.engine)
    for table in metadata.sorted_tables:
        declared = {i.name for i in table.indexes}
        assert declared <= {i["name"] for i in found.get_indexes(table.name)}, table.name
