"""`claimledger threads`, `reconcile`, the analyst commands and the report's thread sections,
on a ledger built in code (no spaCy)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.model import Attribution
from claimledger.reconcile import reconcile
from claimledger.output.report import build_report, render_html, render_markdown
from claimledger.store import open_store
from test_reconcile import GUR, WEST, article, claim


@pytest.fixture()
def db(db_url: str) -> str:
    store = open_store(db_url)
    a1, a2, a3 = article(1, "2024-11-04"), article(2, "2025-02-10"), article(3, "2025-02-12")
    army = Attribution("Kinshasa <script>alert(1)</script>")
    store.write(
        [
            (a1, [claim(a1, 11000, attribution=GUR)]),
            (a2, [claim(a2, 11000, attribution=WEST, time="2025-01"), claim(a2, 1000, "killed", attribution=WEST, start=30)]),
            (a3, [claim(a3, 4000, "killed", attribution=army, time="2025-01")]),
        ],
        "t",
    )
    reconcile(store)
    store.close()
    return db_url


def run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--db", db])
    return result.exit_code, result.output


def _threads(db: str) -> list[dict]:
    code, output = run(db, "threads", "--format", "json")
    assert code == 0, output
    return json.loads(output)


def test_threads_json_follows_the_contract(db: str) -> None:
    data = _threads(db)
    deployed = next(t for t in data if t["kind"] == "troops_deployed")
    assert {"id", "kind", "actor", "location", "claims", "relations", "estimates"} <= set(deployed)
    assert deployed["actor"] == "North Korea" and deployed["location"] == "Russia"
    assert [r["relation"] for r in deployed["relations"]] == ["corroborates"]
    assert deployed["estimates"][-1] | {"origins": None} == {
        "as_of": "2025-01", "low": 11000, "best": 11000, "high": 11000, "origins": None,
        "claims": deployed["estimates"][-1]["claims"], "outliers": [],
    }
    code, table = run(db, "threads")
    assert code == 0 and "troops_deployed" in table and "corroborates" in table


def test_reconcile_command_rebuilds(db: str) -> None:
    code, output = run(db, "reconcile")
    assert code == 0 and "reconciled 4 claims into 2 threads" in output, output


def test_analyst_commands(db: str) -> None:
    data = _threads(db)
    killed = next(t for t in data if t["kind"] == "killed")
    deployed = next(t for t in data if t["kind"] == "troops_deployed")
    assert [r["relation"] for r in killed["relations"]] == ["conflicts"]
    bad = next(c["id"] for c in killed["claims"] if c["value"] == 4000)
    code, output = run(db, "reject-claim", bad[:10], "--note", "misread")
    assert code == 0, output
    killed = next(t for t in _threads(db) if t["kind"] == "killed")
    assert [c["value"] for c in killed["claims"]] == [1000] and killed["relations"] == []
    first = deployed["claims"][0]["id"]
    code, output = run(db, "split-thread", deployed["id"], first, "--label", "early count")
    assert code == 0, output
    assert sorted(t["split"] or "" for t in _threads(db) if t["kind"] == "troops_deployed") == ["", "early count"]
    split = next(t for t in _threads(db) if t["split"] == "early count")
    code, output = run(db, "merge-threads", deployed["id"], split["id"])
    assert code == 0, output
    assert [len(t["claims"]) for t in _threads(db) if t["kind"] == "troops_deployed"] == [2]
    assert run(db, "merge-threads", deployed["id"], "0000000000")[0] == 2
    assert run(db, "reject-claim", "zzzz")[0] == 2


def test_report_has_a_chart_per_thread_and_a_disputed_section(db: str) -> None:
    store = open_store(db)
    data = build_report(store)
    html = render_html(data)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert html.count("<svg") == len(data.threads) >= 2
    assert 'id="disputed"' in html and len(data.disputed) == 1
    md = render_markdown(data)
    assert "## Disputed (1)" in md and "## Threads" in md
    store.close()
