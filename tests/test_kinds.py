"""The kinds registry (data/kinds.yaml): every kind set in the code is derived from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.kinds import KINDS, KindRegistry, KindsError
from claimledger.model import CLAIM_KINDS
from claimledger.reconcile.rules import ReconcileRules


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"movement": True}, {"troops_deployed", "reinforcements", "withdrawn"}),
        ({"supply": True}, {"weapons_supplied"}),
        ({"agent": True}, {"troops_deployed", "reinforcements", "withdrawn", "weapons_supplied"}),
        ({"cumulative": True}, {"killed", "wounded", "killed_or_wounded", "captured", "missing"}),
        ({"threaded": False}, {"statement"}),
        ({"people": True, "movement": False}, {"killed", "wounded", "killed_or_wounded", "captured", "missing"}),
    ],
    ids=["movement", "supply", "agent", "cumulative", "unthreaded", "people-not-moving"],
)
def test_kind_sets_come_from_the_registry(flags: dict[str, bool], expected: set[str]) -> None:
    assert KINDS.where(**flags) == expected


def test_claim_kinds_are_the_registry_names_in_file_order() -> None:
    assert KINDS.names == CLAIM_KINDS
    assert CLAIM_KINDS[0] == "troops_deployed" and CLAIM_KINDS[-1] == "other_quantity"


def test_reconcile_rules_take_their_kind_sets_from_the_registry() -> None:
    rules = ReconcileRules.load()
    assert rules.thread_kinds == KINDS.where(threaded=True)
    assert rules.cumulative_kinds == KINDS.where(cumulative=True)
    assert rules.related_kinds("killed") == {"wounded", "killed_or_wounded"}
    assert rules.related_kinds("captured") == frozenset()


def test_a_user_file_adds_a_kind_and_extends_one(tmp_path: Path) -> None:
    extra = tmp_path / "kinds.yaml"
    extra.write_text(
        "detained:\n  label: detained\n  family: casualties\n  people: true\n  threaded: true\n"
        "captured:\n  metric: custody\n",
        encoding="utf-8",
    )
    registry = KindRegistry.load([extra])
    assert registry.names[-1] == "detained"
    assert "detained" in registry.where(people=True)
    assert frozenset({"captured"}) in registry.metric_families()
    assert registry["captured"].cumulative  # keys it does not name are kept


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("x: [1]", "mapping"),
        ("x: {label: x}", "label and a family"),
        ("x: {label: x, family: weather}", "family must be"),
        ("x: {label: x, family: other, people: 'yes'}", "true or false"),
        ("x: {label: x, family: other, colour: red}", "unknown properties"),
    ],
    ids=["not-a-mapping", "no-family", "bad-family", "flag-not-bool", "unknown-key"],
)
def test_a_malformed_kind_is_a_clear_error(tmp_path: Path, entry: str, message: str) -> None:
    extra = tmp_path / "kinds.yaml"
    extra.write_text(entry, encoding="utf-8")
    with pytest.raises(KindsError, match=message):
        KindRegistry.load([extra])


def test_check_names_the_kinds() -> None:
    assert KINDS.check("killed") == "killed"
    with pytest.raises(ValueError, match="unknown kind 'dead'"):
        KINDS.check("dead")
    with pytest.raises(TypeError):
        KINDS.where(colour=True)
